"""The shared settings (``setting`` records): each key's type, range, default and label.

A ``setting`` record is a key and a text value; it merges and travels in packages like any record,
so its value is outside input. :func:`parse_setting` is the one reading of a stored value: every
reader uses it and falls back to the default (with a warning) when the value does not fit, the
record store refuses such a value on a local save, and :func:`setting_violations` lets an import
refuse a package that carries one (docs/vault.md, "Settings").
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from app.domain.holidays import MAKE_UP_WORKDAYS, as_dates, holiday_dates
from app.domain.vocab import DEFAULT_DEADLINE_DAYS


class SettingType(enum.Enum):
    DAYS = "days"  # a whole number of calendar days, ASCII digits only
    WORKING_DAYS = "working_days"  # a whole number of working days (app/domain/calendar.py)
    YEARS = "years"  # a whole number of years
    TEXT = "text"  # free text (one paragraph a line where a document prints it)
    DATES = "dates"  # dates "YYYY-MM-DD" separated by commas or white space
    BOOL = "bool"  # true/false (是/否, 1/0)
    RATIO = "ratio"  # a decimal number from 0 to 1
    TEXT_LIST = "text_list"  # short items separated by commas (, ， 、) or new lines


#: The types whose value is a whole number.
WHOLE = frozenset({SettingType.DAYS, SettingType.WORKING_DAYS, SettingType.YEARS})

#: What a parsed setting holds: a whole number, a ratio, a flag, text, or a tuple of items or dates.
SettingValue = int | float | bool | str | tuple[str, ...] | tuple[dt.date, ...]


@dataclass(frozen=True)
class SettingSpec:
    """One setting, or one family of settings when ``key`` ends in ":" (the unit's id follows).

    ``low``..``high`` is the inclusive range of a whole-number value; for TEXT, DATES and TEXT_LIST,
    ``high`` is the most characters. ``default`` is what readers use when the value is unset or
    refused; a TEXT default of "" means "the document's own default text".
    """

    key: str
    type: SettingType
    label: str
    default: SettingValue
    low: int = 0
    high: int = 0

    @property
    def family(self) -> bool:
        return self.key.endswith(":")

    def matches(self, key: str) -> bool:
        return key.startswith(self.key) if self.family else key == self.key

    @property
    def range_text(self) -> str:
        unit = _UNITS.get(self.type)
        if unit is not None:
            return f"{self.low} 至 {self.high} 之间的整数（{unit}）"
        if self.type is SettingType.DATES:
            return f"以逗号或空格分隔的日期（YYYY-MM-DD），共不超过 {self.high} 个字符"
        if self.type is SettingType.BOOL:
            return "true 或 false（是/否）"
        if self.type is SettingType.RATIO:
            return "0 至 1 之间的小数"
        if self.type is SettingType.TEXT_LIST:
            return f"以逗号分隔的若干项，共不超过 {self.high} 个字符"
        return f"不超过 {self.high} 个字符的文字"

    @property
    def default_text(self) -> str:
        return show_value(self.default)


_UNITS = {SettingType.DAYS: "天", SettingType.WORKING_DAYS: "工作日", SettingType.YEARS: "年"}


def show_value(value: SettingValue) -> str:
    """A parsed value as a person reads it (the defaults in warnings)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, tuple):
        return "、".join(v.isoformat() if isinstance(v, dt.date) else v for v in value) or "空"
    return str(value) if value != "" else "默认文字"


# Days: docs/domain.md's longest time limit is one year (a handed-over lead closed); ten years leaves any
# local rule room and keeps every computed deadline (a date plus the days, or plus days // 30 months)
# thousands of years inside Python's dates, so no reader can overflow. "Due soon" beyond a year would
# mark nearly everything, so that one stops at 365; 0 means "only on the day itself".
MAX_DAYS = 3650
# Text: a GB/T 9704 page holds 22 lines of 28 characters; 20,000 characters are some 30 pages of
# one section, far more than any 总体评价 or 意见建议, yet a package cannot make a document of
# thousands of pages out of one setting. 抄送 is one line of unit names.
MAX_TEXT = 20_000
MAX_LINE = 500

# Dates: two decades of holidays (some 30 a year) fit in 20,000 characters, eleven characters each.
# Lists: a few dozen roles or escrow keys (an age recipient is 62 characters).
MAX_LIST = 2_000


def _days(key: str, label: str, working: bool = False) -> SettingSpec:
    kind = SettingType.WORKING_DAYS if working else SettingType.DAYS
    return SettingSpec(key, kind, label, DEFAULT_DEADLINE_DAYS[key], 1, MAX_DAYS)


