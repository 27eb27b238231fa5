"""Sorting Chinese text as a Chinese reader expects: by pinyin (QCollator for zh_CN, which Qt's
bundled ICU provides), numbers by value, and ordinals by meaning.

Names carry order in words: 第一巡察组 … 第十二巡察组, 第五轮, units named 甲单位/乙单位 (天干).
Pinyin alone would put 第二 before 第一 (èr < yī) and 丙 before 甲. :func:`meaning` rewrites those
ordinals as numbers before the collator sees them, so they sort by value: a run of Chinese numerals
after 第 or before a counter (届 轮 组 批 期 次 号 …), and a 天干 that stands at either end of a name
or after 第.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QCollator, QCollatorSortKey, QLocale, Qt

T = TypeVar("T")

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
#: The ten heavenly stems, in order.
STEMS = "甲乙丙丁戊己庚辛壬癸"
_NUMERAL = "〇零一二三四五六七八九十百千两"
#: Counters after which a Chinese numeral is an ordinal or a count (第三组, 十二届, 五轮).
_COUNTERS = "届轮组批期次号季年月日章节条款项个名位"
_ORDINAL_RE = re.compile(rf"(?<=第)[{_NUMERAL}]+|[{_NUMERAL}]+(?=[{_COUNTERS}])")
_STEM_RE = re.compile(rf"^[{STEMS}](?=\w)|(?<=第)[{STEMS}]|(?<=\w)[{STEMS}]$")


def numeral_value(text: str) -> int | None:
    """The value of a Chinese numeral (十二 → 12, 一百零五 → 105, 二〇二四 → 2024); None if not one."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    if not any(ch in _UNITS for ch in text):  # digit by digit: 二〇二四
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


def _number(match: re.Match[str]) -> str:
    value = numeral_value(match.group())
    return match.group() if value is None else str(value)


def _stem(match: re.Match[str]) -> str:
    # 甲 then its rank: the stems sort together where 甲 sits, among themselves by rank.
    return f"甲{STEMS.index(match.group()) + 1:02d}"


def meaning(text: str) -> str:
    """``text`` with its ordinals as numbers, for sorting only (never shown)."""
    return _STEM_RE.sub(_stem, _ORDINAL_RE.sub(_number, text))


@functools.cache
def collator() -> QCollator:
    """The Chinese collator: pinyin order, digits by value, case ignored."""
    c = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    c.setNumericMode(True)
    c.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return c


def sort_key(text: str) -> QCollatorSortKey:
    """A key that orders texts as a Chinese reader expects (keys compare with ``<``)."""
    return collator().sortKey(meaning(text))


def less(left: str, right: str) -> bool:
    return collator().compare(meaning(left), meaning(right)) < 0


def collated(key: Callable[[T], Any], items: Sequence[T]) -> Callable[[T], Any]:
    """``key`` made Chinese-aware for sorting ``items``: when every key is text, each distinct text
    is collated once and the items sort by its rank (a Python sort then compares plain ints)."""
    values = [key(item) for item in items]
    if not all(isinstance(v, str) for v in values):
        return key
    rank = {v: n for n, v in enumerate(sorted(set(values), key=sort_key))}
    return lambda item: rank[key(item)]
