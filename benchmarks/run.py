"""Run every benchmark: `make bench` (or `python benchmarks/run.py`). Prints ratios to same-run baselines."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("bench_core", "bench_draft_check", "bench_page")


def main() -> int:
    for name in BENCHMARKS:
        path = HERE / f"{name}.py"
        if not path.exists():
            print(f"== {name}: not present, skipped")
            continue
        print(f"== {name}")
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
