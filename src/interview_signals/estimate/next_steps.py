"""Next steps after an interview: the thank-you note and the second follow-up, in business days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from interview_signals.calendar import BusinessCalendar, business_calendar
from interview_signals.observation import NoteKind, Observation

Day = date  # the field below is called `date`, as in the JSON it becomes


Status = Literal["done", "due", "overdue", "upcoming"]


THANK_YOU_WITHIN_DAYS = 1  # "within 24 hours" of the interview


SECOND_FOLLOW_UP_BUSINESS_DAYS = (7, 10)  # the article's polite window, counted from the interview


@dataclass(frozen=True)
class NextStep:
    """One thing to do, by when, and where it stands today."""

    kind: NoteKind
    action: str
    date: Day
    latest: Day | None
    status: Status

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form with ISO dates."""
        return {
            "kind": self.kind,
            "action": self.action,
            "date": self.date.isoformat(),
            "latest": self.latest.isoformat() if self.latest else None,
            "status": self.status,
        }


def _status(sent: bool, today: date, opens: date, closes: date) -> Status:
    if sent:
        return "done"
    if today < opens:
        return "upcoming"
    return "due" if today <= closes else "overdue"


def second_follow_up_window(obs: Observation, calendar: BusinessCalendar) -> tuple[date, date]:
    """Days 7 to 10 in business days after the interview, opened early by a promised decision date that passed."""
    first, last = (calendar.add(obs.interview_date, days) for days in SECOND_FOLLOW_UP_BUSINESS_DAYS)
    if obs.decision_expected_by is not None:
        first = min(first, calendar.add(obs.decision_expected_by, 1))
    return first, last


def next_steps(obs: Observation) -> list[NextStep]:
    """The thank-you note and the second follow-up, with dates and today's status for each."""
    calendar = business_calendar(obs.country, obs.interview_date, obs.as_of)
    thank_you_by = obs.interview_date + timedelta(days=THANK_YOU_WITHIN_DAYS)
    opens, closes = second_follow_up_window(obs, calendar)
    return [
        NextStep(
            "thank_you",
            "Send a thank-you note to each interviewer",
            thank_you_by,
            None,
            _status(obs.thank_you_sent_on is not None, obs.as_of, obs.interview_date, thank_you_by),
        ),
        NextStep(
            "second_follow_up",
            "Send one polite second follow-up if there is no decision",
            opens,
            closes,
            _status(obs.follow_up_sent_on is not None, obs.as_of, opens, closes),
        ),
    ]
