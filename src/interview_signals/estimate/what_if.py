"""What could still change: the estimate under each outcome of every pending signal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from interview_signals.calendar import business_calendar, day_text
from interview_signals.estimate.explain import SELLING_TEXT
from interview_signals.estimate.features import Signal, feature_row
from interview_signals.estimate.model import Model
from interview_signals.estimate.next_steps import second_follow_up_window
from interview_signals.observation import ROLE_SELLING, Observation

WHAT_IF_SILENT_BUSINESS_DAYS = (5, 10)


WHAT_IF_LENGTH_SHARE = 0.25  # "ran a quarter over / was cut a quarter short" as the what-if lengths


@dataclass(frozen=True)
class Scenario:
    """What the estimate becomes if a pending or unknown signal turns out one way."""

    signal: Signal
    outcome: str
    text: str
    probability: float
    as_of: date


def _scenarios(obs: Observation) -> list[tuple[Signal, str, str, Observation]]:
    """(signal, outcome, sentence, the observation as it would then be) for each pending signal."""
    out: list[tuple[Signal, str, str, Observation]] = []
    calendar = business_calendar(obs.country, obs.interview_date, obs.as_of)
    if obs.actual_minutes is None:
        longer = round(obs.scheduled_minutes * (1 + WHAT_IF_LENGTH_SHARE))
        shorter = max(1, round(obs.scheduled_minutes * (1 - WHAT_IF_LENGTH_SHARE)))
        for outcome, minutes, text in (
            ("ran_over", longer, f"if it ran {longer - obs.scheduled_minutes} min over"),
            ("on_time", obs.scheduled_minutes, "if it ran to time"),
            ("cut_short", shorter, f"if it was cut {obs.scheduled_minutes - shorter} min short"),
        ):
            out.append(("duration", outcome, text, obs.model_copy(update={"actual_minutes": minutes})))
    if obs.role_selling is None:
        for level in ROLE_SELLING:
            text = SELLING_TEXT[level].replace("The interviewer", "if the interviewer", 1)
            out.append(("role_selling", level, text, obs.model_copy(update={"role_selling": level})))
    if obs.follow_up_reply in (None, "none"):
        sent = obs.follow_up_sent_on
        if sent is None:  # imagine the follow-up sent when the window opens (or today, if it is open)
            sent = max(obs.as_of, second_follow_up_window(obs, calendar)[0])
        lead = "" if obs.follow_up_sent_on else f"if you follow up on {day_text(sent)} and "
        lead = lead or "if "
        for reply, text in (
            ("affirming", "they reply warmly"),
            ("acknowledged", "they send a generic reply"),
        ):
            update = {"follow_up_sent_on": sent, "follow_up_reply": reply, "as_of": max(obs.as_of, sent)}
            out.append(("follow_up_reply", reply, lead + text, obs.model_copy(update=update)))
        for days in WHAT_IF_SILENT_BUSINESS_DAYS:
            then = calendar.add(max(obs.as_of, sent), days)
            text = lead + f"there is still no reply by {day_text(then)}"
            update = {"follow_up_sent_on": sent, "follow_up_reply": "none", "as_of": then}
            out.append(("follow_up_reply", f"silent_{days}_business_days", text, obs.model_copy(update=update)))
    decision = obs.decision_expected_by
    if decision is not None and decision >= obs.as_of:
        days = WHAT_IF_SILENT_BUSINESS_DAYS[0]
        then = calendar.add(decision, days)
        text = f"if {day_text(decision)} passes with no word for {days} business days"
        out.append(("decision_date", f"passed_{days}_business_days", text, obs.model_copy(update={"as_of": then})))
    return out


def what_if(model: Model, obs: Observation) -> tuple[Scenario, ...]:
    """For every signal still unknown or pending: the probability under each of its possible outcomes."""
    scenarios = _scenarios(obs)
    if not scenarios:
        return ()
    probabilities = model.probability(np.array([feature_row(changed) for *_, changed in scenarios]))
    return tuple(
        Scenario(signal, outcome, text, float(p), changed.as_of)
        for (signal, outcome, text, changed), p in zip(scenarios, probabilities, strict=True)
    )
