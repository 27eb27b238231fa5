"""Window benchmark: opening the list of 30,000 interviews, the first search after unlock, and 汇总.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ui_bench.py [--interviews 30000] [--repeat 3]
    XUNCHA_PASSPHRASE=… QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ui_bench.py --summary o.xcv [--repeat 3]

Builds a vault with that many interviews (and the units they name), then, in one process:

- **list**: from ``KindListPage.reload()`` on the real one-thread executor to the rows shown
  (records read and decoded on the worker, the model filled, the first screen painted), then a
  jump to the last row painted; against plain SQLite fetching the same ``r_interview`` rows;
- **unlock + first search**: ``Vault.open`` (Argon2id at the vault's real cost, reported on its
  own) and the first ``Vault.search`` on the cold connection, against the same FTS5 ``MATCH``
  on a cold plain-SQLite connection;
- **汇总** (``--summary VAULT``, an office vault such as the office demo): the longest event-loop turn
  while the 汇总 page loads the latest round on the worker and fills its tables and charts (issue 14:
  ≤ 50 ms), beside compute_summary's own time.

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


def time_summary(app: QApplication, vault: Vault, settle: float = 0.5) -> tuple[float, float, float, int]:
    """汇总 (app/ui/office/summary_page.py) on the real one-thread executor: from ``reload()`` to the
    page filled and painted; the longest event-loop turn meanwhile and for ``settle`` seconds after
    (the models' resets, the tables' column sizing, layout and the first paint all run in turns of
    the loop); and the rows of its tables."""
    from app.ui.office.summary_page import SummaryPage

    executor = DbExecutor()
    executor.set_vault(vault)
    page = SummaryPage(executor)
    page.resize(1366, 768)
    page.show()
    app.processEvents()
    start = time.perf_counter()
    page.reload()
    stall = wait(app, lambda: page.loaded and not page.loading)
    page.viewport().grab()
    shown = time.perf_counter() - start
    until = time.perf_counter() + settle
    stall = max(stall, wait(app, lambda: time.perf_counter() > until))
    rows = sum(m.rowCount() for m in page.models.values())
    page.close()
    page.deleteLater()
    executor.shutdown()
    app.processEvents()
    return shown, stall, time.perf_counter() - start, rows


def bench_summary(app: QApplication, path: str, repeat: int) -> None:
    """The 汇总 row of issue 14: the longest event-loop turn while the page loads (target ≤ 50 ms),
    against the whole load, on the worker, of compute_summary alone."""
    from app.services.summary import compute_summary

    passphrase = os.environ.get("XUNCHA_PASSPHRASE", "")
    shown, stalls, compute = [], [], []
    rows = 0
    with Vault.open(Path(path), passphrase) as vault:
        total = sum(vault.counts().values())
    for _ in range(repeat):
        vault = Vault.open(Path(path), passphrase)  # the executor locks it when it shuts down
        s, stall, _t, rows = time_summary(app, vault)
        vault.close()
        shown.append(s)
        stalls.append(stall)
        with Vault.open(Path(path), passphrase) as vault:
            start = time.perf_counter()
            compute_summary(vault, None, dt.date.today())
            compute.append(time.perf_counter() - start)
    print(f"汇总 on {path} ({total} records, the latest round; {rows} table rows; median of {repeat}):")
    print(f"  compute_summary alone (on this thread)        {statistics.median(compute) * 1000:8.0f} ms")
    print(f"  window: reload -> page filled and painted     {statistics.median(shown) * 1000:8.0f} ms")
    print(f"  window: longest event-loop turn meanwhile     {statistics.median(stalls) * 1000:8.0f} ms"
          f"   (worst {max(stalls) * 1000:.0f} ms; target ≤ 50 ms)")


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
    parser.add_argument("--summary", metavar="VAULT",
                        help="only the 汇总 row, on this office vault (XUNCHA_PASSPHRASE), e.g. the office demo")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_app_font(app)
    if args.summary:
        bench_summary(app, args.summary, args.repeat)
        return 0
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
