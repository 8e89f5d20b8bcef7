"""Hypothesis strategies for valid observations, shared by the property tests."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from interview_signals.observation import (
    ACTUAL_MINUTES,
    FOLLOW_UP_REPLIES,
    ROLE_SELLING,
    SCHEDULED_MINUTES,
    STAGES,
    Observation,
)

COUNTRIES = ("US", "GB", "CA", "DE", "IN", "FR", "JP", "AU")


@st.composite
def observations(draw: st.DrawFn) -> Observation:
    """Any valid observation: every optional field may be unknown, dates always consistent."""
    interview = draw(st.dates(date(2022, 1, 1), date(2027, 12, 31)))
    as_of = interview + timedelta(days=draw(st.integers(0, 90)))
    span = (as_of - interview).days

    def optional_day_between() -> date | None:
        return draw(st.none() | st.integers(0, span).map(lambda d: interview + timedelta(days=d)))

    thank_you = optional_day_between()
    follow_up = optional_day_between()
    if follow_up is not None and thank_you is not None and follow_up < thank_you:
        thank_you, follow_up = follow_up, thank_you
    return Observation(
        interview_date=interview,
        as_of=as_of,
        stage=draw(st.sampled_from(STAGES)),
        scheduled_minutes=draw(st.integers(*SCHEDULED_MINUTES)),
        actual_minutes=draw(st.none() | st.integers(*ACTUAL_MINUTES)),
        role_selling=draw(st.none() | st.sampled_from(ROLE_SELLING)),
        decision_expected_by=draw(st.none() | st.integers(0, 60).map(lambda d: interview + timedelta(days=d))),
        thank_you_sent_on=thank_you,
        follow_up_sent_on=follow_up,
        follow_up_reply=None if follow_up is None else draw(st.none() | st.sampled_from(FOLLOW_UP_REPLIES)),
        country=draw(st.sampled_from(COUNTRIES)),
    )
