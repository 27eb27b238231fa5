"""A worker task as the :data:`~app.domain.jobs.Progress` the long jobs of app/services take.

``Task.report`` only reports; the jobs stop when their ``progress`` raises
:class:`~app.domain.jobs.Cancelled` (app/domain/jobs.py), so this one checks for a cancel first.
"""

from __future__ import annotations

from app.domain.jobs import Progress
from app.ui.tasks import Task


def job_progress(task: Task) -> Progress:
    """``progress(done, total)`` for a service called on ``task``: raises Cancelled once the op is
    cancelled, else reports (throttled) to the op's on_progress."""

    def progress(done: int, total: int) -> None:
        task.check_cancelled()
        task.report(done, total)

    return progress
