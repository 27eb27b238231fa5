"""Pre-segmented full-text search for Chinese records on SQLite FTS5.

FTS5's default ``unicode61`` tokenizer splits only on separators, so a run of
Chinese text without spaces would become one giant token.  We therefore
segment the text ourselves and store two space-separated columns in a table
created as ``CREATE VIRTUAL TABLE ... USING fts5(uni, bi)`` with the default
``unicode61`` tokenizer:

``uni``
    Every CJK character (ideographs incl. extensions and compatibility
    ideographs, kana, hangul, bopomofo) is its own token; runs of other letters
    and digits stay whole words, NFKC-normalised and case-folded.
``bi``
    The same words, and each maximal CJK run as its overlapping bigrams
    ("粮食安全" -> "粮食 食安 安全"; a one-character run is emitted as is).

Between two tokens that were separated by punctuation or whitespace in the
source, both columns carry one ``BOUNDARY`` token.  It is the rule that makes
search behave like substring search: **a phrase never crosses a separator**
unless the query term itself has a separator at that place (any run of
separators then matches any other run).  The boundary token is a plane-16
private-use character; user text can never produce it because we treat those
characters as separators.

Query semantics (:func:`build_query`): whitespace splits terms, all terms must
match.  A term that is a single CJK run of length >= 2 is a bigram phrase on
``bi``; any other term is a unigram phrase on ``uni`` whose last token is a
prefix when it is a letter/digit word.  So a pure CJK term finds exactly the
texts where Python's ``in`` on the NFKC text would (zero-width format
characters and marks after a CJK character are ignored), while letter/digit
words match from the start of a word ("23" does not find "2023") and
separators inside a term match any separator run ("3.6万" finds "3,6万").
Every token is quoted and every term is fenced into its column, so user input
can never be an FTS5 operator or reach another column.  The table must keep
``detail=full`` (the default): phrase queries need positions.

If the segmentation below changes, bump :data:`INDEX_FORMAT_VERSION` and
re-index: stored columns and new queries must be produced by the same rules.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Final

# The segmentation rules live in app/domain (the repeats' similarity uses them too).
from app.domain.segmentation import (
    _CJK,
    _MARK,
    _PLAIN_SEPARATORS,
    _PLAIN_TEXT_RE,
    _SEP,
    _WORD,
    _bigrams,
    _char_class,
    _clean,
    _normalize,
    _Segment,
    _segments,
    class_letters,
    pair_tokens,
    spaced,
)

__all__ = [
    "BOUNDARY",
    "INDEX_FORMAT_VERSION",
    "SearchQuery",
    "build_query",
    "highlight",
    "index_columns",
]

INDEX_FORMAT_VERSION: Final = 1
"""Version of the segmentation rules; stored rows must be rebuilt when it changes."""

BOUNDARY: Final = "\U0010fffd"
"""Token stored in both columns where the source text had a separator run."""

_UNI: Final = "uni"
_BI: Final = "bi"
_ELLIPSIS: Final = "\u2026"

_RAW_TERM_RE: Final = re.compile(r"\S+")


def _index_columns_general(text: str) -> tuple[str, str]:
    uni: list[str] = []
    bi: list[str] = []
    for seg in _segments(text):
        if seg.kind == _SEP:
            uni.append(BOUNDARY)
            bi.append(BOUNDARY)
        elif seg.kind == _WORD:
            uni.append(seg.text)
            bi.append(seg.text)
        else:
            uni.extend(seg.text)
            bi.extend(_bigrams(seg.text))
    return " ".join(uni), " ".join(bi)




def index_columns(text: str) -> tuple[str, str]:
    """Return (uni, bi) strings to store in the FTS5 columns `uni` and `bi`.

    Indexing runs for every saved record, so the common cases take fast paths that give exactly
    what the general path gives (tests/test_search_text.py compares them): plain text (ASCII,
    the common ideographs and Chinese punctuation: most records) is cut by regular expressions
    without normalising; other text without combining marks or format characters is classified
    at C speed. Either way separator runs become one boundary character first, and the tokens
    are laid out by :func:`spaced` and :func:`pair_tokens` between the few letter/digit words.
    """
    if _PLAIN_TEXT_RE.fullmatch(text) is not None:
        joined = _PLAIN_SEPARATOR_RUN_RE.sub(BOUNDARY, text).strip(BOUNDARY)
        return _columns(joined, _ASCII_WORD_RE.finditer(joined), str.lower)
    text = _normalize(text)
    joined = _BOUNDARY_RUN_RE.sub(BOUNDARY, text.translate(_TO_BOUNDARY)).strip(BOUNDARY)
    classes = class_letters(joined)
    if "M" in classes or "K" in classes:
        return _index_columns_general(text)
    return _columns(joined, _WORD_RUN_RE.finditer(classes), str.casefold)


def _columns(joined: str, words: Iterator[re.Match[str]], fold: Callable[[str], str]) -> tuple[str, str]:
    """The columns of ``joined``: text whose separator runs are one BOUNDARY each (none at either
    end), given the spans of its letter/digit words; what lies between words is CJK and BOUNDARY."""
    uni: list[str] = []
    bi: list[str] = []
    done = 0
    for word in words:
        start, end = word.span()
        if start > done:
            _add_cjk_piece(joined[done:start], uni, bi)
        token = fold(joined[start:end])
        uni.append(token)
        bi.append(token)
        done = end
    if done < len(joined):
        _add_cjk_piece(joined[done:], uni, bi)
    return " ".join(uni), " ".join(bi)


def _add_cjk_piece(piece: str, uni: list[str], bi: list[str]) -> None:
    """Append the tokens of ``piece`` (CJK characters and single BOUNDARYs) to both columns."""
    uni.append(spaced(piece))
    if piece == BOUNDARY:
        bi.append(BOUNDARY)
        return
    lead = piece[0] == BOUNDARY
    trail = piece[-1] == BOUNDARY
    core = piece[lead : len(piece) - trail]
    if lead:
        bi.append(BOUNDARY)
    if _ONE_CHARACTER_RUN_RE.search(core) is None:
        # Every run has a pair: the pairs of the whole core, where the two pairs that straddle a
        # boundary ("x\U0010fffd \U0010fffdy") become the boundary itself.
        bi.append(_STRADDLING_PAIRS_RE.sub(BOUNDARY, pair_tokens(core)))
    else:
        bi.append(_BETWEEN_PHRASES.join(pair_tokens(run) if len(run) > 1 else run for run in core.split(BOUNDARY)))
    if trail:
        bi.append(BOUNDARY)


class _BoundaryTable(dict[int, str]):
    """For ``str.translate``: a separator becomes BOUNDARY, any other character itself (each
    classified once, bounded like the class table in app/domain/segmentation.py)."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        out = BOUNDARY if _char_class(ch) == _SEP else ch
        if len(self) < 1 << 16:
            self[cp] = out
        return out


