"""Benchmark of the extraction: documents per second for each format of the labelled set.

Every document of fixtures/extraction_eval goes through `process_message` as in a run (MIME
parsing, format extractor, OCR for scans and photos, classification, field extraction), one at
a time in this process; text formats are repeated so their timing is not just noise.
Run: `OMP_THREAD_LIMIT=1 .venv/bin/python benchmarks/bench_extraction.py [--repeat 5] [--json f]`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract's threads fight each other on 2 cores

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate_extraction import DEFAULT_ROOT, load_labels, run_document  # noqa: E402
from pipeline.qpv import QpvIndex  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="Runs of each text document.")
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    args = parser.parse_args()

    known = tuple(sorted({entry.name for entry in QpvIndex.builtin().entries}))
    run_document(DEFAULT_ROOT, load_labels()[0], known)  # warm-up: imports, registries
    timings: dict[str, list[float]] = {}
    for label in load_labels():
        runs = 1 if label["scan"] else args.repeat
        started = time.perf_counter()
        for _ in range(runs):
            run_document(DEFAULT_ROOT, label, known)
        timings.setdefault(label["format"], []).append((time.perf_counter() - started) / runs)

    figures = {}
    print(f"{'Format':<16} {'doc.':>5} {'s/doc':>8} {'doc/s':>8}")
    for fmt, seconds in sorted(timings.items(), key=lambda item: sum(item[1]) / len(item[1])):
        mean = sum(seconds) / len(seconds)
        figures[fmt] = {"documents": len(seconds), "seconds_per_document": round(mean, 4),
                        "documents_per_second": round(1 / mean, 2)}  # fmt: skip
        print(f"{fmt:<16} {len(seconds):>5} {mean:>8.3f} {1 / mean:>8.2f}")
    total = sum(sum(s) for s in timings.values())
    count = sum(len(s) for s in timings.values())
    print(f"{'ensemble':<16} {count:>5} {total / count:>8.3f} {count / total:>8.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
