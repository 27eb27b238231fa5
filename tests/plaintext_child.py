"""Child process for tests/test_no_plaintext.py, and the canary helpers both sides share.

Run as ``python tests/plaintext_child.py VAULT TOKEN MODE`` with TMPDIR/SQLITE_TMPDIR pointing at a
per-test directory. It creates a vault, writes 1,000 records and an attachment holding canaries,
runs a big sort and searches, and while the sorter is live lists its own open file descriptors
(Linux ``/proc/self/fd``) to catch SQLite temp files, which are unlinked as soon as they are
opened and so never show in a directory listing. Then it reports ``OPEN {json}`` and waits for a
line on stdin; closes the vault, reports ``CLOSED``, and waits for another line before exiting.

MODE ``secure`` uses the vault as the app does. MODE ``file-temp`` switches the connection to
``temp_store=FILE`` (what the app must never do) so the test can prove the probe would see
plaintext temp files.
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
from pathlib import Path

RECORDS = 1000
CJK_DIGITS = "〇一二三四五六七八九"


def cjk_token(token: str) -> str:
    rng = random.Random(token)
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(4))


def ascii_canary(token: str, i: int) -> str:
    return f"CANARY{token}N{i:04d}Z"


def cjk_canary(token: str, i: int) -> str:
    return cjk_token(token) + "".join(CJK_DIGITS[int(d)] for d in f"{i:04d}")


def canaries(token: str) -> list[str]:
    """Every canary string written: two per record, plus the attachment's."""
    out = []
    for i in range(RECORDS):
        out += [ascii_canary(token, i), cjk_canary(token, i)]
    out += [attachment_canary(token)]
    return out


def attachment_canary(token: str) -> str:
    return f"ATTACHCANARY{token}附件{cjk_token(token)}"


ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


def prefixes(token: str) -> list[str]:
    """Substrings every canary contains one of: no prefix in a file means no canary in it."""
    return [f"CANARY{token}", cjk_token(token)]


def needles(strings: list[str]) -> list[tuple[str, str, bytes]]:
    return [(s, enc, s.encode(enc)) for s in strings for enc in ENCODINGS]


def hits(data: bytes, token: str, limit: int = 50) -> list[tuple[str, str]]:
    """(canary, encoding) of canaries found in ``data`` (at most ``limit``), via the shared prefixes.

    Every canary contains one of :func:`prefixes`, so when no prefix occurs in any encoding no
    canary does; only then is the per-canary search (thousands of needles) skipped.
    """
    if not any(n in data for _, _, n in needles(prefixes(token))):
        return []
    found = []
    for s, enc, n in needles(canaries(token)):
        if n in data:
            found.append((s, enc))
            if len(found) >= limit:
                break
    # A prefix with no whole canary around it is still plaintext: report the prefix itself.
    return found or [(s, enc) for s, enc, n in needles(prefixes(token)) if n in data]


FILLER = "巡察组在驻点期间听取汇报、个别谈话、受理信访、调阅资料、下沉调研。" * 20


def records_for(token: str) -> list[object]:
    from app.domain.records import Interview, Lead

    out: list[object] = []
    for i in range(RECORDS):
        a, c = ascii_canary(token, i), cjk_canary(token, i)
        if i % 2:
            out.append(Interview(interviewee=f"谈话对象{a}", content=f"{FILLER[i % 50:]}{c}{FILLER[:i % 50]}"))
        else:
            out.append(Lead(subject_name=f"{c}某", source="来信", summary=f"{FILLER[:i % 70]}{a}{FILLER}"))
    return out


def temp_fds(vault_path: Path, token: str) -> dict[str, object]:
    """Regular files this process has open besides the vault's own three: their names and canary hits."""
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        return {"supported": False, "files": [], "hits": []}
    own = {str(vault_path), f"{vault_path}-wal", f"{vault_path}-shm"}
    files, found = [], []
    for entry in os.listdir(fd_dir):
        if int(entry) <= 2:  # stdin, stdout, stderr: whatever the test runner connected
            continue
        try:
            target = os.readlink(fd_dir / entry)
        except OSError:
            continue
        if not target.startswith("/") or target in own:
            continue
        if not os.path.isfile(fd_dir / entry) or target.startswith(sys.prefix) or target.endswith((".py", ".pyc")):
            continue
        if "/site-packages/" in target or "/lib/python" in target:
            continue
        files.append(target)
        try:
            with open(fd_dir / entry, "rb") as f:
                found += [f"{s}/{enc}" for s, enc in hits(f.read(), token)]
        except OSError:
            pass
    return {"supported": True, "files": files, "hits": found[:20]}


def main() -> None:
    from app.storage.kdf import TEST_PARAMS
    from app.storage.vault import Vault

    vault_path, token, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    vault = Vault.create(vault_path, "巡察 correct horse 2024", owner="测试员", kdf=TEST_PARAMS)
    records = records_for(token)
    saved = []
    for start in range(0, RECORDS, 100):
        saved += vault.records.save_many(records[start:start + 100])  # type: ignore[arg-type]
    vault.attach(saved[0].id, io.BytesIO((attachment_canary(token) * 200).encode("utf-8")), "证据.txt")
    con = vault.con
    if mode == "file-temp":
        con.execute("PRAGMA temp_store = FILE")
    # A small cache makes the sorter spill to temp files whenever temp storage is on disk.
    con.execute("PRAGMA cache_size = 16")
    probes = []
    for sql in (
        "SELECT id, content, interviewee FROM r_interview ORDER BY content DESC, interviewee",
        "SELECT id, summary FROM r_lead ORDER BY substr(summary, 3) || subject_name",
        "SELECT DISTINCT value FROM versions ORDER BY value",
        "SELECT detail, count(*) FROM journal GROUP BY detail ORDER BY 2, 1",
    ):
        cur = con.execute(sql)
        first = cur.fetchone()  # the sorter is complete once the first row is out
        assert first is not None
        probes.append(temp_fds(vault_path, token))
        rows = 1 + len(cur.fetchall())
        assert rows >= 500, (sql, rows)
    con.execute("PRAGMA cache_size = -32000")
    if mode != "file-temp":
        con.execute("PRAGMA temp_store = MEMORY")
    found = 0
    for i in range(0, RECORDS, 97):
        canary = ascii_canary(token, i) if i % 2 else cjk_canary(token, i)
        found += any(hit.record_id == saved[i].id for hit in vault.search(canary))
    summary = {
        "probes": probes,
        "search_found": found,
        "counts": {k: v for k, v in vault.counts().items() if v},
        "tmpdir": os.environ.get("TMPDIR"),
    }
    print("OPEN " + json.dumps(summary, ensure_ascii=False), flush=True)
    sys.stdin.readline()
    vault.close()
    print("CLOSED", flush=True)
    sys.stdin.readline()


if __name__ == "__main__":
    main()
