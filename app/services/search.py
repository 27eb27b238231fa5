"""Full-text search over the vault, as the window's 检索 page and the command line ask it; free of Qt.

The index is the vault's (app/storage/search.py: CJK unigrams and bigrams, one entry per
searchable field); a hit carries the record's kind, title, the field it was found in and a
snippet with the matches marked (``MARK_START``/``MARK_END``).

The window asks :func:`search_grouped`: every kind that matches, with its true count and its best
hits, then :func:`more_of_kind` for the next page of one kind. A cap on the whole list would hide
whole kinds behind the most numerous one.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.records import Unit, team_id_of, unit_id_of
from app.services.revisit import origins
from app.storage.search import KindHits, SearchHit
from app.storage.vault import Vault

#: At most this many hits are returned by :func:`search` (the command line's flat list).
SEARCH_LIMIT = 200
#: Hits shown per kind at first, and added by each "show more".
PER_KIND = 10


@dataclass(frozen=True)
class SearchResult:
    """What a query found: one group per matching kind, in the order of its best hit."""

    text: str
    groups: tuple[KindHits, ...]

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)

    @property
    def exact(self) -> bool:
        """False when the counts are lower bounds (a query matching a very large part of the vault)."""
        return all(g.exact for g in self.groups)


def search(vault: Vault, text: str, *, limit: int = SEARCH_LIMIT, kinds: tuple[str, ...] = ()) -> list[SearchHit]:
    """The records matching ``text`` (of ``kinds``, or of every kind), best first, at most ``limit``.

    Blank ``text`` finds nothing."""
    if not text.strip():
        return []
    hits: list[SearchHit] = vault.search(text.strip(), limit=limit, kinds=kinds)
    return hits


def search_grouped(vault: Vault, text: str, *, per_kind: int = PER_KIND) -> SearchResult:
    """Every kind with a record matching ``text``: its count and its ``per_kind`` best hits."""
    text = text.strip()
    if not text:
        return SearchResult(text, ())
    return SearchResult(text, tuple(with_units(vault, vault.search_groups(text, per_kind=per_kind))))


def more_of_kind(vault: Vault, text: str, kind: str, shown: int, *, per_kind: int = PER_KIND) -> KindHits | None:
    """The next ``per_kind`` hits of ``kind`` after the ``shown`` first (same ranking); None when
    the kind no longer matches."""
    text = text.strip()
    if not text:
        return None
    groups = vault.search_groups(text, per_kind=per_kind, kinds=(kind,), offset=max(0, shown))
    return with_units(vault, groups)[0] if groups else None


def with_units(vault: Vault, groups: Sequence[KindHits]) -> list[KindHits]:
    """The hits with the names of their records' units: rectification items of many units share a
    title (开展公务用车专项清理), and only the unit tells them apart."""
    ids: dict[str, list[str]] = defaultdict(list)
    for group in groups:
        ids[group.kind].extend(h.record_id for h in group.hits)
    found = [r for kind, chunk in ids.items() for r in vault.records.get_many(kind, chunk)]
    unit_of = {r.id: u for r in found if (u := unit_id_of(r))}
    names = {u.id: u.name for u in vault.records.get_many(Unit, sorted(set(unit_of.values())))}
    lower = origins(vault)  # a lower office's finding shows where it comes from (issue 14 §2)
    origin = {r.id: o for r in found if (o := lower.of(team_id_of(r), unit_id_of(r)))}
    return [dataclasses.replace(group, hits=tuple(
        dataclasses.replace(h, unit=names.get(unit_of.get(h.record_id, ""), ""), origin=origin.get(h.record_id, ""))
        for h in group.hits)) for group in groups]
