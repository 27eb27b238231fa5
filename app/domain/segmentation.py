"""Segmenting text into words, CJK characters and CJK bigrams: one set of rules for the search
index (app/storage/search_text.py, which imports them from here) and for comparing two findings
(app/domain/revisit.py: bigram Jaccard similarity). Pure: no SQL, no I/O.

Text is NFKC-normalised; a run of letters/digits outside the CJK ranges is one word (case-folded),
every CJK character is one unigram and each maximal CJK run gives its overlapping bigrams
("粮食安全" -> 粮食 食安 安全; a one-character run is itself). Separators end tokens. The details
(marks, format characters, private use, SQLite's own token characters) are documented in
app/storage/search_text.py, whose index must be rebuilt when these rules change.
"""

from __future__ import annotations

import operator
import re
import sys
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

# Character classes of the segmenter.
_SEP: Final = 0  # ends a token; a run of them becomes one BOUNDARY
_WORD: Final = 1  # letter/digit of a non-CJK word
_CJK: Final = 2  # one CJK character = one unigram token
_MARK: Final = 3  # combining mark: belongs to a word, otherwise ignored
_SKIP: Final = 4  # invisible format character (ZWSP, soft hyphen): ignored

# Code point ranges (inclusive) treated as CJK when they hold a letter/number.
_CJK_RANGES: Final = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3038, 0x303C),  # more ideographic numerals / iteration marks
    (0x3041, 0x30FF),  # Hiragana, Katakana (・ and ゠ are punctuation)
    (0x3105, 0x312F),  # Bopomofo
    (0x3131, 0x318E),  # Hangul compatibility Jamo
    (0x31A0, 0x31BF),  # Bopomofo extended
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended-A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo extended-B
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFF66, 0xFFDC),  # halfwidth kana/hangul (NFKC maps most of them anyway)
    (0x1AFF0, 0x1B2FF),  # Kana extended/supplement, small kana, Nushu
    (0x20000, 0x3FFFF),  # planes 2 and 3: CJK Extensions B..H, compat supplement
)
_CJK_STARTS: Final = tuple(lo for lo, _ in _CJK_RANGES)

# Letters that Python (Unicode 14) calls Lo but SQLite's unicode61 tables (older
# Unicode, where they were spacing marks) treat as separators.  As token
# characters they could vanish inside FTS5 and leave an empty phrase, so we
# handle them like combining marks.  tests/test_search_text.py checks that every
# character we emit as a token is a token character for the bundled SQLite.
_SQLITE_NON_TOKEN_LETTERS: Final = frozenset([*range(0x19B0, 0x19C1), 0x19C8, 0x19C9, 0x1CF2, 0x1CF3])



def _in_cjk_ranges(cp: int) -> bool:
    i = bisect_right(_CJK_STARTS, cp) - 1
    return i >= 0 and cp <= _CJK_RANGES[i][1]


@lru_cache(maxsize=1 << 16)
def _char_class(ch: str) -> int:
    cp = ord(ch)
    if cp in _SQLITE_NON_TOKEN_LETTERS:
        return _MARK
    cat = unicodedata.category(ch)
    major = cat[0]
    if major in "LN":
        return _CJK if _in_cjk_ranges(cp) else _WORD
    if major == "M":
        return _MARK
    if cat == "Cf":
        return _SKIP
    if cat == "Co" and 0xE000 <= cp <= 0xF8FF:
        # Legacy GBK/GB18030 data puts rare ideographs in the BMP private use
        # area; planes 15/16 stay separators so BOUNDARY cannot be forged.
        return _CJK
    if cat == "Cn" and 0x20000 <= cp <= 0x3FFFF and (cp & 0xFFFE) != 0xFFFE:
        # Ideographs newer than Python's Unicode database (e.g. Extension H).
        return _CJK
    return _SEP


