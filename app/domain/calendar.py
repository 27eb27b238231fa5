"""Working days in China (docs/domain.md §3.6): weekends off, 法定节假日 off, 调休 workdays on.

The holidays and the make-up workdays are the settings ``calendar.holidays`` and ``calendar.workdays``
(app/domain/settings.py); they default to the State Council's notices app/domain/holidays.py lists,
and each December the office adds the next year's.
A date in both lists counts as a workday (the later notice wins in practice; a typo should not lose a day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from app.domain.settings import Parsed, SettingRecord, read_setting

HOLIDAYS, WORKDAYS = "calendar.holidays", "calendar.workdays"
ONE_DAY = dt.timedelta(days=1)


def is_working_day(day: dt.date, holidays: Collection[dt.date] = (), workdays: Collection[dt.date] = ()) -> bool:
    """Whether ``day`` is a working day: a 调休 workday, or a weekday that is not a holiday."""
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: dt.date, n: int, holidays: Collection[dt.date] = (),
                     workdays: Collection[dt.date] = ()) -> dt.date:
    """The date ``n`` working days after ``start`` (``start`` itself not counted: "15 个工作日内" from a
    feedback on ``start`` ends on the returned date). ``n`` of 0 gives ``start``; a negative ``n``
    counts back the same way."""
    holidays, workdays = frozenset(holidays), frozenset(workdays)
    step = ONE_DAY if n >= 0 else -ONE_DAY
    day, left = start, abs(n)
    while left:
        day += step
        if is_working_day(day, holidays, workdays):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, holidays: Collection[dt.date] = (),
                         workdays: Collection[dt.date] = ()) -> int:
    """The working days after ``start`` up to and including ``end``; when ``end`` is earlier, minus the
    working days from ``end`` up to but excluding ``start``. So ``working_days_between(d,
    add_working_days(d, n)) == n`` for any ``n``."""
    if end < start:
        return -working_days_between(end - ONE_DAY, start - ONE_DAY, holidays, workdays)
    holidays, workdays = frozenset(holidays), frozenset(workdays)
    span = (end - start).days
    weeks, rest = divmod(span, 7)
    count = weeks * 5
    day = start + dt.timedelta(days=weeks * 7)
    for _ in range(rest):
        day += ONE_DAY
        count += day.weekday() < 5
    # Correct the plain count for the listed days inside (start, end].
    for holiday in holidays - workdays:
        if start < holiday <= end and holiday.weekday() < 5:
            count -= 1
    for workday in workdays:
        if start < workday <= end and workday.weekday() >= 5:
            count += 1
    return count


@dataclass(frozen=True)
class WorkCalendar:
    """The vault's working-day calendar: the settings ``calendar.holidays`` and ``calendar.workdays`` read
    once (a refused value counts as empty and is in ``problems``, for the page to say so)."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    problems: tuple[Parsed, ...] = ()

    @classmethod
    def from_settings(cls, settings: Iterable[SettingRecord]) -> WorkCalendar:
        settings = list(settings)
        holidays, workdays = (read_setting(settings, key) for key in (HOLIDAYS, WORKDAYS))
        return cls(frozenset(holidays.as_dates()), frozenset(workdays.as_dates()),
                   tuple(p for p in (holidays, workdays) if p.problem))

    def add(self, start: dt.date, n: int) -> dt.date:
        return add_working_days(start, n, self.holidays, self.workdays)

    def between(self, start: dt.date, end: dt.date) -> int:
        return working_days_between(start, end, self.holidays, self.workdays)

    def is_working_day(self, day: dt.date) -> bool:
        return is_working_day(day, self.holidays, self.workdays)
