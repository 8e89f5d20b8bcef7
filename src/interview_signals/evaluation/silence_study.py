"""How silence weighs on the one news clock: its curves, a Monte Carlo check, and two silences on the same days."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from interview_signals.assumptions import NO_OFFER, OFFER, load_assumptions
from interview_signals.estimate.features import UNKNOWN, SignalColumns, feature_matrix
from interview_signals.estimate.model import Model
from interview_signals.estimate.silence import NEVER, NewsClock, news_clock
from interview_signals.observation import FOLLOW_UP_REPLIES, STAGES

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


def _effects(
    model: Model | None, waited: npt.NDArray[np.int64], follow_up: int, decision: int
) -> npt.NDArray[np.float64]:
    """The log-odds of each wait beyond silence since the interview alone: the clock's, or the model's whole estimate.

    A follow-up here is unanswered (reply "none"), so the model's estimate includes its ``no_reply`` level.
    """
    clock = news_clock()
    if model is None:
        return np.asarray(clock.weight(waited, follow_up, decision) - clock.weight(waited), dtype=np.float64)
    n = len(waited)

    def log_odds(f: int, p: int, reply: int) -> npt.NDArray[np.float64]:
        cols = SignalColumns(
            stage=np.full(n, STAGES.index("interview")),
            scheduled_minutes=np.full(n, 45.0),
            actual_minutes=np.full(n, np.nan),
            role_selling=np.full(n, UNKNOWN),
            follow_up_reply=np.full(n, reply),
            waited_days=waited,
            follow_up_day=np.full(n, f, dtype=np.int64),
            decision_day=np.full(n, p, dtype=np.int64),
        )
        return model.log_odds(feature_matrix(cols))

    reply = UNKNOWN if follow_up == NEVER else FOLLOW_UP_REPLIES.index("none")
    return np.asarray(log_odds(follow_up, decision, reply) - log_odds(NEVER, NEVER, UNKNOWN), dtype=np.float64)


def combined_silence(days: npt.NDArray[np.int64] | None = None, model: Model | None = None) -> pd.DataFrame:
    """Two silences over the same days against each alone, in log-odds beyond the silence since the interview.

    For every follow-up day from 0 to 15, the promised date whose silence starts on the same day as the
    follow-up's (so both cover the same days). Without ``model`` the effects are the clock's weights; with
    it they are the model's whole estimate, the unanswered follow-up's own level included. Columns:
    business_days, follow_up_day, decision_day, follow_up_alone, decision_alone, both, ratio (both over
    the larger alone; 1 when news arrives once, 2 if the two were counted as separate evidence).

    Examples
    --------
    >>> table = combined_silence()
    >>> float(table["ratio"].max())
    1.0
    """
    clock = news_clock()
    days = np.arange(1, clock.cap_days + 1) if days is None else days
    rows = []
    for f in range(0, 16):
        p = f + clock.follow_up_grace_days - clock.decision_grace_days
        follow_up = _effects(model, days, f, NEVER)
        decision = _effects(model, days, NEVER, p)
        both = _effects(model, days, f, p)
        larger = np.maximum(np.abs(follow_up), np.abs(decision))
        rows.append(
            pd.DataFrame(
                {
                    "business_days": days,
                    "follow_up_day": f,
                    "decision_day": p,
                    "follow_up_alone": follow_up,
                    "decision_alone": decision,
                    "both": both,
                    "ratio": np.where(larger > 1e-9, np.abs(both) / np.where(larger > 1e-9, larger, 1.0), 1.0),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)
