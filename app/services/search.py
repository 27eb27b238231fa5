"""Full-text search over the vault, as the window's 检索 page and the command line ask it; free of Qt.

The index is the vault's (app/storage/search.py: CJK unigrams and bigrams, one entry per
searchable field); a hit carries the record's kind, title, the field it was found in and a
snippet with the matches marked (``MARK_START``/``MARK_END``).

The window asks :func:`search_grouped`: every kind that matches, with its true count and its best
hits, then :func:`more_of_kind` for the next page of one kind. A cap on the whole list would hide
whole kinds behind the most numerous one.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    return SearchResult(text, tuple(vault.search_groups(text, per_kind=per_kind)))


def more_of_kind(vault: Vault, text: str, kind: str, shown: int, *, per_kind: int = PER_KIND) -> KindHits | None:
    """The next ``per_kind`` hits of ``kind`` after the ``shown`` first (same ranking); None when
    the kind no longer matches."""
    text = text.strip()
    if not text:
        return None
    groups = vault.search_groups(text, per_kind=per_kind, kinds=(kind,), offset=max(0, shown))
    return groups[0] if groups else None
