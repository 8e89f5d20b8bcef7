"""The documented prior: a simulator of interviews, their observed signals and their outcomes.

No public dataset links the follow-up article's signals to outcomes, so the model starts from this
simulator. Every number below is written down with its source (the article, a published figure, or
"assumption") in ``data/README.md``; change one here and change it there.

The simulator draws what a candidate would record (with the same unknowns a real person has), then
draws the outcome from log-odds that add the stage's base rate and each known signal's effect. Not
knowing a signal adds nothing (assumption: not knowing is neutral, never bad news).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from interview_signals.calendar import business_calendar
from interview_signals.estimate.batch import frame_features
from interview_signals.estimate.csv_rows import OUTCOME
from interview_signals.estimate.features import FEATURE_NAMES, features
from interview_signals.observation import ROLE_SELLING, STAGES, Observation

TRUE_PROBABILITY = "true_probability"


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


@dataclass(frozen=True)
class PriorAssumptions:
    """Every number the simulator uses. See ``data/README.md`` for each one's source."""

    stage_mix: dict[str, float] = field(
        default_factory=lambda: {"phone_screen": 0.35, "interview": 0.40, "final_round": 0.25}
    )
    # P(offer or next round) when no signal is known.
    base_rate: dict[str, float] = field(
        default_factory=lambda: {"phone_screen": 0.50, "interview": 0.40, "final_round": 0.55}
    )
    # Log-odds effect per unit of each feature (see features.FEATURES for the units).
    effects: dict[str, float] = field(
        default_factory=lambda: {
            "ran_over": 1.2,
            "cut_short": -2.0,
            "selling_none": -0.4,
            "selling_some_or_more": 0.4,
            "selling_strong": 0.5,
            "reply_acknowledged_or_better": 0.1,
            "reply_affirming": 1.4,
            "silence_after_follow_up": -1.0,
            "silence_past_decision_date": -1.0,
        }
    )
    scheduled_minutes: dict[int, float] = field(
        default_factory=lambda: {30: 0.25, 45: 0.25, 60: 0.30, 90: 0.10, 120: 0.05, 240: 0.05}
    )
    length_unknown: float = 0.15
    ran_on_time: float = 0.45
    ran_over: float = 0.35  # the rest was cut short
    over_share: tuple[float, float] = (0.05, 0.60)
    short_share: tuple[float, float] = (0.05, 0.60)
    selling_unknown: float = 0.25
    selling_mix: dict[str, float] = field(default_factory=lambda: {"none": 0.30, "some": 0.45, "strong": 0.25})
    days_to_estimate: tuple[int, int] = (0, 35)  # calendar days from the interview to as_of
    thank_you_sent: float = 0.85
    decision_date_unknown: float = 0.45
    decision_business_days: tuple[int, int] = (3, 15)
    follow_up_sent: float = 0.60
    follow_up_business_days: tuple[int, int] = (4, 10)
    reply_mix: dict[str, float] = field(
        default_factory=lambda: {"none": 0.55, "acknowledged": 0.20, "affirming": 0.15, "unknown": 0.10}
    )
    country_mix: dict[str, float] = field(
        default_factory=lambda: {"US": 0.60, "GB": 0.15, "CA": 0.10, "DE": 0.10, "IN": 0.05}
    )
    first_interview: date = date(2023, 1, 2)
    last_interview: date = date(2026, 10, 30)

    def true_coefficients(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """(intercept by stage code, effect per feature) in the model's feature order."""
        intercepts = np.array([_logit(self.base_rate[stage]) for stage in STAGES])
        reference = intercepts[STAGES.index("interview")]
        stage_shift = {
            "stage_phone_screen": intercepts[0] - reference,
            "stage_final_round": intercepts[2] - reference,
        }
        coefficients = np.array([stage_shift.get(name, self.effects.get(name, 0.0)) for name in FEATURE_NAMES])
        return np.array([reference]), coefficients


def true_probability(obs: Observation, assumptions: PriorAssumptions | None = None) -> float:
    """The probability the simulator would draw this interview's outcome from."""
    intercept, coefficients = (assumptions or PriorAssumptions()).true_coefficients()
    return float(1.0 / (1.0 + np.exp(-(intercept[0] + features(obs) @ coefficients))))


def _choice(rng: np.random.Generator, mix: dict[str, float] | dict[int, float], n: int) -> npt.NDArray[np.object_]:
    keys = list(mix)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=np.array(list(mix.values())))]


