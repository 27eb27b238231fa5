"""Outside text made safe to print on a terminal (docs/vault.md, "Text from outside is text").

A record, a package, a keys file or a spreadsheet can hold a newline followed by a fake
"校验通过" line, ANSI/OSC escape sequences that recolour or retitle the terminal, or bidi
overrides that reorder what is shown. :func:`printable` turns every such character into a
visible escape, so one value stays one run of visible text on one line.

Escaped: every character of the Unicode categories Cc (C0 controls including tab, newline and
carriage return, DEL, C1 controls U+0080–U+009F), Cf (format characters: bidi embeddings,
overrides and isolates U+202A–U+202E and U+2066–U+2069, the marks U+200E/U+200F/U+061C, zero-width
space and joiners U+200B–U+200D, U+FEFF, soft hyphen…: invisible, so two values that print the
same could differ), Zl and Zp (U+2028/U+2029, which some terminals and editors break lines at),
and Cs (a lone surrogate, which cannot even be encoded for output). Kept: every printable
character, spaces of every kind (the ideographic space U+3000 is ordinary Chinese text), private
use characters and the backslash itself (so Windows paths read as they are; the output is for
reading, not for parsing back).
"""

from __future__ import annotations

import unicodedata

#: Unicode categories whose characters are printed as escapes.
ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape_char(ch: str) -> str:
    """``\\n``, ``\\x1b``, ``\\u202e``, ``\\U000e0041``: Python's own spelling of the code point."""
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(value: object) -> str:
    """``value`` as text with every control, format and line-separator character escaped."""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():  # the common case: no character needs a look
        return text
    return "".join(escape_char(ch) if unicodedata.category(ch) in ESCAPED_CATEGORIES else ch for ch in text)
