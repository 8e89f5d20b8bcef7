"""Signals and outcomes in a frame of observations: levels, shares and outcome rates with Wilson ranges."""

from __future__ import annotations

from datetime import date
from statistics import NormalDist
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from interview_signals.estimate.batch import columns_from_frame
from interview_signals.estimate.csv_rows import OUTCOME, outcomes
from interview_signals.estimate.model import INTERVAL_LEVEL
from interview_signals.estimate.silence import news_clock
from interview_signals.observation import ROLE_SELLING, STAGES

# Fitting a few hundred rows gains nothing from BLAS threads, and on a busy two-core machine their
# spin-waits made the coverage study ten times slower; the loops below fit with one thread.
LONG_SILENCE_BUSINESS_DAYS = 10  # silences this long or longer are one level in the tables below


def _silence_levels(what: str, grace: int) -> tuple[str, str, str]:
    long_ = LONG_SILENCE_BUSINESS_DAYS
    return (
        f"{what}, ≤{grace} business day{'s' if grace != 1 else ''} (grace)",
        f"{what}, {grace + 1}-{long_ - 1} business days",
        f"{what}, {long_}+ business days",
    )


CLOCK = news_clock()
# The levels each signal is tabulated by, in display order; "not known" comes first (a stage is always known).
SIGNAL_LEVELS: dict[str, tuple[str, ...]] = {
    "stage": STAGES,
    "duration": ("not given", "cut short", "on time", "ran over"),
    "role_selling": ("not sure", *ROLE_SELLING),
    "follow_up_reply": (
        "no follow-up yet",
        "reply not recorded",
        "no reply yet (not due)",
        "no answer",
        "acknowledged",
        "affirming",
    ),
    "decision_date": ("not given", "not passed yet", *_silence_levels("passed", CLOCK.decision_grace_days)),
    "waiting": _silence_levels("no decision", CLOCK.grace_days),
}


def _silence_level(days: npt.NDArray[np.int64], grace: int) -> npt.NDArray[np.intp]:
    """0, 1 or 2: inside the grace period, after it, or ten business days and more."""
    return np.where(days <= grace, 0, np.where(days < LONG_SILENCE_BUSINESS_DAYS, 1, 2))


def _given(frame: pd.DataFrame, name: str) -> npt.NDArray[np.bool_]:
    """Where a column holds a value (an empty cell of a journal read as text counts as not given)."""
    if name not in frame:
        return np.zeros(len(frame), dtype=bool)
    column = frame[name]
    return np.asarray(column.notna() & (column.astype(str).str.strip() != ""), dtype=bool)


def _levelled(signal: str, codes: npt.NDArray[np.integer[Any]]) -> pd.Categorical[str]:
    return pd.Categorical.from_codes(codes, categories=pd.Index(SIGNAL_LEVELS[signal]), ordered=True)


