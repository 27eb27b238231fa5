"""The document faces, registered with reportlab from ``resources/fonts`` (docs/documents.md).

GB/T 9704-2012 names four typefaces. What ships, and why (docs/documents.md, "Fonts"):

========  ==============================================  =====================================
role      face                                            licence
========  ==============================================  =====================================
SONG      AR PL UMing CN (``uming.ttc`` face 0)            Arphic Public License
FANGSONG  Zhuque Fangsong (``ZhuqueFangsong-Regular.ttf``)  SIL OFL 1.1 (built by scripts/build-fonts)
KAI       LXGW WenKai (``LXGWWenKai-Regular.ttf``)          SIL OFL 1.1
HEI       Droid Sans Fallback                              Apache-2.0
========  ==============================================  =====================================

An office that holds a licence for a fuller 仿宋 TrueType can drop it in as ``fangsong.ttf`` (or
``fangsong.ttc``); it is then used for FANGSONG. Every face is embedded as a subset (reportlab
embeds TrueType subsets always).

No face has every character: Droid Sans Fallback has no Latin letters or digits, Zhuque Fangsong
about 11,000 hanzi, and 生僻字 in names lie in the CJK extensions. :func:`markup` sets each
character a face lacks in the first face that has it: Song, then :data:`FALLBACKS`, the
rare-character faces (HanaMin for Ext A–F, BabelStone Han for Ext G–H; scripts/build-rare-fonts)
and last the Kai face.
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
#: The rare-character faces: CJK Ext A, Ext B–F, Ext G–H (docs/documents.md, "Fonts").
RARE_A, RARE_B, RARE_G = "XC-RareA", "XC-RareB", "XC-RareG"
#: Where a character a face lacks is looked for, in order, after the caller's fallback (Song).
#: LXGW WenKai comes last: it has the 2,069 rarer hanzi of the URO that neither Zhuque nor UMing has.
FALLBACKS = (RARE_A, RARE_B, RARE_G, KAI)


@dataclass(frozen=True)
class Face:
    """One registered role: the reportlab font name, its file and (for a .ttc) face index."""

    name: str
    path: Path
    index: int = 0


#: role -> candidate (file name, face index), first found wins.
_CANDIDATES: dict[str, tuple[tuple[str, int], ...]] = {
    SONG: (("uming.ttc", 0),),
    FANGSONG: (("fangsong.ttf", 0), ("fangsong.ttc", 0), ("ZhuqueFangsong-Regular.ttf", 0)),
    KAI: (("LXGWWenKai-Regular.ttf", 0),),
    HEI: (("DroidSansFallbackFull.ttf", 0),),
    RARE_A: (("HanaMinA-ExtA.ttf", 0),),
    RARE_B: (("HanaMinB.ttf", 0),),
    RARE_G: (("BabelStoneHan-ExtGH.ttf", 0),),
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
    """Register the four roles and the rare-character faces once (thread-safe); return role -> face.

    Raises :class:`FontMissing`."""
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
        _teach_to_unicode()
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


def _teach_to_unicode() -> None:
    """WORKAROUND: reportlab 5.1 writes a character outside the BMP into the ToUnicode map as 5
    hex digits ("<20000>"), which is not UTF-16, so a 生僻字 of CJK Ext B–H printed but dropped
    out of the text layer (pdftotext, search, copy). Write each value as UTF-16BE, surrogate
    pairs included ("<D840DC00>"), as the PDF reference asks."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "utf16", False):
        return

    def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        text: str = original(fontname, subset)
        head, _, rest = text.partition(f"{len(subset)} beginbfchar\n")
        _, _, tail = rest.partition("endbfchar")
        pairs = "".join(f"<{i:02X}> <{chr(v).encode('utf-16-be', 'surrogatepass').hex().upper()}>\n"
                        for i, v in enumerate(subset))
        return f"{head}{len(subset)} beginbfchar\n{pairs}endbfchar{tail}"

    make_to_unicode_cmap.utf16 = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


def covers(role: str, char: str) -> bool:
    register_fonts()
    return ord(char) in _coverage[role]


def runs(text: str, role: str, fallback: str = SONG) -> list[tuple[str, str]]:
    """``text`` cut into (face, piece) runs: each character in ``role`` when it has it, else in the
    first of ``fallback`` and :data:`FALLBACKS` that has it (else ``role``: nothing has it)."""
    register_fonts()
    have = _coverage[role]
    if all(ord(c) in have or c.isspace() for c in text):
        return [(role, text)] if text else []
    chain = [fallback, *FALLBACKS]
    faces: list[str] = []
    pieces: list[list[str]] = []
    for char in text:
        face = role
        if ord(char) not in have and not char.isspace():
            face = next((f for f in chain if ord(char) in _coverage[f]), role)
        if faces and faces[-1] == face:
            pieces[-1].append(char)
        else:
            faces.append(face)
            pieces.append([char])
    return [(face, "".join(chars)) for face, chars in zip(faces, pieces, strict=True)]


def markup(text: str, role: str, fallback: str = SONG) -> str:
    """``text`` escaped for a reportlab Paragraph, characters ``role`` lacks set in a face that has
    them (:func:`runs`).

    Escaping is the defence against reportlab markup in user text (CVE-2023-33733, and ``<img>``
    opening files): nothing a user typed can become a tag.
    """
    return "".join(escape(piece) if face == role else f'<font face="{face}">{escape(piece)}</font>'
                   for face, piece in runs(text, role, fallback))
