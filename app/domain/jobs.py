"""What every long job shares: how it is cancelled and how it reports progress (docs/architecture.md).

Exports, imports, documents, the ledger, Excel intake and attachments all raise :class:`Cancelled`
when the person stops them, and report through one :data:`Progress` shape, so the window and the
command line handle every job the same way.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(done, total)``: units of work done so far and the total (0 when not known yet). A
#: job calls it between steps; an exception it raises (a cancel) stops the job and rolls it back.
Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """A long job stopped because the person cancelled it; what it had begun is rolled back."""
