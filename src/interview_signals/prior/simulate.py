"""The documented prior: a class-conditional simulator of interviews, their observed signals and outcomes.

No public dataset links the follow-up article's signals to outcomes, so the model starts from this
simulator. Every number it uses is an entry of ``assumptions.toml`` with its source; the data card
(``data/README.md``) shows them all.

The story is told outcome first. For each interview: its stage, then the outcome from the stage's
base rate, then every signal from its distribution *given the outcome*, each independently of the
others: the length, whether the role was talked up, the promised date, the follow-up and its reply,
and the day the decision arrives on the one news clock (:mod:`interview_signals.estimate.silence`). The
candidate records the interview on a day drawn independently of all that; an interview whose decision
had already arrived by then is not recorded (the candidate knows). So the probability of an offer
given a recorded row is the base rate's log-odds plus each known signal's log likelihood ratio plus
the clock's weight: an unknown signal adds exactly 0, and what you believe before finding something
out is the average of what you would believe after.
"""

from __future__ import annotations

import math
from datetime import date
from functools import cache
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt
import pandas as pd

from interview_signals.assumptions import NO_OFFER, OFFER, PriorAssumptions, load_assumptions
from interview_signals.calendar import business_calendar
from interview_signals.config import PRIOR_ROWS, PRIOR_SEED
from interview_signals.estimate.csv_rows import OUTCOME
from interview_signals.estimate.features import FEATURE_NAMES, features
from interview_signals.estimate.model import logistic
from interview_signals.estimate.silence import NEVER, NewsClock
from interview_signals.observation import FOLLOW_UP_REPLIES, ROLE_SELLING, STAGES, Observation

TRUE_PROBABILITY = "true_probability"


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _choice(rng: np.random.Generator, mix: dict[str, float] | dict[int, float], n: int) -> npt.NDArray[np.object_]:
    keys = list(mix)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=np.array(list(mix.values())))]


def _given(
    rng: np.random.Generator, offer: npt.NDArray[np.bool_], tables: dict[str, dict[str, float]]
) -> npt.NDArray[np.object_]:
    """One level per interview, from the table of its outcome."""
    return np.where(offer, _choice(rng, tables[OFFER], len(offer)), _choice(rng, tables[NO_OFFER], len(offer)))


def _tilted_share(rng: np.random.Generator, effect: float, low: float, high: float, n: int) -> npt.NDArray[np.float64]:
    """Shares on [low, high] with density proportional to exp(effect × share), by the inverse CDF."""
    u = rng.random(n)
    shares = np.log(np.exp(effect * low) + u * (np.exp(effect * high) - np.exp(effect * low))) / effect
    return np.asarray(shares, dtype=np.float64)


def _business_days_after(
    days: npt.NDArray[np.datetime64], offsets: npt.NDArray[np.int64], countries: npt.NDArray[np.str_]
) -> npt.NDArray[np.datetime64]:
    out = np.empty_like(days)
    for country in np.unique(countries):
        rows = countries == country
        calendar = business_calendar(str(country), days[rows].min().astype(date), days[rows].max().astype(date))
        out[rows] = np.busday_offset(days[rows], offsets[rows], roll="forward", busdaycal=calendar.calendar)
    return out


def _count_business_days(
    start: npt.NDArray[np.datetime64], end: npt.NDArray[np.datetime64], countries: npt.NDArray[np.str_]
) -> npt.NDArray[np.int64]:
    """Business days in ``(start, end]``, as :meth:`BusinessCalendar.count` counts them."""
    out = np.empty(len(start), dtype=np.int64)
    for country in np.unique(countries):
        rows = countries == country
        calendar = business_calendar(str(country), start[rows].min().astype(date), end[rows].max().astype(date))
        out[rows] = np.busday_count(start[rows] + 1, end[rows] + 1, busdaycal=calendar.calendar)
    return out


def _interview_days(
    rng: np.random.Generator, a: PriorAssumptions, countries: npt.NDArray[np.str_]
) -> npt.NDArray[np.datetime64]:
    """Uniform over the business days of each interview's country: never a weekend or a public holiday."""
    first, last = (np.datetime64(day, "D") for day in a.interview_dates)
    out = np.empty(len(countries), dtype="datetime64[D]")
    for country in np.unique(countries):
        rows = np.flatnonzero(countries == country)
        calendar = business_calendar(str(country), *a.interview_dates).calendar
        available = int(np.busday_count(first, last + 1, busdaycal=calendar))
        picks = rng.integers(0, available, len(rows))
        out[rows] = np.busday_offset(first, picks, roll="forward", busdaycal=calendar)
    return out