_TO_BOUNDARY: Final = _BoundaryTable()
_BOUNDARY_RUN_RE: Final = re.compile(f"{BOUNDARY}{{2,}}")
_PLAIN_SEPARATOR_RUN_RE: Final = re.compile(f"[{re.escape(_PLAIN_SEPARATORS)}]+")
_ASCII_WORD_RE: Final = re.compile("[0-9A-Za-z]+")
_WORD_RUN_RE: Final = re.compile("W+")
_ONE_CHARACTER_RUN_RE: Final = re.compile(f"(?:^|{BOUNDARY})[^{BOUNDARY}](?:{BOUNDARY}|$)")
_STRADDLING_PAIRS_RE: Final = re.compile(f"[^ ]{BOUNDARY} {BOUNDARY}[^ ]")
_BETWEEN_PHRASES: Final = f" {BOUNDARY} "


@dataclass(frozen=True)
class SearchQuery:
    """A ready FTS5 query plus the terms to highlight in result texts."""

    match: str  # an FTS5 MATCH expression, safe to bind as a parameter
    terms: tuple[str, ...]  # the user's terms, NFKC-normalised, for highlighting in original text


def _quote(token: str) -> str:
    # Tokens never contain '"' (it is a separator), but quoting stays correct anyway.
    return '"' + token.replace('"', '""') + '"'


def _term_clause(segs: list[_Segment]) -> str:
    if len(segs) == 1 and segs[0].kind == _CJK and len(segs[0].text) >= 2:
        # Fast path: consecutive bigrams of one run = the run as a substring.
        phrase = " + ".join(_quote(b) for b in _bigrams(segs[0].text))
        return f"{{{_BI}}} : ({phrase})"
    tokens: list[str] = []
    for seg in segs:
        if seg.kind == _SEP:
            tokens.append(BOUNDARY)
        elif seg.kind == _WORD:
            tokens.append(seg.text)
        else:
            tokens.extend(seg.text)
    phrase = " + ".join(_quote(t) for t in tokens)
    if segs[-1].kind == _WORD:
        # FTS5 prefix syntax: '*' right after the phrase's last string.
        phrase += "*"
    return f"{{{_UNI}}} : ({phrase})"


