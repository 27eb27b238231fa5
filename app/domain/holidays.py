"""China's 法定节假日 and 调休上班日 as the State Council announced them, the defaults of the settings
``calendar.holidays`` and ``calendar.workdays`` (docs/domain.md §3.6), so that "15 个工作日" is right
from the first day. Each December brings the next year's notice: an office adds it in 设置 (a later
program adds it as a new seed, docs/vault.md "Settings").

Sources (国务院办公厅关于……年部分节假日安排的通知):
2024: 国办发明电〔2023〕7号 (2023-10-25); 2025: 国办发明电〔2024〕12号 (2024-11-12);
2026: the notice of 2025-11-04 (新华社 the same day).
"""

from __future__ import annotations

import datetime as dt

#: (first, last) of each 放假 span, weekends inside included as the notices count them.
HOLIDAY_SPANS: tuple[tuple[str, str], ...] = (
    # 2024
    ("2024-01-01", "2024-01-01"), ("2024-02-10", "2024-02-17"), ("2024-04-04", "2024-04-06"),
    ("2024-05-01", "2024-05-05"), ("2024-06-10", "2024-06-10"), ("2024-09-15", "2024-09-17"),
    ("2024-10-01", "2024-10-07"),
    # 2025
    ("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"), ("2025-04-04", "2025-04-06"),
    ("2025-05-01", "2025-05-05"), ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08"),
    # 2026
    ("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
    ("2026-10-01", "2026-10-07"),
)

#: The weekend days the same notices made working days (调休上班).
MAKE_UP_WORKDAYS: tuple[str, ...] = (
    "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12",
    "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
    "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
)


def holiday_dates() -> list[str]:
    """Every day of every span, as ``YYYY-MM-DD``."""
    days = []
    for first, last in HOLIDAY_SPANS:
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        while day <= end:
            days.append(day.isoformat())
            day += dt.timedelta(days=1)
    return days


def as_dates(days: list[str] | tuple[str, ...]) -> tuple[dt.date, ...]:
    """The setting's parsed form (app/domain/settings.py: sorted dates)."""
    return tuple(sorted({dt.date.fromisoformat(day) for day in days}))
