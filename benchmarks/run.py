"""Run every benchmark: `make bench` (or `python benchmarks/run.py`). Prints ratios to same-run baselines."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("bench_core", "bench_draft_check", "bench_page", "bench_journal")


def main() -> int:
    """Run every benchmark in turn."""
    # The benchmarks import each other's neighbours by name, and the page benchmark imports scripts/.
    sys.path[:0] = [str(HERE), str(HERE.parent)]
    for name in BENCHMARKS:
        print(f"== {name}")
        importlib.import_module(name).main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
