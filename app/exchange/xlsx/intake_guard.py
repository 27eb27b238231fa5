"""Hostile-workbook defences for the Excel import: look at the bytes before openpyxl parses anything.

An .xlsx is a ZIP of XML parts, so it is checked like any untrusted archive (docs/security.md §5):

1. the whole file is read once into memory (≤ :data:`MAX_FILE`), so what is checked is what is
   parsed (no second open of a path that may have changed meanwhile);
2. the first bytes say what the file really is: an old .xls or a password-protected workbook
   (both OLE compound files), a web page or CSV renamed to .xls/.xlsx, a PDF … each gets its
   own message;
3. the ZIP's end record is read by hand: entry count and central-directory size are capped
   *before* :mod:`zipfile` builds one object per entry;
4. every entry: no duplicates, no odd names (absolute, ``..``, backslash, NUL), no symlinks, no
   encryption, only stored or deflated; the declared size per entry and in total is capped, and
   so is the compression ratio. :mod:`zipfile` never inflates past an entry's declared size
   (it stops there and the CRC check fails), so the declared sizes bound the work;
5. entries may not overlap (the "quoted overlap" bomb, CVE-2024-0450, which Python 3.11.7 does
   not check itself);
6. the parts an .xlsx must have are there, and other ZIP formats (.xlsb, .ods, .docx) are named;
7. the head of every XML part is scanned for ``<!DOCTYPE``/``<!ENTITY``: a real workbook never
   declares entities, and billion-laughs needs them. defusedxml stays the real guard behind
   this (openpyxl uses it when installed; :func:`require_defusedxml` refuses to go on without it).

Only then does :func:`open_workbook` hand the bytes to ``openpyxl.load_workbook(read_only=True)``.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.storage.errors import ReasonedError

MiB = 1 << 20
#: The file on disk. Office rosters and lists are a few hundred KiB.
MAX_FILE = 32 * MiB
#: Entries in the archive; a workbook of 50 sheets has about 120.
MAX_ENTRIES = 1000
#: Bytes of the central directory (about 100 per entry).
MAX_CENTRAL_DIRECTORY = 1 * MiB
#: Declared uncompressed size of one entry, and of all of them. 20,000 rows × 30 columns of
#: Chinese text is about 40 MiB of sheet XML.
MAX_ENTRY = 96 * MiB
MAX_TOTAL = 192 * MiB
#: Uncompressed / compressed, for entries big enough for it to matter. Sheet XML compresses
#: 5–30×; a sheet of identical cells about 100×; a bomb of zeros about 1000×.
MAX_RATIO = 200
RATIO_FLOOR = 1 * MiB
#: How much of each XML part is scanned for entity declarations.
DOCTYPE_SCAN = 4096

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
EOCD = b"PK\x05\x06"
EOCD64_LOCATOR = b"PK\x06\x07"
EOCD64 = b"PK\x06\x06"
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

#: reason code -> message. Codes are stable (tests key on them); messages are shown as they are.
REASONS: dict[str, str] = {
    "not_found": "找不到文件",
    "empty": "文件是空的",
    "too_large": f"文件过大（上限 {MAX_FILE // MiB} MB）",
    "old_xls": "这是旧版 Excel（.xls）文件或设置了打开密码的工作簿：请在 Excel/WPS 中打开，"
               "取消密码后另存为“Excel 工作簿（.xlsx）”再导入",
    "html": "这是网页（HTML/XML）文件，不是 Excel 工作簿（有些系统导出的“.xls”实际是网页）："
            "请在 Excel/WPS 中打开后另存为 .xlsx 再导入",
    "csv": "这是文本（CSV）文件，不是 Excel 工作簿：请在 Excel/WPS 中打开后另存为 .xlsx 再导入",
    "pdf": "这是 PDF 文件，不是 Excel 工作簿",
    "not_xlsx": "不是 Excel 工作簿（.xlsx）文件",
    "xlsb": "这是 Excel 二进制工作簿（.xlsb）：请另存为“Excel 工作簿（.xlsx）”再导入",
    "ods": "这是 OpenDocument 表格（.ods）：请在 WPS/Excel 中另存为 .xlsx 再导入",
    "other_office": "这是 Word 或 PowerPoint 文件，不是 Excel 工作簿",
    "damaged": "文件已损坏或不是完整的 .xlsx 工作簿",
    "too_many_entries": f"工作簿内部文件过多（上限 {MAX_ENTRIES} 个），可能是恶意构造的文件",
    "entry_too_large": f"工作簿中有内容解压后过大（单个上限 {MAX_ENTRY // MiB} MB），可能是恶意构造的文件",
    "total_too_large": f"工作簿解压后总大小过大（上限 {MAX_TOTAL // MiB} MB），可能是恶意构造的文件",
    "ratio": f"工作簿中有内容压缩比异常（超过 {MAX_RATIO} 倍，“压缩炸弹”），已拒绝",
    "overlap": "工作簿内部文件相互重叠（“压缩炸弹”的构造方式），已拒绝",
    "encrypted": "工作簿内部有加密的条目：请取消密码后另存为 .xlsx 再导入",
    "odd_entry": "工作簿内部有不允许的条目（异常文件名、链接或压缩方式），已拒绝",
    "duplicate": "工作簿内部有重名文件，已拒绝",
    "entities": "工作簿含有 XML 实体声明（DOCTYPE/ENTITY），正常的 Excel 文件不会有，"
                "可能是恶意构造的文件（如“十亿笑声”攻击），已拒绝",
    "no_defusedxml": "缺少 XML 安全防护组件（defusedxml），为安全起见不读取 Excel 文件",
    "unreadable": "无法读取工作簿：文件已损坏或含有不支持的内容",
    "no_sheet": "工作簿中没有这个工作表",
    "no_header": "没有找到表头",
    "too_many_rows": "工作表的行数超过上限",
    "no_unit": "人员名册需要指定所在单位（或表中有“所在单位”列）",
    "unknown_unit": "保密库中没有这个被巡察单位",
    "ambiguous_unit": "保密库中有多个同名的被巡察单位",
    "no_round": "请指定名单所属的轮次（命令行用 --round 轮次名称）：各轮次的单位和巡察组同名，不指定无法确定更新哪一条",
    "unknown_round": "保密库中没有这个巡察轮次",
    "no_ledger_unit": "整改台账需要指定被巡察单位（命令行用 --unit 单位名称），或表中有“被巡察单位”列",
}


class IntakeError(ReasonedError):
    """A workbook refused before any row was read: ``reason`` is the code, the message says why."""

    message = "无法导入该文件"
    message_en = "The file cannot be imported"

    reasons = REASONS


def read_capped(path: str | Path) -> bytes:
    """The file's bytes, refused when missing, empty or over :data:`MAX_FILE` (never read past it)."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE + 1)
    except FileNotFoundError as exc:
        raise IntakeError("not_found", str(path)) from exc
    except IsADirectoryError as exc:
        raise IntakeError("not_xlsx", str(path)) from exc
    if not data:
        raise IntakeError("empty")
    if len(data) > MAX_FILE:
        raise IntakeError("too_large")
    return data