def _clean(text: str) -> str:
    """Join surrogate pairs and replace lone surrogates, which SQLite cannot bind."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


# Full-width ASCII forms and the ideographic space, to what NFKC makes of each (one ASCII character):
# Chinese text is rarely NFKC only because of its full-width punctuation ("，", "：", "（"), and
# mapping them first (NFKC's own decomposition of each) often leaves text the quick check accepts.
class _WideTable(dict[int, str]):
    """For ``str.translate``: a character not in the table maps to itself, and is remembered (a
    missing key would cost translate an exception for every character)."""

    def __missing__(self, cp: int) -> str:
        same = chr(cp)
        if len(self) < 1 << 16:
            self[cp] = same
        return same


_WIDE: Final = _WideTable({cp: unicodedata.normalize("NFKC", chr(cp)) for cp in (*range(0xFF01, 0xFF5F), 0x3000)})


def _normalize(text: str) -> str:
    text = _clean(text)
    # The quick check is several times faster than normalising text that is already NFKC.
    if unicodedata.is_normalized("NFKC", text):
        return text
    # NFKC(text) == NFKC(text with characters replaced by their compatibility decomposition).
    narrow = text.translate(_WIDE)
    return narrow if unicodedata.is_normalized("NFKC", narrow) else unicodedata.normalize("NFKC", narrow)


@dataclass(frozen=True)
class _Segment:
    kind: int  # _WORD, _CJK or _SEP
    text: str  # case-folded word, CJK run, or "" for a separator run
    start: int  # span in the segmented string
    end: int


def _segments(text: str) -> list[_Segment]:
    """Split already-normalised text into words, CJK runs and inner separator runs.

    Separator runs before the first and after the last token are dropped: they
    cannot be part of a phrase and would only bloat the index.
    """
    out: list[_Segment] = []
    kind = _SEP  # kind of the open segment; _SEP means none is open
    buf: list[str] = []
    start = end = 0
    sep_pending = False

    def close() -> None:
        joined = "".join(buf)
        out.append(_Segment(kind, joined.casefold() if kind == _WORD else joined, start, end))
        buf.clear()

    for i, ch in enumerate(text):
        cls = _char_class(ch)
        if cls == _SKIP:
            continue
        if cls == _MARK:
            # Marks complete a word (SQLite decides whether to keep them); after
            # a CJK character they are variation selectors and carry no meaning.
            if kind == _WORD:
                buf.append(ch)
                end = i + 1
            continue
        if cls == _SEP:
            if kind != _SEP:
                close()
                kind = _SEP
            sep_pending = True
            continue
        if cls != kind:
            if kind != _SEP:
                close()  # word <-> CJK switch without a separator: adjacent tokens
            elif sep_pending and out:
                out.append(_Segment(_SEP, "", i, i))
            kind = cls
            start = i
        sep_pending = False
        buf.append(ch)
        end = i + 1
    if kind != _SEP:
        close()
    return out


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


_CLASS_LETTER: Final = {_WORD: "W", _CJK: "C", _SEP: "S", _MARK: "M", _SKIP: "K"}
_CLASS_RUN_RE: Final = re.compile(r"W+|C+|S+")


@lru_cache(maxsize=1 << 16)
def _letter(ch: str) -> str:
    return _CLASS_LETTER[_char_class(ch)]


class _ClassTable(dict[int, str]):
    """Code point -> class letter, for ``str.translate``: the letters of a whole text at C speed,
    each character classified once (by :func:`_char_class`, as :func:`_letter` does)."""

    def __missing__(self, cp: int) -> str:
        letter = _CLASS_LETTER[_char_class(chr(cp))]
        if len(self) < 1 << 16:  # bounded, like _letter's cache
            self[cp] = letter
        return letter


_CLASSES: Final = _ClassTable()


def class_letters(text: str) -> str:
    """``"".join(map(_letter, text))``: one class letter per character."""
    return text.translate(_CLASSES)


def _bigrams_general(text: str) -> frozenset[str]:
    out: set[str] = set()
    for seg in _segments(text):
        if seg.kind == _CJK:
            out.update(_bigrams(seg.text))
        elif seg.kind == _WORD:
            out.add(seg.text)
    return frozenset(out)


# The plain text of most findings: ASCII, the CJK Unified Ideographs block and common Chinese
# punctuation. Each of these characters is its own NFKC form or (the full-width punctuation, the
# ideographic space, the ellipsis) normalises to separators only, and none composes with a
# neighbour, so the tokens of such a text are those of its NFKC form without normalising it; its
# runs are cut straight from the text (tests/test_revisit.py checks the classes and compares).
_PLAIN_CJK: Final = "\u4e00-\u9fff"
_PLAIN_SEPARATORS: Final = ("\t\n\r !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
                            "\u00b7\u2014\u2018\u2019\u201c\u201d\u2026\u3000\u3001\u3002\u300a\u300b"
                            "\u300c\u300d\u300e\u300f\u3010\u3011\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f")
_PLAIN_TEXT_RE: Final = re.compile(f"[0-9A-Za-z{_PLAIN_CJK}{re.escape(_PLAIN_SEPARATORS)}]*")
_PLAIN_RUN_RE: Final = re.compile(f"[{_PLAIN_CJK}]+|[0-9A-Za-z]+")


def _plain_bigrams(text: str) -> frozenset[str]:
    out: set[str] = set()
    for run in _PLAIN_RUN_RE.findall(text):
        if run[0] <= "z":  # an ASCII word
            out.add(run.lower())
        elif len(run) > 1:
            out.update(map(operator.add, run, run[1:]))
        else:
            out.add(run)
    return frozenset(out)


def bigrams(text: str) -> frozenset[str]:
    """The distinct tokens of ``text`` for comparing it with another: each CJK run's bigrams and
    each letter/digit word (as the search index's ``bi`` column holds them, without boundaries).

    Plain text (ASCII, common ideographs and punctuation) is cut by one regular expression without
    normalising; otherwise, without combining marks or format characters, runs are cut by a regular
    expression over the characters' classes, as the index's fast path does; the results are the
    same (tests/test_revisit.py compares them)."""
    if _PLAIN_TEXT_RE.fullmatch(text) is not None:
        return _plain_bigrams(text)
    text = _normalize(text)
    classes = class_letters(text)
    if "M" in classes or "K" in classes:
        return _bigrams_general(text)
    out: set[str] = set()
    for run in _CLASS_RUN_RE.finditer(classes):
        start, end = run.span()
        kind = classes[start]
        if kind == "C":
            chunk = text[start:end]
            if len(chunk) > 1:
                out.update(map(operator.add, chunk, chunk[1:]))
            else:
                out.add(chunk)
        elif kind == "W":
            out.add(text[start:end].casefold())
    return frozenset(out)


# Joining characters with spaces at C speed: the code points are laid out in an array with spaces
# between them. str.join over a string's characters, or over map(operator.add, run, run[1:]), makes
# one string object per token, which was most of the index's cost for every saved record
# (bench/README.md, issue 15's save path).
_UTF32: Final = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
_CODE: Final = next(code for code in "ILH" if array(code).itemsize == 4)  # an unsigned 32-bit item
_SPACE: Final = array(_CODE, [0x20])


def spaced(text: str) -> str:
    """``" ".join(text)``: every character a token."""
    if len(text) < 32:  # below this the join is quicker than the array's fixed costs (measured)
        return " ".join(text)
    out = _SPACE * (2 * len(text) - 1)
    out[0::2] = array(_CODE, text.encode(_UTF32))
    return out.tobytes().decode(_UTF32)


def pair_tokens(run: str) -> str:
    """``" ".join(map(operator.add, run, run[1:]))``: the overlapping pairs of a run of two or more
    characters."""
    if len(run) < 16:  # below this the join is quicker than the array's fixed costs (measured)
        return " ".join(map(operator.add, run, run[1:]))
    codes = array(_CODE, run.encode(_UTF32))
    pairs = len(run) - 1
    out = _SPACE * (3 * pairs - 1)
    out[0::3] = codes[:-1]
    out[1::3] = codes[1:]
    return out.tobytes().decode(_UTF32)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b|; 0.0 when both are empty."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)
