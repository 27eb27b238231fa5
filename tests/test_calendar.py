"""Working days (app/domain/calendar.py): weekends, 法定节假日 and 调休 workdays, as the settings
``calendar.holidays`` and ``calendar.workdays`` give them (docs/domain.md §3.6)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from app.domain.calendar import WorkCalendar, add_working_days, is_working_day, working_days_between
from app.domain.holidays import as_dates, holiday_dates
from app.domain.records import Setting
from app.domain.settings import parse_setting
from app.storage.vault import Vault

D = dt.date
# 2024 国庆: 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 worked (国务院办公厅 notice for 2024).
NATIONAL_DAY = parse_setting("calendar.holidays", "2024-10-01,2024-10-02 2024-10-03，2024-10-04、2024-10-05\n"
                             "2024-10-06 2024-10-07").as_dates()
MAKE_UP = parse_setting("calendar.workdays", "2024-09-29 2024-10-12").as_dates()


def test_weekends_only() -> None:
    friday = D(2024, 3, 1)
    assert add_working_days(friday, 1) == D(2024, 3, 4)  # Monday
    assert add_working_days(friday, 5) == D(2024, 3, 8)
    assert add_working_days(friday, 0) == friday
    assert add_working_days(D(2024, 3, 4), -1) == friday
    assert working_days_between(friday, D(2024, 3, 8)) == 5
    assert working_days_between(D(2024, 3, 8), friday) == -5


def test_a_national_day_week_with_its_make_up_saturday_and_sunday() -> None:
    assert len(NATIONAL_DAY) == 7 and len(MAKE_UP) == 2
    assert is_working_day(D(2024, 9, 29), NATIONAL_DAY, MAKE_UP)  # a Sunday worked (调休)
    assert not is_working_day(D(2024, 10, 2), NATIONAL_DAY, MAKE_UP)  # a Wednesday off
    assert not is_working_day(D(2024, 9, 29))  # without the lists: an ordinary Sunday
    # Friday 09-27 + 1 working day: the 调休 Sunday, not Monday 09-30.
    assert add_working_days(D(2024, 9, 27), 1, NATIONAL_DAY, MAKE_UP) == D(2024, 9, 29)
    # Monday 09-30 + 1: the whole week is off, Tuesday 10-08 is next.
    assert add_working_days(D(2024, 9, 30), 1, NATIONAL_DAY, MAKE_UP) == D(2024, 10, 8)
    # ... + 5 ends on the 调休 Saturday 10-12.
    assert add_working_days(D(2024, 9, 30), 5, NATIONAL_DAY, MAKE_UP) == D(2024, 10, 12)
    # 15 working days from a feedback on Friday 09-20 (the 整改方案): 10-16, not the 21-calendar-day 10-11.
    due = add_working_days(D(2024, 9, 20), 15, NATIONAL_DAY, MAKE_UP)
    assert due == D(2024, 10, 16)
    assert working_days_between(D(2024, 9, 20), due, NATIONAL_DAY, MAKE_UP) == 15
    assert working_days_between(D(2024, 9, 30), D(2024, 10, 7), NATIONAL_DAY, MAKE_UP) == 0


def test_a_date_in_both_lists_is_worked() -> None:
    day = D(2024, 10, 12)
    assert is_working_day(day, [day], [day])
    assert working_days_between(D(2024, 10, 11), day, [day], [day]) == 1


def _brute(start: dt.date, end: dt.date, holidays: set[dt.date], workdays: set[dt.date]) -> int:
    if start <= end:  # (start, end]
        return sum(is_working_day(start + dt.timedelta(days=i), holidays, workdays)
                   for i in range(1, (end - start).days + 1))
    return -sum(is_working_day(end + dt.timedelta(days=i), holidays, workdays)  # [end, start)
                for i in range((start - end).days))


dates = st.dates(D(2023, 12, 1), D(2025, 2, 1))


@given(dates, dates, st.sets(dates, max_size=20), st.sets(dates, max_size=8))
def test_between_counts_like_walking_day_by_day(start: dt.date, end: dt.date, holidays: set[dt.date],
                                                workdays: set[dt.date]) -> None:
    assert working_days_between(start, end, holidays, workdays) == _brute(start, end, holidays, workdays)


@given(dates, st.integers(-60, 60), st.sets(dates, max_size=20), st.sets(dates, max_size=8))
def test_add_then_count_gives_n_back(start: dt.date, n: int, holidays: set[dt.date], workdays: set[dt.date]) -> None:
    end = add_working_days(start, n, holidays, workdays)
    assert working_days_between(start, end, holidays, workdays) == n
    if n:
        assert is_working_day(end, holidays, workdays)


def test_the_calendar_read_from_the_settings() -> None:
    settings = [Setting(key="calendar.holidays", value="2024-10-01 2024-10-02 2024-10-03 2024-10-04 2024-10-07"),
                Setting(key="calendar.workdays", value="2024-09-29,2024-10-12")]
    calendar = WorkCalendar.from_settings(settings)
    assert calendar.add(D(2024, 9, 27), 1) == D(2024, 9, 29) and calendar.add(D(2024, 9, 30), 1) == D(2024, 10, 8)
    assert calendar.between(D(2024, 9, 30), D(2024, 10, 12)) == 5 and not calendar.problems
    assert calendar.is_working_day(D(2024, 10, 12)) and not calendar.is_working_day(D(2024, 10, 7))
    bad = WorkCalendar.from_settings([Setting(key="calendar.holidays", value="2024-10-01 国庆")])
    notices = frozenset(as_dates(holiday_dates()))  # a bad list reads as the default, and says so
    assert bad.holidays == notices and len(bad.problems) == 1 and "国庆" in (bad.problems[0].problem or "")
    assert WorkCalendar.from_settings([]).holidays == notices  # unset: the State Council's notices
    emptied = WorkCalendar.from_settings([Setting(key="calendar.holidays", value=""),
                                          Setting(key="calendar.workdays", value=" ")])
    assert emptied == WorkCalendar()  # emptied on purpose: weekends only


def test_a_new_vault_counts_working_days_with_the_state_councils_notices(vault: Vault) -> None:
    """The seeded 法定节假日 and 调休上班日 (app/domain/holidays.py): 15 working days from a 反馈 on
    2026-09-18 skip the 中秋 and 国庆 holidays and count the make-up Sundays and Saturdays."""
    calendar = WorkCalendar.from_settings(vault.records.iter(Setting))
    # Sun 09-20 and 09-21..24 are 5, 中秋 09-25..27 off, 09-28..30 are 8, 国庆 10-01..07 off, 10-08/09 and
    # Saturday 10-10 are 11, then 10-12..15 are 15.
    assert calendar.add(dt.date(2026, 9, 18), 15) == dt.date(2026, 10, 15)
    assert calendar.add(dt.date(2025, 1, 24), 1) == dt.date(2025, 1, 26)  # 调休: Sunday 01-26 is worked
    assert calendar.add(dt.date(2024, 2, 8), 1) == dt.date(2024, 2, 9)  # 除夕 2024 is not a 法定 holiday
    assert calendar.add(dt.date(2024, 2, 9), 1) == dt.date(2024, 2, 18)