def sniff(data: bytes) -> None:
    """Refuse, with the right message, anything whose first bytes are not a ZIP."""
    head = data[:8]
    if head.startswith(ZIP_MAGICS):
        return
    if head == OLE_MAGIC:
        raise IntakeError("old_xls")
    if head.startswith(b"%PDF"):
        raise IntakeError("pdf")
    text = _as_text(data[:4096])
    if text is not None:
        stripped = text.lstrip("\ufeff \t\r\n").lower()
        if stripped.startswith(("<", "<!doctype", "<?xml")) or "<html" in stripped[:512]:
            raise IntakeError("html")
        raise IntakeError("csv")
    raise IntakeError("not_xlsx")


def _as_text(head: bytes) -> str | None:
    """The head decoded when it looks like text (UTF-8, UTF-16 with BOM, or GB18030), else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if any(b < 0x09 for b in head):
        return None
    for encoding in ("utf-8", "gb18030"):
        for cut in range(4):  # the sample may end inside a multi-byte character
            try:
                return head[:len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
    return None


@dataclass(frozen=True)
class EndRecord:
    entries: int
    directory_size: int


def end_record(data: bytes) -> EndRecord:
    """Entry count and central-directory size from the ZIP's end record (and its ZIP64 form)."""
    at = data.rfind(EOCD, max(0, len(data) - (22 + 65_535)))
    if at < 0 or at + 22 > len(data):
        raise IntakeError("damaged", "缺少 ZIP 目录")
    _, _, _, entries, size, _, _ = struct.unpack("<4H2IH", data[at + 4:at + 22])
    if entries == 0xFFFF or size == 0xFFFFFFFF:
        locator = at - 20
        if locator < 0 or data[locator:locator + 4] != EOCD64_LOCATOR:
            raise IntakeError("damaged", "ZIP64 目录不完整")
        (offset,) = struct.unpack("<Q", data[locator + 8:locator + 16])
        if offset + 56 > len(data) or data[offset:offset + 4] != EOCD64:
            raise IntakeError("damaged", "ZIP64 目录不完整")
        entries, size = struct.unpack("<2Q", data[offset + 32:offset + 48])
    return EndRecord(entries, size)


def _odd_name(name: str) -> bool:
    return (not name or len(name) > 255 or name.startswith("/") or "\\" in name or "\x00" in name
            or ".." in name.split("/") or re.match(r"^[A-Za-z]:", name) is not None)


