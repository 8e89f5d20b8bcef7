"""Speed of the journal: refit and learn against one LogisticRegression.fit, the page with 1,000 interviews vs 10."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from bench_core import median_seconds
from streamlit.testing.v1 import AppTest
from threadpoolctl import threadpool_limits

from interview_signals import config
from interview_signals.estimate.model import DEFAULT_PRIOR_WEIGHT, fit, load
from interview_signals.journal import learn, simulated
from interview_signals.journal.store import Journal

ROOT = Path(__file__).resolve().parents[1]
OUTCOMES = 1_000
REFIT_GOAL = 3.0
RERUN_GOAL, RERUN_LIMIT_MS = 2.0, 100.0


def _verdict(ratio: float, goal: float) -> str:
    return f"(goal <= {goal:.1f}x: {'met' if ratio <= goal else 'NOT met'})"


def _fresh_home() -> Journal:
    os.environ[config.HOME_ENV] = tempfile.mkdtemp(prefix="interview-signals-bench-")
    return Journal()


def refit_and_learn() -> None:
    """The refit and the whole learn step on 1,000 outcomes plus the prior, each against one plain fit."""
    from sklearn.linear_model import LogisticRegression

    journal = _fresh_home()
    simulated.fill(journal, load(config.BUNDLED_MODEL), OUTCOMES, seed=2026, world=simulated.different_world())
    prior_x, prior_y, _ = learn.prior_rows()  # read once per process, as on the page; not timed
    x, y = learn.journal_rows(journal.interviews())
    rows_x, rows_y = np.vstack([prior_x, x]), np.concatenate([prior_y, y])
    weight = np.concatenate([np.full(len(prior_y), DEFAULT_PRIOR_WEIGHT / len(prior_y)), np.ones(len(y))])
    scaled = weight * (len(weight) / weight.sum())

    def baseline() -> None:
        with threadpool_limits(limits=1):
            LogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(rows_x, rows_y, sample_weight=scaled)

    def refit() -> None:
        fit(prior_x, prior_y, x, y, prior_weight=DEFAULT_PRIOR_WEIGHT)

    # Interleaved, so a busy machine slows both alike.
    fits, refits = [], []
    for _ in range(5):
        fits.append(median_seconds(baseline, 1))
        refits.append(median_seconds(refit, 1))
    one_fit, ours = statistics.median(fits), statistics.median(refits)
    ratio = ours / one_fit
    print(
        f"  refit on {OUTCOMES:,} outcomes + prior, with covariance: {ours * 1e3:.0f} ms vs one "
        f"LogisticRegression.fit {one_fit * 1e3:.0f} ms -> {ratio:.2f}x {_verdict(ratio, REFIT_GOAL)}"
    )
    k = learn.FOLDS
    wholes, fits = [], []
    for _ in range(3):
        fits.append(median_seconds(baseline, 1))
        wholes.append(median_seconds(lambda: learn.learn(journal, folds=k, switch=False), 1))
    whole, one_fit = statistics.median(wholes), statistics.median(fits)
    goal = k + 2
    print(
        f"  learn step ({k}-fold check, final fit, save, hash-checked load): {whole:.2f} s "
        f"-> {whole / one_fit:.2f}x one fit {_verdict(whole / one_fit, goal)}"
    )


def _page_rerun(interviews: int) -> float:
    journal = _fresh_home()
    os.environ[config.TODAY_ENV] = "2026-11-20"
    simulated.fill(journal, load(config.BUNDLED_MODEL), interviews, seed=7, closed_share=0.3)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("app_pages/journal.py").run()
    ids = list(at.selectbox(key="journal.selected").options)
    times = []
    for index in range(30):  # each rerun follows picking another interview, as a person browsing the journal
        at.selectbox(key="journal.selected").set_value(int(ids[index % 2].split()[0].lstrip("#")))
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return statistics.median(times[5:])


def page() -> None:
    """The Journal page's rerun with 1,000 saved interviews against the same page with 10."""
    small, large = _page_rerun(10), _page_rerun(1_000)
    ratio = large / small
    limit = "met" if large * 1e3 < RERUN_LIMIT_MS else "NOT met"
    print(
        f"  Journal page rerun: {large * 1e3:.1f} ms with 1,000 interviews vs {small * 1e3:.1f} ms with 10 "
        f"-> {ratio:.2f}x {_verdict(ratio, RERUN_GOAL)}; under {RERUN_LIMIT_MS:.0f} ms: {limit}"
    )


def main() -> None:
    """Print every journal figure."""
    refit_and_learn()
    page()


if __name__ == "__main__":
    main()
