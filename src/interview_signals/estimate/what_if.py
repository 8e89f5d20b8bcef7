"""What could still change: the estimate under each outcome of every pending signal, and how likely each is.

Each pending signal's outcomes form a partition (exactly one of them will happen), and each carries its
``chance`` given what is known now, from the prior's class-conditional story:
``chance = p × P(outcome | offer) + (1 − p) × P(outcome | no offer)``, ``p`` the current estimate. So the
chances sum to 1 and ``Σ chance × probability`` is the current estimate (up to how closely the fitted
model follows the prior): "not sure" is the average of what you might find out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from interview_signals.assumptions import NO_OFFER, OFFER, load_assumptions
from interview_signals.calendar import BusinessCalendar, business_calendar, day_text
from interview_signals.estimate.explain import SELLING_TEXT
from interview_signals.estimate.features import ClockDays, Signal, clock_days, feature_row
from interview_signals.estimate.model import Model
from interview_signals.estimate.next_steps import second_follow_up_window
from interview_signals.estimate.silence import NEVER, news_clock
from interview_signals.observation import ROLE_SELLING, Observation

WHAT_IF_SILENT_BUSINESS_DAYS = 5  # how far ahead "still no decision by …" looks
DECISION = "decision"  # the outcome "they tell you their decision first": its probability is that it is an offer


@dataclass(frozen=True)
class Scenario:
    """What the estimate becomes if a pending or unknown signal turns out one way, and how likely that is."""

    signal: Signal
    outcome: str
    text: str
    probability: float
    as_of: date
    chance: float  # P(this outcome | what is known now)


@dataclass(frozen=True)
class _Outcome:
    signal: Signal
    outcome: str
    text: str
    then: Observation  # the observation as it would then be
    given: tuple[float, float]  # P(this outcome | offer), P(this outcome | no offer)


def _day(calendar: BusinessCalendar, obs: Observation, days: ClockDays, business_days: int) -> date:
    """The date ``business_days`` business days after the interview (``as_of`` itself when that is the day)."""
    return obs.as_of if business_days == days.waited else calendar.add(obs.interview_date, business_days)


def _still_silent(obs: Observation, days: ClockDays, until: int, follow_up: int) -> tuple[float, float]:
    """P(no decision by business day ``until`` | none by now), given an offer and given none."""
    clock = news_clock()
    ratios = []
    for outcome in (OFFER, NO_OFFER):
        now = clock.log_survival_of(outcome, days.waited, days.follow_up, days.decision)
        later = clock.log_survival_of(outcome, until, follow_up, days.decision)
        ratios.append(float(np.exp(later - now)))
    return ratios[0], ratios[1]


def _duration(obs: Observation) -> list[_Outcome]:
    a = load_assumptions()
    given = {outcome: a.length_kind_given(outcome) for outcome in (OFFER, NO_OFFER)}
    scheduled = obs.scheduled_minutes
    longer = round(scheduled * (1 + a.typical_share("ran_over")))
    shorter = max(1, round(scheduled * (1 - a.typical_share("cut_short"))))
    return [
        _Outcome(
            "duration",
            kind,
            text,
            obs.model_copy(update={"actual_minutes": minutes}),
            (given[OFFER][kind], given[NO_OFFER][kind]),
        )
        for kind, minutes, text in (
            ("ran_over", longer, f"if it ran over (say {longer - scheduled} min)"),
            ("on_time", scheduled, "if it ran to time"),
            ("cut_short", shorter, f"if it was cut short (say {scheduled - shorter} min)"),
        )
    ]


def _selling(obs: Observation) -> list[_Outcome]:
    given = load_assumptions().selling_given
    return [
        _Outcome(
            "role_selling",
            level,
            SELLING_TEXT[level].replace("The interviewer", "if the interviewer", 1),
            obs.model_copy(update={"role_selling": level}),
            (given[OFFER][level], given[NO_OFFER][level]),
        )
        for level in ROLE_SELLING
    ]


def _follow_up(obs: Observation, calendar: BusinessCalendar, days: ClockDays) -> list[_Outcome]:
    """The answer to the follow-up (sent, or sent when the window opens), or the decision before it."""
    clock, given = news_clock(), load_assumptions().reply_given
    sent = obs.follow_up_sent_on or max(obs.as_of, second_follow_up_window(obs, calendar)[0])
    sent_day = days.follow_up if obs.follow_up_sent_on else calendar.count(obs.interview_date, sent)
    due = max(days.waited, sent_day + clock.follow_up_grace_days + 1)
    then = _day(calendar, obs, days, due)
    silent = _still_silent(obs, days, due, sent_day)
    lead = "if " if obs.follow_up_sent_on else f"if you follow up on {day_text(sent)} and "
    out = [
        _Outcome(
            "follow_up_reply",
            reply,
            lead + text,
            obs.model_copy(update={"follow_up_sent_on": sent, "follow_up_reply": reply, "as_of": then}),
            (silent[0] * given[OFFER][reply], silent[1] * given[NO_OFFER][reply]),
        )
        for reply, text in (
            ("affirming", "they reply warmly"),
            ("acknowledged", "they send a generic reply"),
            ("none", f"there is no answer by {day_text(then)}"),
        )
    ]
    if due > days.waited:
        first = obs.model_copy(update={"as_of": then})
        out.append(
            _Outcome(
                "follow_up_reply",
                DECISION,
                lead + "they tell you their decision first",
                first,
                (1 - silent[0], 1 - silent[1]),
            )
        )
    return out


def _silence(obs: Observation, calendar: BusinessCalendar, days: ClockDays) -> list[_Outcome]:
    """Still no decision a few business days on (after a promised date still ahead), or the decision."""
    ahead = obs.decision_expected_by is not None and days.decision != NEVER and days.decision >= days.waited
    until = (days.decision if ahead else days.waited) + WHAT_IF_SILENT_BUSINESS_DAYS
    then = _day(calendar, obs, days, until)
    update: dict[str, object] = {"as_of": then}
    if obs.follow_up_reply == "none" and days.since_follow_up <= news_clock().follow_up_grace_days:
        update["follow_up_reply"] = None  # its answer is another what-if; this one says nothing of it
    silent = _still_silent(obs, days, until, days.follow_up)
    if ahead and obs.decision_expected_by is not None:
        promised, later = day_text(obs.decision_expected_by), WHAT_IF_SILENT_BUSINESS_DAYS
        text = f"if {promised} passes with no decision for {later} business days"
    else:
        text = f"if there is still no decision by {day_text(then)}"
    waited = obs.model_copy(update=update)
    return [
        _Outcome("silence", f"silent_until_{then.isoformat()}", text, waited, silent),
        _Outcome(
            "silence",
            DECISION,
            f"if they tell you their decision by {day_text(then)}",
            waited,
            (1 - silent[0], 1 - silent[1]),
        ),
    ]


def _outcomes(obs: Observation) -> list[_Outcome]:
    """Every pending signal's outcomes, each signal's forming a partition."""
    calendar = business_calendar(obs.country, obs.interview_date, obs.as_of, obs.decision_expected_by or obs.as_of)
    days = clock_days(obs)
    out: list[_Outcome] = []
    if obs.actual_minutes is None:
        out += _duration(obs)
    if obs.role_selling is None:
        out += _selling(obs)
    note_pending = obs.follow_up_reply is None or (
        obs.follow_up_reply == "none" and days.since_follow_up <= news_clock().follow_up_grace_days
    )
    if obs.follow_up_sent_on is None or note_pending:
        out += _follow_up(obs, calendar, days)
    return out + _silence(obs, calendar, days)


def what_if(model: Model, obs: Observation) -> tuple[Scenario, ...]:
    """For every signal still unknown or pending: each outcome's estimate and its chance given what is known now."""
    outcomes = _outcomes(obs)
    now = float(model.probability(np.array(feature_row(obs))))
    estimates = model.probability(np.array([feature_row(o.then) for o in outcomes]))
    scenarios = []
    for o, estimate in zip(outcomes, estimates, strict=True):
        offer, no_offer = o.given
        chance = now * offer + (1 - now) * no_offer
        if chance <= 0:  # cannot happen (news inside the clock's grace period): not an outcome to show
            continue
        probability = now * offer / chance if o.outcome == DECISION else float(estimate)
        scenarios.append(Scenario(o.signal, o.outcome, o.text, probability, o.then.as_of, chance))
    return tuple(scenarios)