def check_archive(data: bytes) -> zipfile.ZipFile:
    """Every check of the module docstring up to the DOCTYPE scan; returns the opened archive."""
    sniff(data)
    end = end_record(data)
    if end.entries > MAX_ENTRIES:
        raise IntakeError("too_many_entries", f"{end.entries} 个")
    if end.directory_size > MAX_CENTRAL_DIRECTORY:
        raise IntakeError("too_many_entries", f"目录 {end.directory_size} 字节")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception as exc:  # a crafted ZIP raises many kinds (BadZipFile, struct.error, ValueError …)
        raise IntakeError("damaged", type(exc).__name__) from exc
    if len(infos) > MAX_ENTRIES:
        raise IntakeError("too_many_entries", f"{len(infos)} 个")
    names: set[str] = set()
    total = 0
    for info in infos:
        name = info.orig_filename
        mode = (info.external_attr >> 16) & 0o170000
        if _odd_name(name) or mode not in (0, stat.S_IFREG, stat.S_IFDIR) \
                or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise IntakeError("odd_entry", repr(name[:80]))
        if info.flag_bits & 0x1:
            raise IntakeError("encrypted", name[:80])
        if name in names:
            raise IntakeError("duplicate", name[:80])
        names.add(name)
        if info.file_size > MAX_ENTRY:
            raise IntakeError("entry_too_large", f"{name[:80]}：{info.file_size // MiB} MB")
        total += info.file_size
        if total > MAX_TOTAL:
            raise IntakeError("total_too_large", f"{total // MiB} MB")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise IntakeError("ratio", f"{name[:80]}：{info.file_size // max(info.compress_size, 1)} 倍")
    _check_overlap(zf, infos)
    _check_kind(names)
    return zf


def _check_overlap(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Each entry's data must end before the next entry's local header, and all before the directory."""
    ordered = sorted(infos, key=lambda i: i.header_offset)
    limit = int(getattr(zf, "start_dir", 1 << 62))
    for here, after in zip(ordered, [*ordered[1:], None], strict=True):
        # The smallest possible end: a 30-byte local header, the name, the data (extras only add).
        end = here.header_offset + 30 + len(here.orig_filename.encode("utf-8")) + here.compress_size
        if end > (after.header_offset if after is not None else limit):
            raise IntakeError("overlap", here.orig_filename[:80])


def _check_kind(names: set[str]) -> None:
    if "xl/workbook.bin" in names:
        raise IntakeError("xlsb")
    if "content.xml" in names and "mimetype" in names:
        raise IntakeError("ods")
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        raise IntakeError("other_office")
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise IntakeError("not_xlsx", "缺少工作簿结构")


def scan_declarations(zf: zipfile.ZipFile) -> None:
    """Refuse any XML part whose head declares a DOCTYPE or entities (reads ≤ 4 KiB of each)."""
    for info in zf.infolist():
        if not info.orig_filename.endswith((".xml", ".rels", ".vml")) or info.file_size == 0:
            continue
        try:
            with zf.open(info) as stream:
                head = stream.read(DOCTYPE_SCAN)
        except Exception as exc:  # noqa: BLE001 - a damaged entry, whatever zlib or zipfile raise
            raise IntakeError("damaged", info.orig_filename[:80]) from exc
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        if _DECLARATION.search(head):
            raise IntakeError("entities", info.orig_filename[:80])


def require_defusedxml() -> None:
    """openpyxl parses with defusedxml only when it is installed and not switched off by
    ``OPENPYXL_DEFUSEDXML=False``; without it the XML parsers would expand entities."""
    import openpyxl.xml
    from openpyxl.xml import functions

    if not openpyxl.xml.DEFUSEDXML or not str(getattr(functions.iterparse, "__module__", "")).startswith("defusedxml"):
        raise IntakeError("no_defusedxml")


def open_workbook(path: str | Path) -> Any:
    """The checked workbook, opened read-only by openpyxl (values as stored; nothing evaluated)."""
    require_defusedxml()
    data = read_capped(path)
    zf = check_archive(data)
    try:
        scan_declarations(zf)
    finally:
        zf.close()
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises whatever the broken XML leads it to
        raise unreadable(exc) from exc


def unreadable(exc: BaseException) -> IntakeError:
    """The error for a failure inside openpyxl: entity attacks named as such, the rest as damage."""
    seen: BaseException | None = exc
    for _ in range(10):  # openpyxl wraps parse errors in a ValueError "from" the original
        if seen is None:
            break
        if type(seen).__module__.startswith("defusedxml"):
            return IntakeError("entities", type(seen).__name__)
        seen = seen.__cause__ or seen.__context__
    if isinstance(exc, zipfile.BadZipFile):
        return IntakeError("damaged", str(exc)[:80])
    return IntakeError("unreadable", type(exc).__name__)
