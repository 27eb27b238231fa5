"""PDFium's own thread: where the PDF preview and the print job rasterise pages (app/ui/documents/pdf_view.py).

PDFium is not thread-safe, so all of a page's calls into it run on one thread; that thread is not
the vault's worker, so a long render never holds up a save, and it is never given a vault (an op's
``task.vault`` raises VaultLocked on it). Work is given to it as an :class:`~app.ui.tasks.Op`, as
to the vault's worker: both are a :class:`~app.ui.tasks.Worker`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.ui.tasks import Worker


class RenderThread(Worker):
    """A one-thread pool for rendering PDF pages, with no vault. ``synchronous=True`` runs the
    renders inline, as the tests' executors do."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent, synchronous=synchronous)