def _draw(rng: np.random.Generator, n: int, a: PriorAssumptions, clock: NewsClock) -> pd.DataFrame:
    """``n`` interviews drawn outcome first, before dropping those whose decision had already come."""
    nat = np.datetime64("NaT", "D")
    country = _choice(rng, a.country_mix, n).astype(str)
    interview = _interview_days(rng, a, country)
    as_of = interview + rng.integers(a.days_to_as_of[0], a.days_to_as_of[1] + 1, n)
    stage = _choice(rng, a.stage_mix, n)
    offer = rng.random(n) < np.array([a.base_rate[s] for s in stage])

    scheduled = _choice(rng, a.scheduled_minutes, n).astype(np.int64)
    kinds = {outcome: a.length_kind_given(outcome) for outcome in (OFFER, NO_OFFER)}
    kind = _given(rng, offer, kinds)
    low, high = a.share_range
    over = np.where(offer, _tilted_share(rng, a.ran_over_effect, low, high, n), rng.uniform(low, high, n))
    short = np.where(offer, _tilted_share(rng, a.cut_short_effect, low, high, n), rng.uniform(low, high, n))
    ratio = np.select([kind == "ran_over", kind == "cut_short"], [1 + over, 1 - short], 1.0)
    actual = np.round(scheduled * ratio)  # 40%-160% of at least 30 minutes: always inside 1..720, never clipped
    actual[rng.random(n) < a.length_unknown] = np.nan

    selling = _given(rng, offer, a.selling_given)
    selling[rng.random(n) < a.selling_unknown] = None

    thank_you = np.where(
        rng.random(n) < a.thank_you_sent, interview + rng.integers(a.thank_you_days[0], a.thank_you_days[1] + 1, n), nat
    )
    thank_you = np.where(thank_you <= as_of, thank_you, nat)

    decision_offset = rng.integers(*a.decision_business_days, n, endpoint=True)
    decision_given = rng.random(n) >= a.decision_date_unknown
    decision = np.where(decision_given, _business_days_after(interview, decision_offset, country), nat)

    # Seven business days at least: always after the thank-you (sent within a calendar day), never clamped.
    follow_up_offset = rng.integers(*a.follow_up_business_days, n, endpoint=True)
    follow_up = _business_days_after(interview, follow_up_offset, country)
    sent = (rng.random(n) < a.follow_up_sent) & (follow_up <= as_of)
    follow_up = np.where(sent, follow_up, nat)

    waited = _count_business_days(interview, as_of, country)  # business days from the interview to as_of
    since_follow_up = waited - follow_up_offset
    reply = _given(rng, offer, a.reply_given)
    reply[since_follow_up <= a.reply_within_days] = "none"  # an answer, if any, is not due yet
    reply[~sent | (rng.random(n) < a.reply_not_recorded)] = None

    # The one news clock: the decision has not come by as_of with probability S(as_of | outcome, kind of company).
    follow_up_day = np.where(sent, follow_up_offset, NEVER)
    decision_day = np.where(decision_given, decision_offset, NEVER)
    u = rng.random(n)
    kind_draw = rng.random(n)
    silent = np.zeros(n, dtype=bool)
    for outcome, is_outcome in ((OFFER, offer), (NO_OFFER, ~offer)):
        exposure = clock.exposure(outcome, waited, follow_up_day, decision_day)
        (first_share, first_hazard), (_, second_hazard) = clock.kinds[outcome]
        hazard = np.where(kind_draw < first_share, first_hazard, second_hazard)
        silent |= is_outcome & (u <= (1 - hazard) ** exposure)

    frame = pd.DataFrame(
        {
            "interview_date": interview,
            "as_of": as_of,
            "stage": pd.Categorical(stage, categories=STAGES),
            "scheduled_minutes": scheduled,
            "actual_minutes": pd.array(actual, dtype="Int64"),
            "role_selling": pd.Categorical(selling, categories=ROLE_SELLING),
            "decision_expected_by": decision,
            "thank_you_sent_on": thank_you,
            "follow_up_sent_on": follow_up,
            "follow_up_reply": pd.Categorical(reply, categories=FOLLOW_UP_REPLIES),
            "country": country,
        }
    )
    frame[OUTCOME] = offer.astype(np.int64)
    frame[TRUE_PROBABILITY] = _posterior(a, clock, frame, waited, follow_up_day, decision_day, since_follow_up)
    return frame[silent]


