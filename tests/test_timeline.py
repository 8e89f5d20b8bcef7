"""Next steps in business days, with weekends and public holidays skipped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import holidays
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_signals.calendar import business_calendar
from interview_signals.estimate.batch import columns_from_frame, observation_records
from interview_signals.estimate.features import clock_days
from interview_signals.estimate.next_steps import next_steps, second_follow_up_window
from interview_signals.observation import Observation


def test_seven_business_days_skip_the_weekend_and_thanksgiving() -> None:
    calendar = business_calendar("US", date(2026, 11, 20))
    # Fri 20 Nov 2026: Mon 23, Tue 24, Wed 25, (Thu 26 is Thanksgiving), Fri 27, Mon 30, Tue 1, Wed 2 Dec.
    assert calendar.add(date(2026, 11, 20), 7) == date(2026, 12, 2)
    assert calendar.count(date(2026, 11, 20), date(2026, 11, 30)) == 5


def test_the_same_dates_in_germany_ignore_thanksgiving() -> None:
    assert business_calendar("DE", date(2026, 11, 20)).add(date(2026, 11, 20), 7) == date(2026, 12, 1)


def test_a_thursday_follow_up_seen_on_an_israeli_friday_has_no_silent_day() -> None:
    # Israel's weekend is Friday and Saturday: Fri 2025-09-12 is not a business day there.
    obs = Observation(
        interview_date=date(2025, 9, 8),
        as_of=date(2025, 9, 12),
        scheduled_minutes=45,
        follow_up_sent_on=date(2025, 9, 11),
        follow_up_reply="none",
        country="IL",
    )
    assert clock_days(obs).since_follow_up == 0
    assert clock_days(obs.model_copy(update={"country": "US"})).since_follow_up == 1
    # The batch path counts the same days as the single one.
    cols = columns_from_frame(observation_records([obs]))
    assert (cols.waited_days - cols.follow_up_day).tolist() == [0]


@pytest.mark.parametrize(("country", "weekend"), [("US", {5, 6}), ("IL", {4, 5}), ("SA", {4, 5}), ("IR", {4})])
def test_business_days_skip_the_countrys_own_weekend(country: str, weekend: set[int]) -> None:
    calendar = business_calendar(country, date(2026, 5, 11))
    week = [date(2026, 5, 11 + offset) for offset in range(7)]  # Monday 11 May 2026 to Sunday 17 May
    days_off = {day.weekday() for day in week if calendar.count(date.fromordinal(day.toordinal() - 1), day) == 0}
    holiday_days = {day.weekday() for day in week if day in holidays.country_holidays(country, years=2026)}
    assert days_off == weekend | holiday_days
    assert weekend - holiday_days


def test_an_interview_on_a_saturday_counts_from_the_friday_before() -> None:
    calendar = business_calendar("US", date(2026, 11, 14))
    assert calendar.add(date(2026, 11, 14), 1) == date(2026, 11, 16)


@given(st.dates(date(2023, 1, 1), date(2027, 12, 1)), st.integers(0, 60), st.sampled_from(["US", "GB", "IN"]))
def test_counts_agree_with_numpy_busday_count(start: date, days: int, country: str) -> None:
    end = date.fromordinal(start.toordinal() + days)
    calendar = business_calendar(country, start, end)
    holiday_list = sorted(holidays.country_holidays(country, years=range(start.year, end.year + 1)))
    expected = np.busday_count(np.datetime64(start) + 1, np.datetime64(end) + 1, holidays=holiday_list)
    assert calendar.count(start, end) == expected
    vectorised = calendar.count_between(
        np.array([start], dtype="datetime64[D]"), np.array([end], dtype="datetime64[D]")
    )
    assert vectorised[0] == expected


def test_thank_you_is_due_within_24_hours_then_overdue(base_obs: Callable[..., Observation]) -> None:
    on_the_day = next_steps(base_obs(as_of=date(2026, 11, 2)))[0]
    assert (on_the_day.kind, on_the_day.date, on_the_day.status) == ("thank_you", date(2026, 11, 3), "due")
    assert next_steps(base_obs(as_of=date(2026, 11, 4)))[0].status == "overdue"
    sent = base_obs(as_of=date(2026, 11, 4), thank_you_sent_on=date(2026, 11, 2))
    assert next_steps(sent)[0].status == "done"


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (date(2026, 11, 11), "upcoming"),
        (date(2026, 11, 12), "due"),
        (date(2026, 11, 17), "due"),
        (date(2026, 11, 18), "overdue"),
    ],
)
def test_second_follow_up_status_follows_the_window(
    base_obs: Callable[..., Observation], as_of: date, status: str
) -> None:
    assert next_steps(base_obs(as_of=as_of))[1].status == status


def test_window_dates_skip_veterans_day(base_obs: Callable[..., Observation]) -> None:
    opens, closes = second_follow_up_window(base_obs(), business_calendar("US", date(2026, 11, 2)))
    assert (opens, closes) == (date(2026, 11, 12), date(2026, 11, 17))


def test_a_passed_decision_date_opens_the_window_sooner(base_obs: Callable[..., Observation]) -> None:
    obs = base_obs(decision_expected_by=date(2026, 11, 5), as_of=date(2026, 11, 6))
    step = next_steps(obs)[1]
    assert step.date == date(2026, 11, 6)  # the first business day after Thu 5 Nov
    assert step.status == "due"


def test_a_sent_follow_up_marks_the_step_done(base_obs: Callable[..., Observation]) -> None:
    assert next_steps(base_obs(follow_up_sent_on=date(2026, 11, 12)))[1].status == "done"
