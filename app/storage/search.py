"""Full-text search over every text field of every record kind, for Chinese.

The index holds each record's text segmented by :mod:`app.storage.search_text` (CJK unigrams
and bigrams), so one- and two-character queries find their records as surely as longer ones.
Queries are built from quoted tokens restricted to our own columns: user input is data, never
FTS5 syntax. Snippets are cut from the record's own fields, with the matches marked.

:meth:`SearchIndex.groups` answers the window's 检索 page: every kind that matches, its true count
and its best hits, so that no kind hides behind a cap on the whole list. Ranking (bm25) costs a
call per match, so at most :data:`RANK_CAP` matches are ranked together, the newest first; beyond
them the counts come from a cheaper count, itself exact up to :data:`COUNT_CAP` and then a lower
bound, and a kind with too few among the ranked is ranked alone (its pages may then differ
slightly from a full ranking).
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.fields import FieldSpec, FieldType
from app.domain.records import KINDS, Record
from app.storage.connection import Connection, OperationalError
from app.storage.search_text import build_query, highlight, index_columns

#: Kinds that are the machinery of the vault rather than the work, and are not searched.
UNSEARCHED = frozenset({"link", "vocab", "setting", "template"})
#: Marks around a match in a snippet; private-use characters, so they never occur in records.
MARK_START, MARK_END = "\ue000", "\ue001"
#: At most this many matches are ranked together for :meth:`SearchIndex.groups` (the newest, by
#: row id; about 40 ms for 40,000 on the office demo, bench/vault_bench.py).
RANK_CAP = 100_000
#: Counts per kind are exact up to this many matches in all, and a lower bound beyond.
COUNT_CAP = 1_000_000


@dataclass(frozen=True)
class SearchHit:
    record_id: str
    kind: str
    title: str
    field_label: str
    snippet: str  # with MARK_START/MARK_END around every match
    score: float
    unit: str = ""  # the name of the unit the record belongs to (app/services/search.py fills it)
    origin: str = ""  # a lower office's finding: its round and team (app/services/search.py fills it)

    def marked(self, before: str = "【", after: str = "】") -> str:
        return self.snippet.replace(MARK_START, before).replace(MARK_END, after)


@dataclass(frozen=True)
class KindHits:
    """One kind's part of a search: how many of its records match, and its best hits asked for."""

    kind: str
    count: int
    exact: bool  # False: ``count`` is a lower bound (more than COUNT_CAP matches in all)
    hits: tuple[SearchHit, ...]


@functools.cache
def _searchable(kind: str) -> tuple[FieldSpec, ...]:
    """The searchable fields of a kind, in order (asked for every record saved)."""
    return tuple(f for f in KINDS[kind].fields if f.searchable)


@functools.cache
def _searchable_plain(kind: str) -> tuple[tuple[FieldSpec, str, str, bool], ...]:
    """(spec, name, label, whether a str value is shown as it is) of each searchable field."""
    return tuple((f, f.name, f.label, f.type in _SHOWN_AS_IS) for f in _searchable(kind))


#: Field types whose display of a str value is the value itself (FieldSpec.display).
_SHOWN_AS_IS = frozenset({FieldType.TEXT, FieldType.LONGTEXT, FieldType.CHOICE})


def record_text(record: Record) -> list[tuple[str, str]]:
    """(label, text) of every searchable, non-empty field of ``record``."""
    out = []
    for f, name, label, as_is in _searchable_plain(record.KIND):
        value = getattr(record, name)
        shown = value if as_is and type(value) is str else f.display(value)
        if shown:
            out.append((label, shown))
    return out


@functools.cache
def _row_readers(kind: str) -> tuple[tuple[int, FieldSpec, bool], ...]:
    """(position in a stored row, spec, whether a str value is shown as it is) of each searchable
    field; a row is id, created, updated, deleted, then the kind's fields in order (store.py)."""
    fields = KINDS[kind].fields
    return tuple((4 + fields.index(f), f, as_is) for f, _name, _label, as_is in _searchable_plain(kind))