def _posterior(
    a: PriorAssumptions,
    clock: NewsClock,
    frame: pd.DataFrame,
    waited: npt.NDArray[np.int64],
    follow_up_day: npt.NDArray[np.int64],
    decision_day: npt.NDArray[np.int64],
    since_follow_up: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """P(offer | what the candidate recorded), by Bayes' rule from the story's own distributions."""
    log_odds = np.array([_logit(a.base_rate[s]) for s in frame["stage"]])
    share = frame["actual_minutes"].to_numpy(dtype=np.float64, na_value=np.nan) / frame["scheduled_minutes"] - 1.0
    log_odds += np.nan_to_num(np.where(share > 0, a.ran_over_effect * share, -a.cut_short_effect * share))
    for column, tables, pending in (
        ("role_selling", a.selling_given, None),
        ("follow_up_reply", a.reply_given, since_follow_up <= a.reply_within_days),
    ):
        levels = frame[column].astype(object).to_numpy()
        for level in tables[OFFER]:
            ratio = math.log(tables[OFFER][level] / tables[NO_OFFER][level])
            known = levels == level
            if pending is not None:
                known &= ~pending  # "no reply yet" inside the two days is drawn the same either way
            log_odds += np.where(known, ratio, 0.0)
    log_odds -= clock.weight(waited, follow_up_day, decision_day)
    return logistic(log_odds)


def true_coefficients(assumptions: PriorAssumptions | None = None) -> tuple[float, npt.NDArray[np.float64]]:
    """(intercept, effect per feature in :data:`FEATURE_NAMES` order): the model family's member that is the truth."""
    a = assumptions or load_assumptions()
    reference = _logit(a.base_rate["interview"])
    shifts = {
        "stage_phone_screen": _logit(a.base_rate["phone_screen"]) - reference,
        "stage_final_round": _logit(a.base_rate["final_round"]) - reference,
    }
    effects = a.effects() | shifts
    return reference, np.array([effects[name] for name in FEATURE_NAMES])


def true_probability(obs: Observation, assumptions: PriorAssumptions | None = None) -> float:
    """The probability of an offer the prior itself gives this interview (the Bayes posterior of its story)."""
    intercept, coefficients = true_coefficients(assumptions)
    return logistic(float(intercept + features(obs) @ coefficients))


def simulate(n: int, seed: int = 0, assumptions: PriorAssumptions | None = None) -> pd.DataFrame:
    """Draw ``n`` recorded interviews: raw observation columns, the outcome (0/1) and its true probability.

    Interviews are drawn in rounds until ``n`` are recorded, so the same ``n`` and ``seed`` always give
    the same rows.

    Examples
    --------
    >>> frame = simulate(1000, seed=1)
    >>> len(frame), bool(frame["outcome"].isin([0, 1]).all()), bool(frame["true_probability"].between(0, 1).all())
    (1000, True, True)
    """
    if n < 1:
        raise ValueError(f"n: {n} must be 1 or more")
    a = assumptions or load_assumptions()
    clock = NewsClock.of(a)
    rng = np.random.default_rng(seed)
    parts, recorded = [], 0
    while recorded < n:
        part = _draw(rng, 2 * (n - recorded) + 100, a, clock)  # about two in three are recorded
        parts.append(part)
        recorded += len(part)
    frame = pd.concat(parts, ignore_index=True).iloc[:n].reset_index(drop=True)
    frame["country"] = pd.Categorical(frame["country"])
    return frame


def write_csv(frame: pd.DataFrame, target: Path | IO[str]) -> None:
    """Write simulated interviews as ``simulate`` prints them: ISO dates, six decimals, LF line ends."""
    frame.to_csv(target, index=False, date_format="%Y-%m-%d", float_format="%.6f", lineterminator="\n")


@cache
def documented_prior() -> pd.DataFrame:
    """The prior the model is trained on, simulated in memory (:data:`~interview_signals.config.PRIOR_ROWS` rows).

    ``data/prior.csv`` is this frame exported (a test holds them equal), so training needs no checkout.
    Treat the frame as read-only: it is shared.
    """
    return simulate(PRIOR_ROWS, seed=PRIOR_SEED)


@cache
def documented_training_set() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], bytes]:
    """The documented prior as the model is fitted on it: design matrix, outcomes, and its CSV export's bytes.

    The bytes are ``data/prior.csv`` exactly (a test holds them equal), so ``train`` and the journal's
    "learn" both digest the same training data. Computed once per process; treat the arrays as read-only.
    """
    import io

    from interview_signals.estimate.batch import frame_features

    prior = documented_prior()
    text = io.StringIO()
    write_csv(prior, text)
    return frame_features(prior), prior[OUTCOME].to_numpy(dtype=np.float64), text.getvalue().encode()
