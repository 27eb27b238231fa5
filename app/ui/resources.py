"""One way to find the files under ``resources/``, from a source checkout or a frozen build.

PyInstaller unpacks data files below ``sys._MEIPASS``; the spec adds ``resources/`` there under
the same name, so every caller asks :func:`resource_path` and never builds paths itself.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """The ``resources`` directory: beside the unpacked bundle when frozen, else at the repository root."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """The path of ``resources/<parts...>`` (whether or not it exists)."""
    return resources_root().joinpath(*parts)
