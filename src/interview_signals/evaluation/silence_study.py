"""How silence weighs on the one news clock: its curves, a Monte Carlo check, and two silences on the same days."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from interview_signals.assumptions import NO_OFFER, OFFER, load_assumptions
from interview_signals.estimate.silence import NEVER, NewsClock, news_clock

# The waits compared: nothing else, a follow-up on business day 7 (the article's window), a promised date
# on business day 5, and both: one clock, so "both" is one wait, not the sum of two.
WAITS: dict[str, tuple[int, int]] = {
    "since the interview": (NEVER, NEVER),
    "follow-up on day 7": (7, NEVER),
    "promised date day 5": (NEVER, 5),
    "both": (7, 5),
}


def _offer_given_silent(
    clock: NewsClock, days: npt.NDArray[np.int64], f: int, p: int, prior: float
) -> npt.NDArray[np.float64]:
    """P(offer | no decision by ``days``): the closed form, by Bayes' rule."""
    offer = prior * np.exp(clock.log_survival(OFFER, days, f, p))
    no_offer = (1 - prior) * np.exp(clock.log_survival(NO_OFFER, days, f, p))
    return np.asarray(offer / (offer + no_offer), dtype=np.float64)


def silence_curves(prior: float | None = None) -> pd.DataFrame:
    """Weight of silence and P(offer | no decision yet) by business day, for each wait in :data:`WAITS`.

    ``prior`` is P(offer) on the interview day; the default is the base rate of an interview.

    Examples
    --------
    >>> curves = silence_curves(prior=0.5).set_index(["silence", "business_days"])
    >>> float(curves.loc[("since the interview", 2), "weight"]), bool(curves.loc[("both", 20), "weight"] > 1)
    (0.0, True)
    """
    clock = news_clock()
    prior = load_assumptions().base_rate["interview"] if prior is None else prior
    days = np.arange(clock.cap_days + 1)
    parts = [
        pd.DataFrame(
            {
                "silence": silence,
                "business_days": days,
                "weight": clock.weight(days, f, p),
                "p_offer": _offer_given_silent(clock, days, f, p, prior),
            }
        )
        for silence, (f, p) in WAITS.items()
    ]
    return pd.concat(parts, ignore_index=True)


def _decision_day(
    clock: NewsClock, offer: npt.NDArray[np.bool_], f: int, p: int, rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """The business day each interview's decision arrives (``inf``: never), simulated day by day."""
    n = len(offer)
    first_share = np.where(offer, clock.kinds[OFFER][0][0], clock.kinds[NO_OFFER][0][0])
    first = rng.random(n) < first_share
    hazard = np.where(
        offer,
        np.where(first, clock.kinds[OFFER][0][1], clock.kinds[OFFER][1][1]),
        np.where(first, clock.kinds[NO_OFFER][0][1], clock.kinds[NO_OFFER][1][1]),
    )
    arrival = np.full(n, np.inf)
    for day in range(1, clock.cap_days + 1):
        # The day's hazard: the clock's exposure of this one day, per outcome.
        step = {o: float(clock.exposure(o, day, f, p) - clock.exposure(o, day - 1, f, p)) for o in (OFFER, NO_OFFER)}
        daily = 1 - (1 - hazard) ** np.where(offer, step[OFFER], step[NO_OFFER])
        arrives = np.isinf(arrival) & (rng.random(n) < daily)
        arrival[arrives] = day
    return arrival


def silence_monte_carlo(interviews: int = 100_000, seed: int = 0, prior: float | None = None) -> pd.DataFrame:
    """Travers's check: simulate when the decision arrives, and read P(offer | none by day d) off the simulations.

    For each wait in :data:`WAITS`, ``interviews`` interviews get an offer with probability ``prior`` and
    a decision day drawn day by day from the clock's hazards. Columns: silence, business_days, silent
    (interviews still without news), simulated, formula (the closed form) and standard_error of ``simulated``.
    """
    clock = news_clock()
    prior = load_assumptions().base_rate["interview"] if prior is None else prior
    rng = np.random.default_rng(seed)
    days = np.arange(clock.cap_days + 1)
    parts = []
    for silence, (f, p) in WAITS.items():
        offer = rng.random(interviews) < prior
        arrival = _decision_day(clock, offer, f, p, rng)
        waiting = arrival[None, :] > days[:, None]
        silent = waiting.sum(axis=1)
        simulated = (waiting & offer[None, :]).sum(axis=1) / silent
        parts.append(
            pd.DataFrame(
                {
                    "silence": silence,
                    "business_days": days,
                    "silent": silent,
                    "simulated": simulated,
                    "formula": _offer_given_silent(clock, days, f, p, prior),
                    "standard_error": np.sqrt(simulated * (1 - simulated) / silent),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def combined_silence(days: npt.NDArray[np.int64] | None = None) -> pd.DataFrame:
    """Two silences over the same days against each alone: the clock's weight beyond silence since the interview.

    For every follow-up day from 0 to 15, the promised date whose silence starts on the same day as the
    follow-up's (so both cover the same days). Columns: business_days, follow_up_day, decision_day,
    follow_up_alone, decision_alone, both, ratio (both over the larger alone; at most 1.25 when news
    arrives once, against 2 if the two were counted as separate evidence).
    """
    clock = news_clock()
    days = np.arange(1, clock.cap_days + 1) if days is None else days
    rows = []
    for f in range(0, 16):
        for p in (f + clock.follow_up_grace_days - clock.decision_grace_days,):
            base = clock.weight(days)
            follow_up = clock.weight(days, follow_up=f) - base
            decision = clock.weight(days, decision=p) - base
            both = clock.weight(days, f, p) - base
            larger = np.maximum(follow_up, decision)
            rows.append(
                pd.DataFrame(
                    {
                        "business_days": days,
                        "follow_up_day": f,
                        "decision_day": p,
                        "follow_up_alone": follow_up,
                        "decision_alone": decision,
                        "both": both,
                        "ratio": np.where(larger > 1e-9, both / np.where(larger > 1e-9, larger, 1.0), 1.0),
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)