def signal_levels(frame: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """The level of every signal of every interview in a frame of raw observation columns.

    Columns are the keys of :data:`SIGNAL_LEVELS`, each an ordered categorical; the index is the frame's.
    ``today`` stands in for a missing ``as_of``, as in :func:`~interview_signals.estimate.batch.columns_from_frame`.
    """
    cols = columns_from_frame(frame, today)
    ratio = cols.actual_minutes / cols.scheduled_minutes
    duration = np.select([np.isnan(ratio), ratio < 1, ratio == 1], [0, 1, 2], 3)
    reply = cols.follow_up_reply.astype(np.intp)
    due = cols.waited_days - cols.follow_up_day > CLOCK.follow_up_grace_days
    follow_up = np.select(
        [~_given(frame, "follow_up_sent_on"), reply < 0, (reply == 0) & ~due, reply == 0], [0, 1, 2, 3], reply + 3
    )
    days = cols.waited_days - cols.decision_day
    passed = 2 + _silence_level(days, CLOCK.decision_grace_days)
    decision = np.select([~_given(frame, "decision_expected_by"), days <= 0], [0, 1], passed)
    return pd.DataFrame(
        {
            "stage": _levelled("stage", cols.stage),
            "duration": _levelled("duration", duration),
            "role_selling": _levelled("role_selling", cols.role_selling + 1),
            "follow_up_reply": _levelled("follow_up_reply", follow_up),
            "decision_date": _levelled("decision_date", decision),
            "waiting": _levelled("waiting", _silence_level(cols.waited_days, CLOCK.grace_days)),
        },
        index=frame.index,
    )


def _long(levels: pd.DataFrame) -> pd.DataFrame:
    """One row per (interview, signal): signal, level, and the level's display order."""
    parts = [
        pd.DataFrame({"signal": name, "level": levels[name].astype(str), "order": levels[name].cat.codes})
        for name in SIGNAL_LEVELS
    ]
    return pd.concat(parts)


def level_shares(frame: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """How often each signal takes each level, "not known" included: signal, level, order, interviews, share.

    Levels nobody reached are listed with 0 interviews, so the shares of every signal sum to 1.

    Examples
    --------
    >>> from interview_signals.prior.simulate import simulate
    >>> shares = level_shares(simulate(2_000, seed=1))
    >>> shares.groupby("signal")["share"].sum().round(6).unique().tolist()
    [1.0]
    """
    every = pd.DataFrame(
        [(signal, level, order) for signal, levels in SIGNAL_LEVELS.items() for order, level in enumerate(levels)],
        columns=["signal", "level", "order"],
    )
    counts = _long(signal_levels(frame, today)).groupby(["signal", "level"]).size().rename("interviews")
    table = every.merge(counts.reset_index(), on=["signal", "level"], how="left").fillna({"interviews": 0})
    table["interviews"] = table["interviews"].astype(int)
    table["share"] = table["interviews"] / max(len(frame), 1)
    return table


def wilson_interval(
    successes: npt.NDArray[np.float64], trials: npt.NDArray[np.float64], level: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Wilson score interval of a binomial rate: honest for the handful of interviews in a journal."""
    z = NormalDist().inv_cdf((1 + level) / 2)
    rate = successes / trials
    centre = (rate + z**2 / (2 * trials)) / (1 + z**2 / trials)
    half = z * np.sqrt(rate * (1 - rate) / trials + z**2 / (4 * trials**2)) / (1 + z**2 / trials)
    return centre - half, centre + half


def outcome_rates(
    frame: pd.DataFrame, by_stage: bool = False, level: float = INTERVAL_LEVEL, today: date | None = None
) -> pd.DataFrame:
    """Share of interviews that led to an offer or a next round, by level of each signal (and by stage).

    Columns: signal, level, order, [stage,] interviews, rate, low, high; ``low``/``high`` are the
    Wilson interval at ``level``. Only levels that some interview reached are listed.

    Raises
    ------
    interview_signals.estimate.csv_rows.InvalidRow
        When the frame has no ``outcome`` column or an outcome is neither 0 nor 1.
    """
    levels = signal_levels(frame, today)
    long = _long(levels)
    long[OUTCOME] = np.tile(outcomes(frame, first_line=2), len(SIGNAL_LEVELS))
    keys = ["signal", "level", "order"]
    if by_stage:
        long["stage"] = np.tile(levels["stage"].astype(str).to_numpy(), len(SIGNAL_LEVELS))
        long = long[long["signal"] != "stage"]
        keys.append("stage")
    table = long.groupby(keys, observed=True)[OUTCOME].agg(interviews="size", rate="mean").reset_index()
    low, high = wilson_interval(
        (table["rate"] * table["interviews"]).to_numpy(), table["interviews"].to_numpy(dtype=float), level
    )
    table = table.assign(low=low, high=high, signal_order=table["signal"].map(list(SIGNAL_LEVELS).index))
    return table.sort_values(["signal_order", "order"], ignore_index=True).drop(columns="signal_order")


def stage_rates_before_news(frame: pd.DataFrame) -> pd.DataFrame:
    """Outcome rate by stage among simulated interviews recorded before any news could come, beside the cited rate.

    Inside the news clock's grace period no interview has been left out for having heard already, so
    these rows are all interviews: their rate is the base rate the data card cites. Columns: stage,
    cited, interviews, outcome_rate, true_probability (the mean of the rows' true probabilities).
    """
    from interview_signals.assumptions import load_assumptions

    early = frame[columns_from_frame(frame).waited_days <= CLOCK.grace_days]
    rows = []
    for stage, cited in load_assumptions().base_rate.items():
        part = early[early["stage"].astype(str) == stage]
        rows.append(
            {
                "stage": stage,
                "cited": cited,
                "interviews": len(part),
                "outcome_rate": float(part[OUTCOME].mean()),
                "true_probability": float(part["true_probability"].mean()),
            }
        )
    return pd.DataFrame(rows)
