"""Excel import benchmark: how fast and how small hostile workbooks are refused, and a 20,000-row roster read.

    .venv/bin/python bench/intake_bench.py [--rows 20000]

Each case runs in a fresh child process, so its peak RSS is its own. Prints, per case: the
outcome (the refusal's reason code, or the rows read and planned), wall time, and peak RSS; the
first line is a child that only imports the modules, the floor every other figure sits on.
docs/security.md §9 asks for hostile XLSX "rejected < 2 s, < 256 MiB".
"""

from __future__ import annotations

import argparse
import io
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
from app.exchange.xlsx.intake import IntakeError, plan_intake, read_workbook
path, as_kind = sys.argv[1], sys.argv[2]
start = time.perf_counter()
outcome = "imported modules"
if path != "-":
    try:
        read = read_workbook(path, as_kind)
        if as_kind == "roster":
            from app.storage.kdf import TEST_PARAMS
            from app.storage.vault import Vault
            import tempfile, pathlib
            from app.domain.records import Unit
            with tempfile.TemporaryDirectory() as tmp:
                with Vault.create(pathlib.Path(tmp) / "v.xcv", "bench passphrase", kdf=TEST_PARAMS) as vault:
                    unit = vault.records.save(Unit(name="某县农业农村局党组"))
                    planned = time.perf_counter()
                    plan = plan_intake(vault, read, unit_id=unit.id)
                    outcome = f"read {{len(read.rows)}} rows, planned {{plan.count('new')}} new"
        else:
            outcome = f"read {{len(read.rows)}} rows"
    except IntakeError as exc:
        outcome = f"refused: {{exc.reason}}"
elapsed = time.perf_counter() - start
print(json.dumps({{"outcome": outcome, "seconds": elapsed,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def good_xlsx(rows: int = 2) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名册")
    ws.append(["序号", "姓名", "性别", "出生年月", "职务", "联系电话"])
    for i in range(rows):
        ws.append([i + 1, f"人员{i:05d}", "男" if i % 2 else "女", 1970 + i % 30 + 0.01 * (1 + i % 12), "科员",
                   f"139{i:08d}"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def sheet_name(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return next(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))


def declared_size(data: bytes, name: str, size: int) -> bytes:
    buf = bytearray(data)
    at = 0
    while True:
        at = buf.find(b"PK\x01\x02", at)
        length = struct.unpack("<H", buf[at + 28:at + 30])[0]
        if bytes(buf[at + 46:at + 46 + length]) == name.encode():
            buf[at + 24:at + 28] = struct.pack("<I", size)
            return bytes(buf)
        at += 4


def honest_bomb(data: bytes, size: int) -> bytes:
    """The workbook plus a deflated entry of ``size`` zeros, declared honestly (streamed, never held whole)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        info = zipfile.ZipInfo("xl/bomb.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(info, "w", force_zip64=True) as stream:
            chunk = bytes(16 << 20)
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return out.getvalue()


LAUGHS = (b'<?xml version="1.0"?>\n%s<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
          b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def cases(rows: int) -> list[tuple[str, bytes, str]]:
    good = good_xlsx()
    sheet = sheet_name(good)
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(60_000):
            zf.writestr(f"xl/media/p{i}.xml", b"")
    return [
        ("good 2-row roster", good, "roster"),
        (f"good {rows}-row roster (read + plan)", good_xlsx(rows), "roster"),
        ("billion laughs", rezip(good, {sheet: LAUGHS % b""}), "roster"),
        ("billion laughs behind 16 KiB comment", rezip(good, {sheet: LAUGHS % (b"<!--" + b"x" * 16384 + b"-->")}),
         "roster"),
        ("sheet declared 1 GiB", declared_size(good, sheet, 1 << 30), "roster"),
        ("zip bomb: 1 GiB of zeros", honest_bomb(good, 1 << 30), "roster"),
        ("60,000 entries", many.getvalue(), "roster"),
        ("CSV renamed .xlsx", "姓名,职务\n张三,局长\n".encode(), "roster"),
    ]


def run(path: str, as_kind: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT)), path, as_kind],
                          capture_output=True, text=True, timeout=600, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    print(f"{'case':42} {'outcome':40} {'seconds':>8} {'peak RSS MiB':>13}")
    floor = run("-", "roster")
    print(f"{'(imports only)':42} {str(floor['outcome']):40} {float(str(floor['seconds'])):8.3f} "
          f"{float(str(floor['rss_mib'])):13.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, data, as_kind in cases(args.rows):
            path = Path(tmp) / "case.xlsx"
            path.write_bytes(data)
            result = run(str(path), as_kind)
            print(f"{label:42} {str(result['outcome']):40} {float(str(result['seconds'])):8.3f} "
                  f"{float(str(result['rss_mib'])):13.1f}   ({len(data):,} bytes on disk)")


if __name__ == "__main__":
    main()