def build_query(user_text: str, *, max_terms: int = 16, max_chars: int = 200) -> SearchQuery | None:
    """None when the text holds nothing searchable."""
    clauses: list[str] = []
    terms: list[str] = []
    budget = max_chars
    if max_terms <= 0 or budget <= 0:
        return None
    # Iterate lazily so a pasted megabyte costs no more than its first terms.
    for raw_match in _RAW_TERM_RE.finditer(user_text):
        # NFKC can expand a character up to 18-fold; a bounded slice keeps the
        # work small while leaving more than the budget after normalisation.
        raw = raw_match.group()[: budget * 4 + 16]
        for piece in _normalize(raw).split():  # NFKC may create new spaces
            segs = _segments(piece[:budget])
            if not segs:
                continue  # pure punctuation
            term = piece[segs[0].start : segs[-1].end]
            clause = _term_clause(segs)
            if clause in clauses:
                continue
            clauses.append(clause)
            terms.append(term)
            budget -= len(term)
            if len(clauses) >= max_terms or budget <= 0:
                return SearchQuery(" AND ".join(clauses), tuple(terms))
    if not clauses:
        return None
    return SearchQuery(" AND ".join(clauses), tuple(terms))


@lru_cache(maxsize=1 << 16)
def _fold_char(ch: str) -> str:
    # Python's recipe for compatibility caseless matching, applied per character
    # so that positions map back to the original text.
    if unicodedata.category(ch) == "Cf":
        return ""
    return unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", ch).casefold())


def _fold(text: str) -> str:
    return "".join(_fold_char(ch) for ch in text)


class _PositionMap:
    """Maps between positions in a text and in its per-character folding."""

    def __init__(self, text: str, table: dict[int, str]) -> None:
        if all(len(v) == 1 for v in table.values()):
            self._cum: list[int] | None = None  # identity mapping
        else:
            self._cum = list(accumulate(len(table[ord(ch)]) for ch in text))

    def to_folded(self, i: int) -> int:
        if self._cum is None or i == 0:
            return i
        return self._cum[i - 1]

    def span_to_original(self, p: int, q: int) -> tuple[int, int]:
        """Smallest original span whose folding covers folded [p, q), q > p."""
        if self._cum is None:
            return p, q
        return bisect_right(self._cum, p), bisect_right(self._cum, q - 1) + 1


def highlight(
    text: str,
    terms: Sequence[str],
    *,
    before: str = "[",
    after: str = "]",
    width: int = 60,
) -> str | None:
    """A snippet of `text` around the first occurrence of any term (case-insensitive, NFKC-aware),
    with every occurrence of every term inside the snippet wrapped in before/after; '…' marks cut ends;
    None if no term occurs."""
    # The result is plain text: callers rendering rich text must escape it.
    text = _clean(text)
    needles: list[str] = []
    for term in terms:
        folded_term = _fold(_clean(term))
        if folded_term and folded_term not in needles:
            needles.append(folded_term)
    if not text or not needles:
        return None
    table = {ord(ch): _fold_char(ch) for ch in set(text)}
    folded = text.translate(table)
    pos = _PositionMap(text, table)

    first: tuple[int, int] | None = None
    for needle in needles:
        i = folded.find(needle)
        if i >= 0 and (first is None or (i, -len(needle)) < (first[0], -first[1])):
            first = (i, len(needle))
    if first is None:
        return None
    a, b = pos.span_to_original(first[0], first[0] + first[1])

    # Centre the first hit in a window of `width` characters (never cutting it). Near the end of
    # the text the window is not shifted back to fill it: the hit stays in the middle of a shorter
    # snippet, where a one-line result list shows it, instead of at its far end, cut off.
    w = max(width, b - a)
    s = max(0, a - (w - (b - a)) // 2)
    e = min(len(text), s + w)
    while s > 0 and _char_class(text[s]) == _MARK:
        s -= 1  # keep a base character with its combining marks
    while e < len(text) and _char_class(text[e]) == _MARK:
        e += 1

    # Collect hits overlapping the window and merge overlapping ones.
    fs, fe = pos.to_folded(s), pos.to_folded(e)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        i = folded.find(needle, max(0, fs - len(needle) + 1))
        while 0 <= i < fe:
            spans.append(pos.span_to_original(i, i + len(needle)))
            i = folded.find(needle, i + 1)
    spans.sort()
    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and lo < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    # Widen the window rather than cutting a marked hit in half.
    s = min(s, merged[0][0])
    e = max(e, merged[-1][1])

    parts: list[str] = [_ELLIPSIS] if s > 0 else []
    cursor = s
    for lo, hi in merged:
        parts += [text[cursor:lo], before, text[lo:hi], after]
        cursor = hi
    parts.append(text[cursor:e])
    if e < len(text):
        parts.append(_ELLIPSIS)
    return "".join(parts)
