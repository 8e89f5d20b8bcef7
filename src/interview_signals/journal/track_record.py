"""How well the estimates held up: the probability shown at the time, scored against what happened.

Only saved probabilities are scored, never a refit, so the record cannot flatter itself. ``withdrawn`` is left
out (the person stepped out, so the interview's own result is unknown); ``no_response`` counts as a no.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from interview_signals.estimate.model import INTERVAL_LEVEL
from interview_signals.evaluation.metrics import brier_score, log_loss
from interview_signals.evaluation.signal_rates import wilson_interval
from interview_signals.journal.store import NOT_SCORED, POSITIVE, Interview

BINS = 10
TOO_FEW_OUTCOMES = 10  # below this many scored outcomes, say plainly that it is too little to judge


def scored(interviews: Sequence[Interview]) -> list[Interview]:
    """The interviews with an outcome that counts: closed, and not withdrawn."""
    return [i for i in interviews if i.outcome is not None and i.outcome not in NOT_SCORED]


def labelled(interviews: Sequence[Interview]) -> npt.NDArray[np.float64]:
    """1 for an offer or a next round, 0 for a rejection or no response, for each of :func:`scored`'s interviews."""
    return np.array([float(i.outcome in POSITIVE) for i in interviews])


@dataclass(frozen=True)
class TrackRecord:
    """Scores of the saved estimates against outcomes, and the data of a reliability chart."""

    outcomes: int  # scored outcomes
    withdrawn: int  # left out
    brier: float | None  # mean squared error of the probability, 0 (perfect) to 1
    log_loss: float | None
    reliability: pd.DataFrame  # one row per bin, empty bins included

    @property
    def too_little(self) -> bool:
        """Fewer outcomes than it takes to judge: the summary says so."""
        return self.outcomes < TOO_FEW_OUTCOMES


def reliability_bins(
    y: npt.NDArray[np.float64], p: npt.NDArray[np.float64], bins: int = BINS, level: float = INTERVAL_LEVEL
) -> pd.DataFrame:
    """Every bin of the estimate (empty ones too): its mean estimate, count, observed rate and Wilson range.

    A bin with no interview has NaN for its estimate, rate and range, and 0 for its count: nothing is hidden,
    nothing is made up.
    """
    which = np.minimum((p * bins).astype(int), bins - 1)
    count = np.bincount(which, minlength=bins).astype(float)
    yes = np.bincount(which, weights=y, minlength=bins).astype(float)
    total = np.bincount(which, weights=p, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        low, high = wilson_interval(yes, count, level)
        return pd.DataFrame(
            {
                "bin": np.arange(bins),
                "from": np.arange(bins) / bins,
                "to": np.arange(1, bins + 1) / bins,
                "interviews": count.astype(int),
                "mean_estimate": total / count,
                "observed": yes / count,
                "low": np.where(count > 0, low, np.nan),
                "high": np.where(count > 0, high, np.nan),
            }
        )


def track_record(interviews: Sequence[Interview], bins: int = BINS) -> TrackRecord:
    """Score the estimate each interview showed before its outcome was recorded."""
    counted = scored(interviews)
    withdrawn = sum(1 for i in interviews if i.outcome in NOT_SCORED)
    y = labelled(counted)
    p = np.array([i.shown_before_outcome().shown.probability for i in counted])
    if not counted:
        return TrackRecord(0, withdrawn, None, None, reliability_bins(y, p, bins))
    return TrackRecord(len(counted), withdrawn, brier_score(y, p), log_loss(y, p), reliability_bins(y, p, bins))


def summary_lines(record: TrackRecord) -> list[str]:
    """The track record in plain sentences, for the page, the CLI and the notebook."""
    if record.outcomes == 0:
        lines = ["No outcome recorded yet: the track record starts with your first offer, next round or no."]
    else:
        assert record.brier is not None
        assert record.log_loss is not None
        lines = [
            f"Scored on {record.outcomes} outcome{'s' if record.outcomes != 1 else ''}, each against the estimate "
            "you saw before you recorded it (never a refit).",
            f"Brier score {record.brier:.3f}: the mean squared gap between estimate and outcome, from 0 (perfect) "
            "to 1; always saying 50% scores 0.25.",
            f"Log loss {record.log_loss:.3f}: lower is better; always saying 50% scores 0.693.",
        ]
        if record.too_little:
            lines.append(f"Fewer than {TOO_FEW_OUTCOMES} outcomes is too little data to judge the estimates by.")
    if record.withdrawn:
        lines.append(
            f"{record.withdrawn} withdrawn interview{'s are' if record.withdrawn != 1 else ' is'} left out: "
            "when you step out, how the interview went is unknown."
        )
    return lines