SETTINGS: tuple[SettingSpec, ...] = (
    _days("deadline.notice_working_days", "巡察公告发布期限（工作日）", working=True),
    _days("deadline.committee_report_days", "向党委报告期限（天）"),
    _days("deadline.rectification_plan_working_days", "整改方案报送期限（工作日）", working=True),
    _days("deadline.democratic_meeting_days", "专题民主生活会召开期限（天）"),
    _days("deadline.rectification_report_days", "整改情况报告报送期限（天）"),
    _days("deadline.lead_feedback_days", "移交线索反馈期限（天）"),
    _days("deadline.lead_close_days", "移交线索办结期限（天）"),
    _days("deadline.lead_close_max_days", "移交线索办结最长期限（天）"),
    SettingSpec("deadline.due_soon_days", SettingType.DAYS, "到期前提示天数",
                DEFAULT_DEADLINE_DAYS["deadline.due_soon_days"], 0, 365),
    SettingSpec("feedback.assessment:", SettingType.TEXT, "反馈意见总体评价", "", 0, MAX_TEXT),
    SettingSpec("feedback.recommendations:", SettingType.TEXT, "反馈意见意见建议", "", 0, MAX_TEXT),
    SettingSpec("feedback.copy_to", SettingType.TEXT, "反馈意见抄送", "", 0, MAX_LINE),
    SettingSpec("report.assessment:", SettingType.TEXT, "巡察报告总体评价", "", 0, MAX_TEXT),
    SettingSpec("report.recommendations:", SettingType.TEXT, "巡察报告意见建议", "", 0, MAX_TEXT),
    SettingSpec("calendar.holidays", SettingType.DATES, "法定节假日", as_dates(holiday_dates()), 0, MAX_TEXT),
    SettingSpec("calendar.workdays", SettingType.DATES, "调休上班日", as_dates(MAKE_UP_WORKDAYS), 0, MAX_TEXT),
    SettingSpec("plan.past_post_years", SettingType.YEARS, "任职回避年限（年）", 5, 0, 50),
    SettingSpec("plan.forbid_reciprocal", SettingType.BOOL, "禁止交叉巡察互查", True),
    SettingSpec("plan.local_roles", SettingType.TEXT_LIST, "联动式巡察组中可来自被巡察地的职务", ("组长", "联络员"),
                0, MAX_LINE),
    SettingSpec("revisit.similarity", SettingType.RATIO, "重复发现问题相似度阈值", 0.5),
    SettingSpec("deploy.escrow", SettingType.TEXT_LIST, "部署包托管密钥（接收方或指纹）", (), 0, MAX_LIST),
)

#: Keys this version does not know are kept as text (a newer version's setting must pass through
#: this one's vaults and packages); nothing here reads them, so only their length is bounded.
UNKNOWN = SettingSpec("", SettingType.TEXT, "设置", "", 0, MAX_TEXT)

MAX_KEY = 200
#: ASCII digits only: "²".isdigit() and "٣".isdigit() are True, and int() refuses the first.
#: Six digits are enough to tell "too large" from "not a number" without converting 400 nines.
_DAYS_RE = re.compile(r"[0-9]{1,6}")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RATIO_RE = re.compile(r"(0|1)?(\.[0-9]{1,6})?")
_SEPARATORS = re.compile(r"[,，、;；\s]+")
_LIST_SEPARATORS = re.compile(r"[,，、;；\n]+")
_TRUE = frozenset({"true", "1", "yes", "是"})
_FALSE = frozenset({"false", "0", "no", "否"})


def spec_of(key: str) -> SettingSpec:
    """The declaration of ``key`` (:data:`UNKNOWN` for a key this version does not know)."""
    return next((s for s in SETTINGS if s.matches(key)), UNKNOWN)


def _shown(raw: str, limit: int = 12) -> str:
    return raw if len(raw) <= limit else raw[:limit] + "…"


@dataclass(frozen=True)
class Parsed:
    """A setting as readers use it: the value (the default when the stored one was refused) and,
    if it was refused, why (Chinese, with the key and the offending value in it)."""

    key: str
    value: SettingValue
    problem: str | None = None

    @property
    def spec(self) -> SettingSpec:
        return spec_of(self.key)

    @property
    def warning(self) -> str | None:
        """One line for the user: what was wrong and what was used instead."""
        if self.problem is None:
            return None
        return f"{self.problem}，已按默认值 {self.spec.default_text} 计算"

    # Typed reads for code that knows the key's type (mypy cannot tell from the key).

    def as_int(self) -> int:
        assert isinstance(self.value, int) and not isinstance(self.value, bool), self.key
        return self.value

    def as_bool(self) -> bool:
        assert isinstance(self.value, bool), self.key
        return self.value

    def as_float(self) -> float:
        assert isinstance(self.value, float), self.key
        return self.value

    def as_dates(self) -> tuple[dt.date, ...]:
        assert isinstance(self.value, tuple), self.key
        return tuple(v for v in self.value if isinstance(v, dt.date))

    def as_list(self) -> tuple[str, ...]:
        assert isinstance(self.value, tuple), self.key
        return tuple(v for v in self.value if isinstance(v, str))


