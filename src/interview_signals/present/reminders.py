"""Calendar reminders (.ics) for the next steps, so a date on the page can land in the user's calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event

from interview_signals.calendar import day_text
from interview_signals.estimate.next_steps import NextStep

__all__ = ["ALARM_AT", "PRODID", "day_reminder_ics", "reminder_ics", "reminder_uid"]

PRODID = "-//interview-signals//Next-step reminders//EN"
# The alarm rings at this local time on the step's day: early enough to act on it that day.
ALARM_AT = timedelta(hours=9)
SOON = timedelta(minutes=15)  # how soon a reminder for a step already late rings, when made after that morning


def reminder_uid(step: NextStep, interview_date: date) -> str:
    """A UID that is the same every time for the same step of the same interview.

    Re-importing a reminder then updates the calendar entry instead of adding a duplicate, and the
    thank-you notes of two interviews on different days never overwrite each other.

    Examples
    --------
    >>> step = NextStep("thank_you", "Send a thank-you note", date(2026, 11, 3), None, "due")
    >>> reminder_uid(step, date(2026, 11, 2))
    'thank_you-20261102-20261103@interview-signals'
    """
    return f"{step.kind}-{interview_date:%Y%m%d}-{step.date:%Y%m%d}@interview-signals"


def reminder_day(step: NextStep, today: date) -> date:
    """The day a step's reminder falls on: its own date, or ``today`` once that has passed (a past alarm never rings).

    Examples
    --------
    >>> step = NextStep("thank_you", "Send a thank-you note", date(2026, 11, 3), None, "overdue")
    >>> reminder_day(step, date(2026, 11, 2)), reminder_day(step, date(2026, 11, 20))
    (datetime.date(2026, 11, 3), datetime.date(2026, 11, 20))
    """
    return max(step.date, today)


def reminder_ics(
    step: NextStep, interview_date: date, stamp: datetime | None = None, today: date | None = None
) -> bytes:
    """One all-day calendar event on the step's date, with an alarm that morning, as iCalendar bytes.

    A step whose date has already passed (overdue, or a window that opened days ago) is put on
    ``today`` instead: an alarm in the past never rings, and today is when it can still be done.

    Parameters
    ----------
    step
        The next step; its ``date`` is the day of the event unless that is before ``today``. When
        ``latest`` is set (a window of days, as for the second follow-up) the description says by
        when it closes.
    interview_date
        The interview the step belongs to: part of the UID and of the description.
    stamp
        When the reminder was created (``DTSTAMP``); now, in UTC, when not given.
    today
        The day the reminder is made (the page's today); the day of ``stamp`` when only that is
        given, else the real date.

    Returns
    -------
    bytes
        A VCALENDAR holding one VEVENT with one VALARM, CRLF line endings as RFC 5545 requires.

    Examples
    --------
    >>> step = NextStep("thank_you", "Send a thank-you note", date(2026, 11, 3), None, "due")
    >>> text = reminder_ics(step, date(2026, 11, 2), datetime(2026, 11, 2, 12, tzinfo=UTC), date(2026, 11, 2)).decode()
    >>> "DTSTART;VALUE=DATE:20261103" in text
    True
    >>> late = reminder_ics(step, date(2026, 11, 2), today=date(2026, 11, 20)).decode()
    >>> "DTSTART;VALUE=DATE:20261120" in late
    True
    """

    def day(when: date) -> str:
        return day_text(when, weekday=True, year=True)

    made = stamp or datetime.now(UTC)
    on = reminder_day(step, today or (made.date() if stamp else date.today()))
    lines = [f"{step.action}.", f"For the interview on {day(interview_date)}."]
    if step.latest is not None:
        lines.insert(1, f"The window runs from {day(step.date)} to {day(step.latest)}.")
    elif on > step.date:
        lines.insert(1, f"It was due by {day(step.date)}; a short note now still helps.")
    rings = None
    if on > step.date:  # moved to today, whose morning may be over: ring soon, never in the past
        morning = datetime.combine(on, time()).astimezone() + ALARM_AT  # this machine's time zone: a local tool
        rings = max(morning.astimezone(UTC), made + SOON)
    return day_reminder_ics(reminder_uid(step, interview_date), step.action, lines, on, made, rings)


def day_reminder_ics(
    uid: str, summary: str, lines: list[str], day: date, stamp: datetime | None = None, rings: datetime | None = None
) -> bytes:
    """One all-day event on ``day`` with an alarm that morning: the shape of every reminder here.

    ``lines`` become the description; ``stamp`` is ``DTSTAMP`` (now, in UTC, when not given); ``rings``
    is an absolute time for the alarm instead of the morning (for a reminder made after that morning).
    """
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp or datetime.now(UTC))
    event.add("summary", summary)
    event.add("description", "\n".join(lines))
    # An all-day event: DATE values, and the end is exclusive, so it is the next day.
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it does not block the day

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    if rings is None:
        alarm.add("trigger", ALARM_AT, parameters={"RELATED": "START"})
    else:
        alarm.add("trigger", rings)
    event.add_component(alarm)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(event)
    return bytes(calendar.to_ical())
