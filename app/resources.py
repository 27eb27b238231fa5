"""One way to find the program's data files, from a source checkout or a frozen build.

Every file the program reads at run time (fonts, JSON Schemas, translations) lives under
``resources/`` at the repository root. PyInstaller unpacks data files below ``sys._MEIPASS``, and
``pyinstaller.spec`` puts ``resources/`` there under the same name, so callers ask
:func:`resource_path` and never build such paths themselves (docs/architecture.md practice 13, after
qutebrowser's ``utils/resources.py``). This module imports nothing from the app, so every layer
(ui, export, storage) may use it.

The SQL migrations are package data of ``app.storage`` read with :mod:`importlib.resources`;
the spec collects them into the bundle under ``app/storage/migrations``, which is what that API
looks at when frozen.
"""

from __future__ import annotations

import sys
from pathlib import Path


def is_frozen() -> bool:
    """True when running from a PyInstaller build."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def resources_root() -> Path:
    """The ``resources`` directory: inside the unpacked bundle when frozen, else at the repository root."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    """The path of ``resources/<parts...>`` (whether or not it exists)."""
    return resources_root().joinpath(*parts)
