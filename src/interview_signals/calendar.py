"""Business days of a country: its own weekend and its public holidays skipped, counted fast."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
import numpy.typing as npt

from interview_signals.observation import MONTHS

# English names, like MONTHS: strftime's %A follows the process locale, and every sentence here is English.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_text(day: date, *, weekday: bool = False, long: bool = False, year: bool = False) -> str:
    """A day as people write it in English, whatever the process locale.

    Examples
    --------
    >>> day = date(2026, 11, 12)
    >>> day_text(day), day_text(day, weekday=True, year=True), day_text(day, weekday=True, long=True)
    ('Nov 12', 'Thu Nov 12, 2026', 'Thursday, November 12')
    """
    month, name = MONTHS[day.month - 1], WEEKDAYS[day.weekday()]
    text = f"{month if long else month[:3]} {day.day}"
    if weekday:
        text = f"{name}, {text}" if long else f"{name[:3]} {text}"
    return f"{text}, {day.year}" if year else text


@dataclass(frozen=True)
class BusinessCalendar:
    """Business days of one country over a window of years (weekends and public holidays skipped).

    Offsets use numpy's business-day functions. Counts read a running total of business days over the
    window, so counting is one subtraction for a single pair and one gather for a million.
    """

    country: str
    calendar: np.busdaycalendar
    first_day: date
    running_total: npt.NDArray[np.int64]  # running_total[i]: business days in [first_day, first_day + i)
    _running_total: list[int]

    @classmethod
    def over(
        cls, country: str, first_year: int, last_year: int, holidays: list[date], weekend: frozenset[int]
    ) -> BusinessCalendar:
        """A calendar for ``country`` from 1 January of ``first_year`` to 31 December of ``last_year``.

        ``weekend`` holds the weekdays that are not business days (Monday is 0): Saturday and Sunday
        in most countries, Friday and Saturday in Israel, Friday alone in Iran.
        """
        calendar = np.busdaycalendar(weekmask=[day not in weekend for day in range(7)], holidays=holidays)
        first, stop = np.datetime64(f"{first_year}-01-01"), np.datetime64(f"{last_year + 1}-01-01")
        is_business = np.is_busday(np.arange(first, stop), busdaycal=calendar)
        running = np.concatenate([[0], np.cumsum(is_business)])
        return cls(country, calendar, date(first_year, 1, 1), running, running.tolist())

    def add(self, day: date, business_days: int) -> date:
        """The date ``business_days`` business days after ``day`` (a weekend or holiday counts from the day before)."""
        moved = np.busday_offset(np.datetime64(day, "D"), business_days, roll="backward", busdaycal=self.calendar)
        return moved.astype(date)  # type: ignore[no-any-return]

    def count(self, start: date, end: date) -> int:
        """Business days in ``(start, end]``: 0 on the day itself, 1 on the next business day."""
        origin = self.first_day.toordinal() - 1
        return self._running_total[end.toordinal() - origin] - self._running_total[start.toordinal() - origin]

    def count_between(
        self, start: npt.NDArray[np.datetime64], end: npt.NDArray[np.datetime64]
    ) -> npt.NDArray[np.int64]:
        """Vectorised :meth:`count` over arrays of ``datetime64[D]`` inside the calendar's window."""
        origin = np.datetime64(self.first_day, "D") - 1
        return (
            self.running_total[(end - origin).astype(np.int64)] - self.running_total[(start - origin).astype(np.int64)]
        )


@cache
def _business_calendar(country: str, first_year: int, last_year: int) -> BusinessCalendar:
    import holidays  # imported on first use: the scoring path should not pay for it before it needs it

    days = holidays.country_holidays(country, years=range(first_year, last_year + 1))
    return BusinessCalendar.over(country, first_year, last_year, sorted(days), frozenset(days.weekend))


def business_calendar(country: str, *days: date) -> BusinessCalendar:
    """The cached business calendar of ``country`` (ISO 3166 alpha-2) covering ``days``.

    It spans the years of ``days`` with a year either side, so counts and offsets of a few weeks
    from any of them see every public holiday.
    """
    years = [day.year for day in days] or [date.today().year]
    return _business_calendar(country, min(years) - 1, max(years) + 1)