def parse_setting(key: str, raw: Any) -> Parsed:
    """Read a stored value of ``key``: unset gives the default; a value out of type or range gives
    the default and the reason. Never raises."""
    spec = spec_of(key)
    if raw is None or (isinstance(raw, str) and not raw.strip() and spec.type is not SettingType.DATES):
        return Parsed(key, spec.default)
    text = str(raw)
    if spec.type is SettingType.DATES and not text.strip():
        return Parsed(key, ())  # a calendar list emptied on purpose stays empty; only unset gives the notices

    def invalid(what: str = "") -> Parsed:
        shown = _shown(what or text)
        return Parsed(key, spec.default, f"设置“{spec.label}”（{key}）的值“{shown}”无效：须为 {spec.range_text}")

    if spec.type in WHOLE:
        digits = text.strip()
        if _DAYS_RE.fullmatch(digits) and spec.low <= int(digits) <= spec.high:
            return Parsed(key, int(digits))
        return invalid()
    if spec.type is SettingType.BOOL:
        word = text.strip().lower()
        return Parsed(key, True) if word in _TRUE else Parsed(key, False) if word in _FALSE else invalid()
    if spec.type is SettingType.RATIO:
        number = text.strip()
        if number not in ("", ".") and _RATIO_RE.fullmatch(number) and float(number) <= 1:
            return Parsed(key, float(number))
        return invalid()
    if len(text) > spec.high:
        problem = f"设置“{spec.label}”（{_shown(key, 60)}）的值过长（{len(text)} 个字符）：须为 {spec.range_text}"
        return Parsed(key, spec.default, problem)
    if spec.type is SettingType.DATES:
        dates: list[dt.date] = []
        for item in _SEPARATORS.split(text.strip()):
            try:
                if not _DATE_RE.fullmatch(item):
                    raise ValueError(item)
                dates.append(dt.date.fromisoformat(item))
            except ValueError:
                return invalid(item)
        return Parsed(key, tuple(sorted(set(dates))))
    if spec.type is SettingType.TEXT_LIST:
        items = (item.strip() for item in _LIST_SEPARATORS.split(text))
        return Parsed(key, tuple(dict.fromkeys(item for item in items if item)))
    return Parsed(key, text)


def setting_problem(key: Any, raw: Any) -> str | None:
    """Why a setting record with this key and value may not be saved (None when it may)."""
    if not isinstance(key, str) or not key.strip():
        return "设置的键不能为空"
    if len(key) > MAX_KEY:
        return f"设置的键过长（{len(key)} 个字符）：不超过 {MAX_KEY} 个字符"
    return parse_setting(key, raw).problem


class SettingRecord(Protocol):
    key: str
    value: str


def read_setting(records: Iterable[SettingRecord], key: str) -> Parsed:
    """The setting ``key`` among ``records`` (the last one holding it wins), or its default."""
    raw: str | None = None
    for record in records:
        if str(record.key) == key:
            raw = record.value
    return parse_setting(key, raw)


class WriteLike(Protocol):
    """What :func:`setting_violations` reads of a field write (app/storage/store.FieldWrite)."""

    @property
    def record_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def field(self) -> str: ...
    @property
    def value(self) -> str | int | None: ...


def setting_violations(writes: Iterable[WriteLike],
                       stored: Callable[[str], tuple[str | None, str | None] | None]) -> list[str]:
    """Why merging ``writes`` could leave a setting out of its range (empty when it cannot).

    Only writes of ``setting`` records are looked at. ``stored(record_id)`` gives the (key, value)
    the vault holds for that record, or None when it holds none. A record's key may come in one
    write and its value in another, or be in the vault already. The check is conservative rather
    than a replay of the merge: every value the package carries is checked against every key the
    record may have afterwards (the package's and the vault's), and the vault's value against a key
    the package changes, because a write that loses now stays as a conflict a person may pick.
    """
    keys: dict[str, set[str]] = defaultdict(set)
    values: dict[str, set[str]] = defaultdict(set)
    for w in writes:
        if w.kind != "setting":
            continue
        if w.field == "key":
            keys[w.record_id].add("" if w.value is None else str(w.value))
        elif w.field == "value" and w.value is not None:
            values[w.record_id].add(str(w.value))
    problems: list[str] = []
    for record_id in sorted(keys.keys() | values.keys()):
        held = stored(record_id)
        held_key, held_value = held if held is not None else (None, None)
        candidate_keys = set(keys.get(record_id, ()))
        candidate_values = set(values.get(record_id, ()))
        if held_key is not None:
            if candidate_keys - {held_key} and held_value is not None:
                candidate_values.add(held_value)  # the vault's value under the package's new key
            candidate_keys.add(held_key)
        for key in sorted(candidate_keys):
            for value in sorted(candidate_values):
                problem = parse_setting(key, value).problem
                if problem is not None and problem not in problems:
                    problems.append(problem)
    return problems
