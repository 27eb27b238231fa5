"""The document faces, registered with reportlab from ``resources/fonts`` (design.md decision 4).

GB/T 9704-2012 names four typefaces. What ships, and why (docs/documents.md, "Fonts"):

========  ==========================================  =========================================
role      face                                        licence
========  ==========================================  =========================================
SONG      AR PL UMing CN (``uming.ttc`` face 0)        Arphic Public License
FANGSONG  AR PL UMing CN, standing in for 仿宋          (no permissive Simplified 仿宋 TrueType)
KAI       LXGW WenKai (``LXGWWenKai-Regular.ttf``)      SIL OFL 1.1
HEI       Droid Sans Fallback                          Apache-2.0
========  ==========================================  =========================================

An office that holds a licence for a real 仿宋 TrueType can drop it in as ``fangsong.ttf`` (or
``fangsong.ttc``); it is then used for FANGSONG. Every face is embedded as a subset (reportlab
embeds TrueType subsets always). Droid Sans Fallback has no Latin letters or digits, so
:func:`markup` sets any character a face lacks in the Song face.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import resource_path

SONG, FANGSONG, KAI, HEI = "XC-Song", "XC-FangSong", "XC-Kai", "XC-Hei"


@dataclass(frozen=True)
class Face:
    """One registered role: the reportlab font name, its file and (for a .ttc) face index."""

    name: str
    path: Path
    index: int = 0


#: role -> candidate (file name, face index), first found wins.
_CANDIDATES: dict[str, tuple[tuple[str, int], ...]] = {
    SONG: (("uming.ttc", 0),),
    FANGSONG: (("fangsong.ttf", 0), ("fangsong.ttc", 0), ("uming.ttc", 0)),
    KAI: (("LXGWWenKai-Regular.ttf", 0),),
    HEI: (("DroidSansFallbackFull.ttf", 0),),
}

_lock = threading.Lock()
_faces: dict[str, Face] = {}
_coverage: dict[str, frozenset[int]] = {}


class FontMissing(RuntimeError):
    """A face the documents need is not in ``resources/fonts``."""


def fonts_dir() -> Path:
    """``resources/fonts``, from a checkout or a frozen build (through :mod:`app.resources`)."""
    return resource_path("fonts")


def register_fonts(folder: Path | None = None) -> dict[str, Face]:
    """Register the four roles once (thread-safe); return role -> face. Raises :class:`FontMissing`."""
    with _lock:
        if _faces:
            return dict(_faces)
        base = folder or fonts_dir()
        found: dict[str, Face] = {}
        for role, candidates in _CANDIDATES.items():
            for filename, index in candidates:
                path = base / filename
                if path.is_file():
                    found[role] = Face(role, path, index)
                    break
            else:
                raise FontMissing(f"缺少文书字体：{candidates[-1][0]}（应在 {base}）")
        for role, face in found.items():
            font = TTFont(role, str(face.path), subfontIndex=face.index)
            pdfmetrics.registerFont(font)
            _coverage[role] = frozenset(font.face.charToGlyph)
        _faces.update(found)
        _teach_line_breaking()
        return dict(_faces)


#: Chinese punctuation that must not start a line (GB/T 15834 practice).
NO_LINE_START = "，；：？！”’》〉…·"


def _teach_line_breaking() -> None:
    """WORKAROUND: reportlab 5.1's CJK wrap lacks Chinese full-width punctuation in its list of
    characters that cannot start a line, so "，" or "》" began lines; add them (it then hangs one
    such character in the right margin, as Word does)."""
    from reportlab.lib import textsplit  # wraps single-run paragraphs
    from reportlab.platypus import paragraph  # wraps paragraphs of several runs

    for module in (textsplit, paragraph):
        missing = "".join(c for c in NO_LINE_START if c not in module.ALL_CANNOT_START)
        module.ALL_CANNOT_START += missing


def covers(role: str, char: str) -> bool:
    register_fonts()
    return ord(char) in _coverage[role]


def markup(text: str, role: str, fallback: str = SONG) -> str:
    """``text`` escaped for a reportlab Paragraph, with characters ``role`` lacks set in ``fallback``.

    Escaping is the defence against reportlab markup in user text (CVE-2023-33733, and ``<img>``
    opening files): nothing a user typed can become a tag.
    """
    register_fonts()
    have = _coverage[role]
    if role == fallback or all(ord(c) in have or c in "\n\t" for c in text):
        return escape(text)
    out: list[str] = []
    run: list[str] = []
    run_missing = False
    for char in text:
        missing = ord(char) not in have and not char.isspace()
        if run and missing != run_missing:
            out.append(_run(run, run_missing, fallback))
            run = []
        run.append(char)
        run_missing = missing
    if run:
        out.append(_run(run, run_missing, fallback))
    return "".join(out)


def _run(chars: list[str], missing: bool, fallback: str) -> str:
    text = escape("".join(chars))
    return f'<font face="{fallback}">{text}</font>' if missing else text
