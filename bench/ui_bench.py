"""Window benchmark: opening the list of 30,000 interviews, and the first search after unlock.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ui_bench.py [--interviews 30000] [--repeat 3]

Builds a vault with that many interviews (and the units they name), then, in one process:

- **list**: from ``KindListPage.reload()`` on the real one-thread executor to the rows shown
  (records read and decoded on the worker, the model filled, the first screen painted), then a
  jump to the last row painted; against plain SQLite fetching the same ``r_interview`` rows;
- **unlock + first search**: ``Vault.open`` (Argon2id at the vault's real cost, reported on its
  own) and the first ``Vault.search`` on the cold connection, against the same FTS5 ``MATCH``
  on a cold plain-SQLite connection.

The plain copy is made with ``sqlcipher_export`` into an unencrypted file; it holds the bench's
invented records only and is deleted with the temporary directory. Both baselines use the same
SQLite engine (sqlcipher3 without a key), so the ratios measure our code and the encryption.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlcipher3.dbapi2 as sqlcipher  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.domain.clock import uuid7  # noqa: E402
from app.domain.records import KINDS, Interview, Record, Unit  # noqa: E402
from app.storage.kdf import KdfParams  # noqa: E402
from app.storage.search_text import build_query  # noqa: E402
from app.storage.vault import Vault  # noqa: E402
from app.ui.records.list_page import KindListPage, LabelCache  # noqa: E402
from app.ui.tasks import DbExecutor  # noqa: E402
from app.ui.widgets.fonts import install_app_font  # noqa: E402

PASSPHRASE = "benchmark passphrase"
QUERIES = ("粮食", "招待", "公务用车", "补贴", "纸面整改", "选拔")


def _vault_bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vault_bench", Path(__file__).with_name("vault_bench.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_vault(path: Path, interviews: int) -> None:
    rng = random.Random(11)
    vb = _vault_bench_module()
    vault = Vault.create(path, PASSPHRASE, kdf=KdfParams())
    units = [Unit(id=uuid7(), name=f"第{i + 1}被巡察单位") for i in range(40)]
    vault.records.save_many(units)
    texts = [r for r in vb.make_records(interviews * 3) if isinstance(r, Interview)][:interviews]
    batch: list[Record] = []
    for i, record in enumerate(texts):
        record.unit_id = rng.choice(units).id
        record.time = dt.datetime(2024, 1 + i % 12, 1 + i % 28, 9, 30)
        batch.append(record)
        if len(batch) == 2000:
            vault.records.save_many(batch)
            batch = []
    if batch:
        vault.records.save_many(batch)
    con = vault.con
    plain = path.with_suffix(".plain.db")
    con.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
    con.execute("SELECT sqlcipher_export('plain')")
    con.execute("DETACH DATABASE plain")
    vault.close()


def wait(app: QApplication, done: Callable[[], bool]) -> float:
    """Spin the event loop until done(); return the longest time one turn of it took (a stall)."""
    longest = 0.0
    while not done():
        turn = time.perf_counter()
        app.processEvents()
        longest = max(longest, time.perf_counter() - turn)
        time.sleep(0.0005)
    return longest


def time_list(app: QApplication, vault: Vault) -> tuple[float, float, float, int]:
    executor = DbExecutor()
    executor.set_vault(vault)
    page = KindListPage(KINDS["interview"], executor, LabelCache())
    page.resize(1200, 800)
    page.show()
    app.processEvents()
    start = time.perf_counter()
    page.reload()
    stall = wait(app, lambda: page.loaded)
    page.view.viewport().grab()  # paint the first screen of rows
    shown = time.perf_counter() - start
    start = time.perf_counter()
    page.view.scrollToBottom()
    page.view.viewport().grab()
    scrolled = time.perf_counter() - start
    rows = page.proxy.rowCount()
    page.close()
    page.deleteLater()
    executor.shutdown()
    app.processEvents()
    return shown, scrolled, stall, rows


def time_raw_list(plain: Path) -> float:
    start = time.perf_counter()
    con = sqlcipher.connect(str(plain))
    con.execute("SELECT * FROM r_interview WHERE deleted = 0 ORDER BY created, id").fetchall()
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def time_unlock_and_search(path: Path, query: str) -> tuple[float, float]:
    start = time.perf_counter()
    vault = Vault.open(path, PASSPHRASE)
    opened = time.perf_counter() - start
    start = time.perf_counter()
    vault.search(query, limit=50)
    searched = time.perf_counter() - start
    vault.close()
    return opened, searched


def time_raw_search(plain: Path, query: str) -> float:
    built = build_query(query)
    assert built is not None
    start = time.perf_counter()
    con = sqlcipher.connect(str(plain))
    con.execute("SELECT rowid FROM search WHERE search MATCH ? ORDER BY bm25(search) LIMIT 50",
                (built.match,)).fetchall()
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interviews", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_app_font(app)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ui-bench.xcv"
        start = time.perf_counter()
        make_vault(path, args.interviews)
        print(f"vault of {args.interviews} interviews built in {time.perf_counter() - start:.1f} s")
        plain = path.with_suffix(".plain.db")

        shown, scrolled, stalls, raw = [], [], [], []
        rows = 0
        for _ in range(args.repeat):
            vault = Vault.open(path, PASSPHRASE)
            s, b, stall, rows = time_list(app, vault)
            stalls.append(stall)
            vault.close()
            shown.append(s)
            scrolled.append(b)
            raw.append(time_raw_list(plain))
        print(f"list of {rows} interviews (median of {args.repeat}):")
        print(f"  plain SQLite SELECT of the same rows        {statistics.median(raw) * 1000:8.0f} ms")
        print(f"  window: reload -> first screen painted      {statistics.median(shown) * 1000:8.0f} ms"
              f"   ratio {statistics.median(shown) / statistics.median(raw):5.1f}x")
        print(f"  window: longest event-loop turn meanwhile   {statistics.median(stalls) * 1000:8.0f} ms"
              "   (the window is frozen this long at most)")
        print(f"  window: jump to the last row, painted       {statistics.median(scrolled) * 1000:8.0f} ms")

        opened, first, raw_first = [], [], []
        for query in QUERIES[: max(args.repeat, 1) * 2]:
            o, f = time_unlock_and_search(path, query)
            opened.append(o)
            first.append(f)
            raw_first.append(time_raw_search(plain, query))
        print(f"unlock, then the first search on the cold connection ({len(first)} queries: "
              f"{' '.join(QUERIES[:len(first)])}):")
        print(f"  Vault.open (Argon2id at the default cost)   {statistics.median(opened) * 1000:8.0f} ms")
        print(f"  plain SQLite: connect + raw FTS5 MATCH      {statistics.median(raw_first) * 1000:8.1f} ms")
        print(f"  first Vault.search (ranked, snippets)       {statistics.median(first) * 1000:8.1f} ms"
              f"   ratio {statistics.median(first) / statistics.median(raw_first):5.1f}x"
              f"   (worst {max(first) * 1000:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
