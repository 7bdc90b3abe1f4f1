"""Whole-run benchmark: the sample inbox through `ami-intake run` cold, then with nothing new.

Prints wall time, CPU time and the CPU/wall ratio (2.0 would mean both cores busy), so the later
process-pool work has a baseline. Usage: `.venv/bin/python benchmarks/bench_run.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _timed_run(data_dir: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", "--data-dir", str(data_dir)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=900,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    messages = len(list((ROOT / "fixtures" / "sample_inbox").glob("*.eml")))
    for attempt in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory() as tmp:
            data_dir = Path(tmp)
            cold_wall, cold_cpu = _timed_run(data_dir)
            idle_wall, idle_cpu = _timed_run(data_dir)
        print(
            f"run {attempt}: {messages} messages cold {cold_wall:.1f} s wall, "
            f"{cold_cpu:.1f} s CPU (ratio {cold_cpu / cold_wall:.2f}), "
            f"{messages / cold_wall:.2f} messages/s; nothing new: {idle_wall:.1f} s wall"
        )


if __name__ == "__main__":
    main()
