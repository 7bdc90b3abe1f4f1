"""Sources, orchestration, grouping, checks, store, report, exports and CLI of ami-intake."""

__all__: list[str] = []
