"""How silence weighs: the Travers-style curves and a Monte Carlo check of them."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from interview_signals.estimate.silence import AFTER_FOLLOW_UP, PAST_DECISION_DATE, SilenceModel
from interview_signals.prior.simulate import PriorAssumptions

SILENCES: dict[str, SilenceModel] = {
    "after the follow-up": AFTER_FOLLOW_UP,
    "past the decision date": PAST_DECISION_DATE,
}


def _good_given_silent(model: SilenceModel, days: npt.NDArray[np.int64], prior: float) -> npt.NDArray[np.float64]:
    """P(the news is good | no news after ``days`` business days): the closed form, by Bayes' rule."""
    good, bad = prior * model.survival_good(days), (1 - prior) * model.survival_bad(days)
    return np.asarray(good / (good + bad), dtype=np.float64)


def _interview_base_rate() -> float:
    return PriorAssumptions().base_rate["interview"]


def silence_curves(prior: float | None = None) -> pd.DataFrame:
    """Weight of silence and P(good news | silent) by business day, for each kind of silence in :data:`SILENCES`.

    ``prior`` is P(good news) before any silence; the default is the base rate of an interview.

    Examples
    --------
    >>> curves = silence_curves(prior=0.5)
    >>> after = curves[curves["silence"] == "after the follow-up"].set_index("business_days")
    >>> after.loc[[2, 10], "weight"].round(2).tolist()
    [0.0, 1.26]
    """
    prior = _interview_base_rate() if prior is None else prior
    parts = []
    for silence, model in SILENCES.items():
        days = np.arange(model.cap_days + 1)
        parts.append(
            pd.DataFrame(
                {
                    "silence": silence,
                    "business_days": days,
                    "weight": model.weight(days),
                    "p_good": _good_given_silent(model, days, prior),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _news_arrival(
    model: SilenceModel, good: npt.NDArray[np.bool_], rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """The business day on which each interview's news arrives (``inf``: never), drawn from the model's story."""
    n = len(good)
    hazard = np.where(rng.random(n) < model.slow_share, model.slow_hazard, model.fast_hazard)
    good_day = model.grace_days + rng.geometric(hazard)
    bad_day = np.where(rng.random(n) < model.never, np.inf, model.grace_days + rng.geometric(model.bad_hazard, n))
    return np.where(good, good_day, bad_day)


def silence_monte_carlo(interviews: int = 100_000, seed: int = 0, prior: float | None = None) -> pd.DataFrame:
    """Travers's check: simulate when news arrives, and read P(good | silent d days) off the simulations.

    For each kind of silence, ``interviews`` interviews get good news with probability ``prior`` and a
    day of arrival drawn from the model's own story (grace, fast and slow good news, bad news late or
    never). Columns: silence, business_days, silent (interviews still without news), simulated,
    formula (the closed form of :mod:`interview_signals.estimate.silence`) and standard_error of ``simulated``.
    """
    prior = _interview_base_rate() if prior is None else prior
    rng = np.random.default_rng(seed)
    parts = []
    for silence, model in SILENCES.items():
        good = rng.random(interviews) < prior
        arrival = _news_arrival(model, good, rng)
        days = np.arange(model.cap_days + 1)
        waiting = arrival[None, :] > days[:, None]  # silent after d business days: no news on days 1..d
        silent = waiting.sum(axis=1)
        simulated = (waiting & good[None, :]).sum(axis=1) / silent
        parts.append(
            pd.DataFrame(
                {
                    "silence": silence,
                    "business_days": days,
                    "silent": silent,
                    "simulated": simulated,
                    "formula": _good_given_silent(model, days, prior),
                    "standard_error": np.sqrt(simulated * (1 - simulated) / silent),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)