def _add_business_days(
    days: npt.NDArray[np.datetime64], offsets: npt.NDArray[np.int64], countries: npt.NDArray[np.str_]
) -> npt.NDArray[np.datetime64]:
    out = np.empty_like(days)
    for country in np.unique(countries):
        rows = countries == country
        calendar = business_calendar(str(country), days[rows].min().astype(date), days[rows].max().astype(date))
        out[rows] = np.busday_offset(days[rows], offsets[rows], roll="backward", busdaycal=calendar.calendar)
    return out


def simulate(n: int, seed: int = 0, assumptions: PriorAssumptions | None = None) -> pd.DataFrame:
    """Draw ``n`` interviews: raw observation columns, the outcome (0/1) and its true probability.

    Examples
    --------
    >>> frame = simulate(1000, seed=1)
    >>> bool(frame["outcome"].isin([0, 1]).all()), bool(frame["true_probability"].between(0, 1).all())
    (True, True)
    """
    a = assumptions or PriorAssumptions()
    rng = np.random.default_rng(seed)
    nat = np.datetime64("NaT", "D")

    span = (a.last_interview - a.first_interview).days
    interview = np.datetime64(a.first_interview, "D") + rng.integers(0, span + 1, n)
    as_of = interview + rng.integers(a.days_to_estimate[0], a.days_to_estimate[1] + 1, n)
    country = _choice(rng, a.country_mix, n).astype(str)
    stage = _choice(rng, a.stage_mix, n)
    scheduled = _choice(rng, a.scheduled_minutes, n).astype(np.int64)

    kind = rng.random(n)
    share_over = rng.uniform(*a.over_share, n)
    share_short = rng.uniform(*a.short_share, n)
    ratio = np.where(
        kind < a.ran_on_time,
        1.0,
        np.where(kind < a.ran_on_time + a.ran_over, 1 + share_over, 1 - share_short),
    )
    actual = np.clip(np.round(scheduled * ratio), 1, 720)
    actual[rng.random(n) < a.length_unknown] = np.nan

    selling = _choice(rng, a.selling_mix, n)
    selling[rng.random(n) < a.selling_unknown] = None

    thank_you = np.where(rng.random(n) < a.thank_you_sent, interview + rng.integers(0, 2, n), nat)
    thank_you = np.where(thank_you <= as_of, thank_you, nat)

    decision = _add_business_days(interview, rng.integers(*a.decision_business_days, n, endpoint=True), country)
    decision[rng.random(n) < a.decision_date_unknown] = nat

    follow_up = _add_business_days(interview, rng.integers(*a.follow_up_business_days, n, endpoint=True), country)
    follow_up = np.maximum(follow_up, np.where(np.isnat(thank_you), follow_up, thank_you))
    sent = (rng.random(n) < a.follow_up_sent) & (follow_up <= as_of)
    follow_up = np.where(sent, follow_up, nat)
    reply = _choice(rng, a.reply_mix, n)
    reply[(reply == "unknown") | ~sent] = None

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
            "follow_up_reply": pd.Categorical(reply, categories=("none", "acknowledged", "affirming")),
            "country": pd.Categorical(country),
        }
    )
    intercept, coefficients = a.true_coefficients()
    log_odds = intercept[0] + frame_features(frame) @ coefficients
    probability = 1 / (1 + np.exp(-log_odds))
    frame[OUTCOME] = (rng.random(n) < probability).astype(np.int64)
    frame[TRUE_PROBABILITY] = probability
    return frame
