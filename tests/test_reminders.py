"""Calendar reminders: each next step becomes a valid all-day .ics event on its date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from interview_signals.estimate.next_steps import NextStep, next_steps
from interview_signals.present.reminders import ALARM_AT, PRODID, reminder_ics, reminder_uid
from tests.conftest import make_obs

INTERVIEW = date(2026, 11, 2)
THANK_YOU = NextStep("thank_you", "Send a thank-you note to each interviewer", date(2026, 11, 3), None, "due")
FOLLOW_UP = NextStep(
    "second_follow_up",
    "Send one polite second follow-up if there is no decision",
    date(2026, 11, 12),
    date(2026, 11, 17),
    "upcoming",
)
STAMP = datetime(2026, 11, 2, 18, 30, tzinfo=UTC)


def parsed(step: NextStep, interview: date = INTERVIEW) -> Calendar:
    return Calendar.from_ical(reminder_ics(step, interview, STAMP))


@pytest.mark.parametrize("step", [THANK_YOU, FOLLOW_UP])
def test_the_event_is_all_day_on_the_steps_date(step: NextStep) -> None:
    calendar = parsed(step)
    assert str(calendar["prodid"]) == PRODID
    assert str(calendar["version"]) == "2.0"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == step.date
    assert not isinstance(event.decoded("dtstart"), datetime)
    assert event.decoded("dtend") == step.date + timedelta(days=1)
    assert str(event["summary"]) == step.action
    assert event.decoded("dtstamp") == STAMP


def test_a_window_names_its_last_day_and_a_deadline_does_not_invent_one() -> None:
    window = str(parsed(FOLLOW_UP).walk("VEVENT")[0]["description"])
    assert "Thu Nov 12, 2026 to Tue Nov 17, 2026" in window
    deadline = str(parsed(THANK_YOU).walk("VEVENT")[0]["description"])
    assert "window" not in deadline
    assert "Mon Nov 2, 2026" in deadline


def test_the_alarm_rings_on_the_morning_of_the_step() -> None:
    (alarm,) = parsed(THANK_YOU).walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == ALARM_AT
    assert alarm["trigger"].params["RELATED"] == "START"


def test_the_uid_is_stable_and_tells_steps_and_interviews_apart() -> None:
    uid = str(parsed(THANK_YOU).walk("VEVENT")[0]["uid"])
    assert uid == reminder_uid(THANK_YOU, INTERVIEW) == str(parsed(THANK_YOU).walk("VEVENT")[0]["uid"])
    assert uid != reminder_uid(FOLLOW_UP, INTERVIEW)
    assert uid != reminder_uid(THANK_YOU, date(2026, 11, 1))


def test_the_bytes_are_identical_for_the_same_step_and_stamp() -> None:
    assert reminder_ics(FOLLOW_UP, INTERVIEW, STAMP) == reminder_ics(FOLLOW_UP, INTERVIEW, STAMP)
    assert b"\r\n" in reminder_ics(FOLLOW_UP, INTERVIEW, STAMP)  # RFC 5545 line ends


def test_without_a_stamp_it_is_now() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    stamp = Calendar.from_ical(reminder_ics(THANK_YOU, INTERVIEW)).walk("VEVENT")[0].decoded("dtstamp")
    assert before <= stamp <= datetime.now(UTC)


def test_every_step_the_library_plans_becomes_a_reminder() -> None:
    obs = make_obs(decision_expected_by=date(2026, 11, 9))
    for step in next_steps(obs):
        (event,) = parsed(step, obs.interview_date).walk("VEVENT")
        assert event.decoded("dtstart") == step.date


def test_an_overdue_step_is_a_reminder_for_today_whose_alarm_can_still_ring() -> None:
    today, made = date(2026, 11, 20), datetime(2026, 11, 20, 16, 45, tzinfo=UTC)
    overdue = NextStep(THANK_YOU.kind, THANK_YOU.action, THANK_YOU.date, None, "overdue")
    (event,) = Calendar.from_ical(reminder_ics(overdue, INTERVIEW, made, today)).walk("VEVENT")
    assert event.decoded("dtstart") == today
    assert event.decoded("dtend") == today + timedelta(days=1)
    assert "It was due by Tue Nov 3, 2026" in str(event["description"])
    (alarm,) = event.walk("VALARM")
    rings = alarm.decoded("trigger")
    assert isinstance(rings, datetime)
    assert rings > made
    assert rings.astimezone().date() == today


def test_a_window_that_opened_days_ago_is_a_reminder_for_today() -> None:
    today = date(2026, 11, 13)
    open_window = NextStep(FOLLOW_UP.kind, FOLLOW_UP.action, FOLLOW_UP.date, FOLLOW_UP.latest, "due")
    (event,) = Calendar.from_ical(reminder_ics(open_window, INTERVIEW, STAMP, today)).walk("VEVENT")
    assert event.decoded("dtstart") == today
    assert "Thu Nov 12, 2026 to Tue Nov 17, 2026" in str(event["description"])


def test_a_step_still_ahead_keeps_its_own_day_and_morning_alarm() -> None:
    (event,) = Calendar.from_ical(reminder_ics(FOLLOW_UP, INTERVIEW, STAMP, date(2026, 11, 2))).walk("VEVENT")
    assert event.decoded("dtstart") == FOLLOW_UP.date
    assert event.walk("VALARM")[0].decoded("trigger") == ALARM_AT