def row_entry(kind: str, row: Sequence[Any]) -> tuple[str, str] | None:
    """:func:`entry` of the record of ``kind`` stored as ``row``, without building the record (a merge
    indexes every record it changes; tests/test_search.py holds the two equal)."""
    if row[3] or kind in UNSEARCHED:
        return None
    shown_texts = []
    for position, f, as_is in _row_readers(kind):
        raw = row[position]
        shown = raw if as_is and type(raw) is str else f.display(f.from_storage(raw))
        if shown:
            shown_texts.append(shown)
    return index_columns("\n".join(shown_texts)) if shown_texts else None


def entry(record: Record) -> tuple[str, str] | None:
    """The (uni, bi) columns of ``record``'s index entry; None when it has none (deleted,
    unsearched kind, or no text)."""
    if record.deleted or record.KIND in UNSEARCHED:
        return None
    text = "\n".join(t for _, t in record_text(record))
    return index_columns(text) if text else None


class SearchIndex:
    """Keeps the FTS5 table in step with records, and answers queries."""

    def __init__(self, con: Connection) -> None:
        self._con = con

    def _rowid(self, record_id: str) -> int | None:
        row = self._con.execute("SELECT n FROM records WHERE id = ?", (record_id,)).fetchone()
        return int(row[0]) if row else None

    def reindex(self, record: Record) -> None:
        rowid = self._rowid(record.id)
        if rowid is None:
            return
        self._con.execute("DELETE FROM search WHERE rowid = ?", (rowid,))
        columns = entry(record)
        if columns is not None:
            self._con.execute("INSERT INTO search (rowid, uni, bi) VALUES (?, ?, ?)", (rowid, *columns))

    def replace_many(self, records: Sequence[tuple[int, Record]], *, new: bool = False) -> None:
        """:meth:`reindex` for many records at once, given their row ids (records.n); ``new``:
        they were never indexed, so there is nothing to delete. A record given twice keeps its
        last entry."""
        self._replace([(rowid, entry(record)) for rowid, record in records], new=new)

    def replace_rows(self, rows: Sequence[tuple[int, str, Sequence[Any]]], *, new: bool = False) -> None:
        """:meth:`replace_many` for records given as (row id, kind, stored row)."""
        self._replace([(rowid, row_entry(kind, row)) for rowid, kind, row in rows], new=new)

    def _replace(self, entries: list[tuple[int, tuple[str, str] | None]], *, new: bool) -> None:
        rows: dict[int, tuple[int, str, str]] = {}
        for rowid, columns in entries:
            if columns is None:
                rows.pop(rowid, None)
            else:
                rows[rowid] = (rowid, *columns)
        if not new:
            self._con.executemany("DELETE FROM search WHERE rowid = ?", [(n,) for n, _ in entries])
        self._con.executemany("INSERT INTO search (rowid, uni, bi) VALUES (?, ?, ?)", list(rows.values()))

    def rebuild(self, records: Callable[[str], Sequence[Record]]) -> int:
        """Index every record again (after a migration or when ``check`` finds the index stale)."""
        self._con.execute("DELETE FROM search")
        count = 0
        for kind in KINDS:
            if kind in UNSEARCHED:
                continue
            for record in records(kind):
                self.reindex(record)
                count += 1
        return count

    def match_ids(self, text: str, *, limit: int = 50, kinds: Sequence[str] = ()) -> list[tuple[str, str, float]]:
        """(record_id, kind, score) of the best matches; lower scores rank higher (bm25)."""
        query = build_query(text)
        if query is None:
            return []
        sql = ("SELECT r.id, r.kind, bm25(search) AS score FROM search JOIN records r ON r.n = search.rowid"
               " WHERE search MATCH ?")
        params: list[object] = [query.match]
        if kinds:
            sql += f" AND r.kind IN ({', '.join('?' * len(kinds))})"
            params.extend(kinds)
        sql += " ORDER BY score LIMIT ?"
        params.append(limit)
        try:
            return [(str(a), str(b), float(c)) for a, b, c in self._con.execute(sql, params)]
        except OperationalError:
            # build_query only emits quoted tokens, so this is not expected; an empty answer is
            # still better than an error for a person typing into a search box.
            return []

    def search(self, text: str, load: Callable[[str, str], Record], *, limit: int = 50,
               kinds: Sequence[str] = ()) -> list[SearchHit]:
        query = build_query(text)
        if query is None:
            return []
        return [self._hit(record_id, kind, score, query.terms, load)
                for record_id, kind, score in self.match_ids(text, limit=limit, kinds=kinds)]

    def _ranked(self, match: str, kinds: Sequence[str]) -> tuple[dict[str, list[tuple[float, str]]], bool]:
        """(score, record id) of the newest RANK_CAP matches, by kind; True when that is all of them."""
        sql = ("SELECT r.kind, r.id, bm25(search) FROM search JOIN records r ON r.n = search.rowid"
               " WHERE search MATCH ? ORDER BY search.rowid DESC LIMIT ?")
        by_kind: dict[str, list[tuple[float, str]]] = {}
        rows = 0
        for kind, record_id, score in self._con.execute(sql, (match, RANK_CAP + 1)):
            rows += 1
            if rows <= RANK_CAP and (not kinds or kind in kinds):
                by_kind.setdefault(str(kind), []).append((float(score), str(record_id)))
        return by_kind, rows <= RANK_CAP

    def _counts(self, match: str) -> tuple[dict[str, int], bool]:
        """Matches per kind, counted (not ranked) up to COUNT_CAP; True when exact."""
        sql = ("SELECT r.kind, count(*) FROM (SELECT rowid FROM search WHERE search MATCH ? LIMIT ?) m"
               " JOIN records r ON r.n = m.rowid GROUP BY r.kind")
        counts = {str(k): int(n) for k, n in self._con.execute(sql, (match, COUNT_CAP + 1))}
        return counts, sum(counts.values()) <= COUNT_CAP

    def groups(self, text: str, load: Callable[[str, str], Record], *, per_kind: int = 10,
               kinds: Sequence[str] = (), offset: int = 0) -> list[KindHits]:
        """Every kind with a match (of ``kinds``, or of every kind), its count, and its best hits
        from ``offset`` (at most ``per_kind``); kinds in the order of their best hit.

        "Show more" of one kind asks again with ``kinds=(kind,)`` and the offset it has shown: the
        ranking is the same as the first page's, so pages neither repeat nor skip a record."""
        query = build_query(text)
        if query is None:
            return []
        try:
            ranked, complete = self._ranked(query.match, kinds)
            counts, exact = ({k: len(v) for k, v in ranked.items()}, True) if complete else self._counts(query.match)
        except OperationalError:  # not expected (quoted tokens only); see match_ids
            return []
        for kind, count in ([] if complete else counts.items()):
            if (not kinds or kind in kinds) and len(ranked.get(kind, ())) < min(count, offset + per_kind):
                # Too few of this kind among the newest matches for the page: rank the kind alone.
                ranked[kind] = [(score, rid) for rid, _, score in
                                self.match_ids(text, limit=offset + per_kind, kinds=(kind,))]
        groups = []
        for kind, scored in ranked.items():
            best = heapq.nsmallest(offset + per_kind, scored)[offset:]
            hits = tuple(self._hit(record_id, kind, score, query.terms, load) for score, record_id in best)
            count = max(counts.get(kind, 0), len(scored))
            groups.append((min(scored)[0], KindHits(kind, count, exact, hits)))
        groups.sort(key=lambda pair: pair[0])
        return [group for _, group in groups]

    @staticmethod
    def _hit(record_id: str, kind: str, score: float, terms: Sequence[str],
             load: Callable[[str, str], Record]) -> SearchHit:
        record = load(record_id, kind)
        for field_label, value in record_text(record):
            cut = highlight(value, terms, before=MARK_START, after=MARK_END)
            if cut is not None:
                return SearchHit(record_id, kind, record.label(), field_label, cut, score)
        return SearchHit(record_id, kind, record.label(), "", "", score)
