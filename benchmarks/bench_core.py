"""Speed of the core estimator, each figure a ratio to a baseline measured in the same run."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
from fast_scoring import score_frame
from threadpoolctl import threadpool_limits

from interview_signals.estimate.batch import columns_from_frame
from interview_signals.estimate.explain import explain
from interview_signals.estimate.features import FEATURE_NAMES, feature_matrix
from interview_signals.estimate.model import load
from interview_signals.observation import Observation
from interview_signals.prior.simulate import simulate

OBSERVATION = Observation(
    interview_date=date(2026, 11, 2),
    as_of=date(2026, 11, 20),
    scheduled_minutes=45,
    actual_minutes=70,
    role_selling="some",
    decision_expected_by=date(2026, 11, 13),
    follow_up_sent_on=date(2026, 11, 12),
    follow_up_reply="none",
)


def per_call(function: Callable[[], object], number: int, repeat: int = 7) -> float:
    """Median seconds per call over ``repeat`` batches of ``number`` calls."""
    return statistics.median(t / number for t in timeit.repeat(function, number=number, repeat=repeat))


def median_seconds(function: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` single calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, ours: float, baseline: float, unit: str, goal: float | None) -> dict[str, float | str | None]:
    """Print one figure as a ratio to its same-run baseline, with its goal if it has one, and return it as a row."""
    ratio = ours / baseline
    verdict = "" if goal is None else f"  (goal <= {goal:.2f}x: {'met' if ratio <= goal else 'NOT met'})"
    scale = {"us": 1e6, "ms": 1e3, "s": 1.0}[unit]
    print(f"  {name}: {ours * scale:.3g} {unit} vs {baseline * scale:.3g} {unit} -> {ratio:.2f}x{verdict}")
    return {"benchmark": name, "ours": ours, "baseline": baseline, "ratio": ratio, "goal": goal}


def single_estimate() -> list[dict[str, float | str | None]]:
    """One in-process estimate against scikit-learn's predict_proba on one row and a bare dot + logistic."""
    from sklearn.linear_model import LogisticRegression

    model = load()
    rng = np.random.default_rng(0)
    x = rng.random((500, len(FEATURE_NAMES)))
    sklearn_model = LogisticRegression().fit(x, rng.random(500) < 0.4)
    one_row = x[:1]
    row = np.array(x[0])

    def bare() -> float:
        return float(1.0 / (1.0 + np.exp(-(row @ model.coefficients + model.intercept))))

    ours = per_call(lambda: explain(model, OBSERVATION), number=2_000)
    print("1. one in-process estimate (probability, interval, contributions with text):")
    return [
        report(
            "vs sklearn predict_proba, one row",
            ours,
            per_call(lambda: sklearn_model.predict_proba(one_row), 2_000),
            "us",
            0.25,
        ),
        report("vs bare numpy dot + sigmoid", ours, per_call(bare, 20_000), "us", None),
    ]


def batch_scoring(rows: int) -> list[dict[str, float | str | None]]:
    """Scoring ``rows`` raw observations against a matrix product over their finished features."""
    model = load()
    frame = simulate(rows, seed=1).drop(columns=["outcome", "true_probability"])
    matrix = feature_matrix(columns_from_frame(frame))

    def baseline() -> object:
        return 1.0 / (1.0 + np.exp(-(matrix @ model.coefficients + model.intercept)))

    score_frame(model, frame)  # warm the holiday tables, as a long-running scorer would be
    print(f"2. batch scoring of {rows:,} raw observations (features, business days and all):")
    ours, base = [], []
    # One BLAS thread: the baseline's matrix-vector product is memory-bound and no slower on one here, and
    # BLAS threads left spinning after it would steal the cores the scorer runs on next.
    with threadpool_limits(limits=1, user_api="blas"):
        for _ in range(7):  # interleaved, so both see the same machine load
            ours.append(median_seconds(lambda: score_frame(model, frame), 1))
            base.append(median_seconds(baseline, 1))
    return [
        report(
            "vs numpy matmul + sigmoid over finished features",
            statistics.median(ours),
            statistics.median(base),
            "ms",
            4.0,
        )
    ]


def cold_process(repeat: int) -> list[dict[str, float | str | None]]:
    """A cold ``interview-signals estimate`` process against a process that only imports scikit-learn."""
    executable = Path(sys.executable).with_name("interview-signals")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        handle.write(OBSERVATION.model_dump_json())
    ours_command = [str(executable), "estimate", handle.name]
    baseline_command = [sys.executable, "-c", "import sklearn.linear_model"]
    ours, base = [], []
    for _ in range(repeat):
        ours.append(median_seconds(lambda: subprocess.run(ours_command, check=True, capture_output=True), 1))
        base.append(median_seconds(lambda: subprocess.run(baseline_command, check=True, capture_output=True), 1))
    Path(handle.name).unlink()
    print("3. a cold `interview-signals estimate` process:")
    return [
        report('vs python -c "import sklearn.linear_model"', statistics.median(ours), statistics.median(base), "s", 0.4)
    ]


def main(rows: int = 1_000_000) -> list[dict[str, float | str | None]]:
    """Run the three core benchmarks and print each ratio."""
    results = single_estimate() + batch_scoring(rows) + cold_process(repeat=7)
    return results


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
