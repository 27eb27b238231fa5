"""Small valid attachment files for the demo: a "scanned page" PNG and a one-page PDF."""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Sequence


def _png(rng: random.Random, width: int = 96, height: int = 64) -> bytes:
    """A small valid PNG: a pale "scanned page" with dark text lines and a red seal mark."""
    paper = (246 - rng.randrange(8), 244 - rng.randrange(8), 236 - rng.randrange(8))
    ink = (40 + rng.randrange(30),) * 3
    lines = [(y, rng.randrange(width // 2, width - 8)) for y in range(8, height - 12, 7)]
    seal_x, seal_y = rng.randrange(width // 2, width - 20), height - 18
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            colour = paper
            for line_y, length in lines:
                if line_y <= y < line_y + 2 and 8 <= x < length:
                    colour = ink
            if (x - seal_x - 8) ** 2 + (y - seal_y - 8) ** 2 <= 64 and (x + y) % 3:
                colour = (200, 30, 30)
            rows.extend(colour)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) \
        + chunk(b"IEND", b"")


def _pdf_text(text: str) -> str:
    return "".join(f"{ord(c):04X}" for c in text)


def _pdf(title: str, lines: Sequence[str], ascii_lines: Sequence[str]) -> bytes:
    """A valid one-page A4 PDF. Chinese uses the standard STSong-Light CID font (not embedded)."""
    content = ["0.8 0 0 RG 1.5 w 70 742 455 1 re S", "BT /F2 18 Tf 1 0 0 1 70 760 Tm <"
               + _pdf_text(title) + "> Tj ET"]
    y = 710
    for line in lines:
        content.append(f"BT /F2 12 Tf 1 0 0 1 70 {y} Tm <{_pdf_text(line)}> Tj ET")
        y -= 22
    y -= 10
    for line in ascii_lines:
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content.append(f"BT /F1 9 Tf 1 0 0 1 70 {y} Tm ({safe}) Tj ET")
        y -= 14
    stream = "\n".join(content).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 8 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)

