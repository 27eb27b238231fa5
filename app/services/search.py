"""Full-text search over the vault, as the window's 检索 page asks it; free of Qt.

The index is the vault's (app/storage/search.py: CJK unigrams and bigrams, one entry per
searchable field); a hit carries the record's kind, title, the field it was found in and a
snippet with the matches marked (``MARK_START``/``MARK_END``).
"""

from __future__ import annotations

from app.storage.search import SearchHit
from app.storage.vault import Vault

#: At most this many hits are returned: enough to scan while typing, and quick to show.
SEARCH_LIMIT = 200


def search(vault: Vault, text: str, *, limit: int = SEARCH_LIMIT, kinds: tuple[str, ...] = ()) -> list[SearchHit]:
    """The records matching ``text`` (of ``kinds``, or of every kind), best first, at most ``limit``.

    Blank ``text`` finds nothing."""
    if not text.strip():
        return []
    hits: list[SearchHit] = vault.search(text.strip(), limit=limit, kinds=kinds)
    return hits
