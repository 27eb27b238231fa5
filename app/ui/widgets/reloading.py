"""Pages whose figures an op reads on the worker (概览, 汇总, 督办): read when first shown, and again
after records are written — now when the page is in front, when the load under way ends, or when it
is next shown."""

from __future__ import annotations

from typing import Protocol


class FiguresPage(Protocol):
    loaded: bool
    loading: bool
    _stale: bool  # a write came while a load was under way: read again when it ends

    def isVisible(self) -> bool: ...  # noqa: N802 (Qt's name)

    def reload(self) -> object: ...


def follow_writes(page: FiguresPage) -> None:
    """The window's change signal reached ``page``: read its figures again, now or later."""
    if page.loading:
        page._stale = True
    elif page.isVisible():
        page.reload()
    else:
        page.loaded = False
