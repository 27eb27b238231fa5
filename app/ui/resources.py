"""Re-export of :mod:`app.resources` for the UI (kept so ``app.ui`` callers need not change).

The one helper lives in ``app/resources.py`` so that app/export can use it too without
importing ``app.ui`` (the layers of docs/architecture.md).
"""

from __future__ import annotations

from app.resources import resource_path, resources_root

__all__ = ["resource_path", "resources_root"]
