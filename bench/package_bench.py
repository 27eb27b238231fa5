"""Package benchmark: export and import throughput against raw baselines, and an office's import of 83 teams.

    .venv/bin/python bench/package_bench.py [--attachments-mb 500] [--office 83] [--bulk-records 62000]
    .venv/bin/python bench/package_bench.py --attachments-mb 50 --office 10 --bulk-records 6000   # a quick run
    .venv/bin/python bench/package_bench.py --office-only [--office 83]         # only the office row
    .venv/bin/python bench/package_bench.py --bulk-only [--bulk-records 62000]  # only the bulk-insert row

Prints, in one run:
- a team-scale demo vault (``app.demo.fill``, scale ``team``) with ``--attachments-mb`` of random
  attachments added (generated as a stream, ``--attachment-mb`` each), exported with
  ``export_package`` (ZIP container, signature, age encryption, fsync, read back), against the
  ``age`` tool encrypting the same container bytes (``age -r RECIPIENT``, fed from memory, output
  fsynced, as the export's is);
- the import of that package into an empty office vault with ``import_packages`` (the package read
  as a stream, authenticated first, every check, one transaction), against ``age -d`` of the same
  file and stdlib ``sqlite3``
  (unencrypted, WAL, synchronous=FULL, the vault's own schema) inserting with ``executemany`` the
  same record rows (the field writes in ``versions`` and each kind's ``r_<kind>`` rows), and then
  every row the import wrote (records, search index, journal, ledger, attachment chunks) — the least
  a decrypt-then-insert import could cost; the import runs in a process of its own, whose peak
  memory above the opened vault is reported;
- the same for a team-scale vault without attachments (a package of records: the issue's
  record-rows row);
- 83 (``--office``) team packages, one team-scale demo vault each, imported into one office vault
  one after the other by a separate process: total time and that process's peak memory (its
  resident-set high-water mark, ``VmHWM`` of /proc/self/status, read before the first import and
  after the last; not ``ru_maxrss``, which a subprocess inherits from its parent's peak on Linux),
  against ``age -d`` of every package and stdlib sqlite3 inserting every row the imports wrote;
- vault_bench's bulk insert (``save_many`` against stdlib sqlite3 writing the same rows), the median
  of ``--bulk-runs`` runs of ``--bulk-records`` records;
- issue 15's table: every row with the figure it was filed with, its target, and whether it is met.

Vaults use the test KDF parameters: the KDF is paid once at open and does not change throughput.
The demo data and random attachments are not secret, so the baseline writes the container to
``age`` through a pipe; nothing decrypted is written to disk. Needs ``age`` on PATH; about
3 × ``--attachments-mb`` of free disk; memory for the demo vaults (an import streams the package:
tests/test_package_memory.py holds its peak under 200 MiB above the opened vault for 300 MB).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.demo import fill  # noqa: E402
from app.domain.records import KINDS  # noqa: E402
from app.exchange.package import (  # noqa: E402
    device_keys,
    export_package,
    import_packages,
    load_key_file,
    parse_recipients,
    public_document,
    trust,
)
from app.exchange.package.verify import decrypt  # noqa: E402
from app.storage.kdf import TEST_PARAMS  # noqa: E402
from app.storage.keys import AGE, KeyStore  # noqa: E402
from app.storage.migrations import STEPS, _sql, split_statements  # noqa: E402
from app.storage.vault import Vault  # noqa: E402

PASSPHRASE = "benchmark passphrase"
MB = 1_000_000


class RandomStream(io.RawIOBase):
    """``size`` pseudo-random bytes, made as they are read (nothing held whole in memory)."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self._rng = rng
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        n = min(len(target), self._left)
        target[:n] = self._rng.randbytes(n)
        self._left -= n
        return n


def keys_of(vault: Vault) -> bytes:
    return json.dumps(public_document(vault), ensure_ascii=False).encode()


def make_team(path: Path, seed: int, attachments: int, attachment_size: int) -> Vault:
    vault = Vault.create(path, PASSPHRASE, role="team", owner=f"第{seed}组组长", kdf=TEST_PARAMS)
    fill(vault, scale="team", seed=seed)
    owners = vault.records.ids("interview")
    rng = random.Random(seed)
    for i in range(attachments):
        vault.attach(owners[i % len(owners)], RandomStream(rng, attachment_size), f"扫描件{i:03d}.bin")  # type: ignore[arg-type]
    return vault


def timed(action: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def age_encrypt(plain: bytes, recipient: str, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["age", "-r", recipient, "-o", str(out)], input=plain, check=True)
    fd = os.open(out, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)
    return time.perf_counter() - start


def age_decrypt(package: Path, identity_file: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["age", "-d", "-i", str(identity_file), "-o", os.devnull, str(package)], check=True)
    return time.perf_counter() - start


sys.path.insert(0, str(Path(__file__).resolve().parent))
import vault_bench  # noqa: E402  (bench/vault_bench.py: the bulk-insert row and the search rows)


def rows_written(vault: Vault) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables an import writes, read back from the vault (the search rows recomputed)."""
    con = vault.con
    tables = ["records", "versions", "open_conflicts", "journal", "blobs", "blob_chunks", "packages",
              *(f"r_{k}" for k in KINDS)]
    out = {t: [tuple(r) for r in con.execute(f"SELECT * FROM {t}")] for t in tables}
    out["search"] = vault_bench.search_rows(vault, out["records"])
    return out


def sqlite_insert(path: Path, rows: dict[str, list[tuple[Any, ...]]], tables: list[str]) -> tuple[float, int]:
    """stdlib sqlite3, unencrypted, the vault's schema: executemany of ``tables``' rows in one transaction."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    for migration in STEPS:  # every schema step, as a vault has them
        for statement in split_statements(_sql(migration)):
            # The stdlib's older SQLite lacks contentless_delete; inserts cost the same without it.
            con.execute(statement.replace(", contentless_delete = 1", ""))
    count = 0
    start = time.perf_counter()
    con.execute("BEGIN")
    for name in tables:
        if rows[name]:
            marks = ", ".join("?" * len(rows[name][0]))
            columns = "(rowid, uni, bi)" if name == "search" else ""
            con.executemany(f"INSERT INTO {name} {columns} VALUES ({marks})", rows[name])
            count += len(rows[name])
    con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed, count


def bench_throughput(work: Path, attachments_mb: int, attachment_mb: int) -> dict[str, float]:
    size = attachment_mb * MB
    count = max(1, round(attachments_mb / attachment_mb)) if attachments_mb else 0
    work.mkdir()
    team = make_team(work / "team.xcv", 1, count, size)
    office = Vault.create(work / "office.xcv", PASSPHRASE, role="office", owner="巡察办", kdf=TEST_PARAMS)
    trust(office, load_key_file(keys_of(team)))
    package = work / "team.age"
    t_export, result = timed(lambda: export_package(team, package, parse_recipients(keys_of(office))))
    team.close()

    identity = device_keys(office).identity
    recipient = str(public_document(office)["age_recipient"])
    plain = decrypt(package, identity)
    t_age_enc = age_encrypt(plain, recipient, work / "same-bytes.age")
    container = len(plain)
    del plain
    key_file = work / "office-identity.txt"  # the bench's throw-away office key, for age -d
    own = KeyStore(office.con).own(AGE)
    assert own is not None
    key_file.write_text(own.secret + "\n")
    key_file.chmod(0o600)
    t_age_dec = age_decrypt(package, key_file)

    office.close()
    one = work / "one"
    one.mkdir()
    package.rename(one / package.name)
    child = run_import_child(work / "office.xcv", one)
    t_import = child["times"][0]
    office = Vault.open(work / "office.xcv", PASSPHRASE)
    rows = rows_written(office)
    office.close()
    record_tables = ["versions", *(f"r_{k}" for k in KINDS)]
    t_rows, n_rows = sqlite_insert(work / "rows.db", rows, record_tables)
    all_tables = ["records", "versions", "open_conflicts", "journal", "blobs", "blob_chunks", "packages", "search",
                  *(f"r_{k}" for k in KINDS)]
    t_all, n_all = sqlite_insert(work / "all.db", rows, all_tables)
    del rows

    mb = result.size / MB
    print(f"team-scale demo vault + {count} random attachments of {attachment_mb if count else 0} MB"
          f" ({count * size / MB:.0f} MB): {result.writes} writes, {result.records} records, {result.blobs} blobs;"
          f" package {mb:.1f} MB (container {container / MB:.1f} MB)")
    print("export")
    print(f"  export_package (ZIP, sign, age, fsync; threads)      {t_export:8.2f} s  {mb / t_export:7.1f} MB/s")
    print(f"  age -r, the same container bytes (+ fsync)             {t_age_enc:8.2f} s  {mb / t_age_enc:7.1f} MB/s")
    print(f"  ratio export / age                                     {t_export / t_age_enc:8.2f}x")
    print("import (into an empty office vault)")
    print(f"  import_packages (streamed, checks, 1 txn; own process) {t_import:8.2f} s  {mb / t_import:7.1f} MB/s")
    print(f"  age -d of the package (to /dev/null)                   {t_age_dec:8.2f} s  {mb / t_age_dec:7.1f} MB/s")
    print(f"  sqlite3 executemany, the record rows ({n_rows} rows)"
          f"{'':<{max(0, 13 - len(str(n_rows)))}}{t_rows:8.2f} s")
    print(f"  sqlite3 executemany, every row the import wrote ({n_all} rows, incl. {count * size / MB:.0f} MB"
          f" of chunks) {t_all:.2f} s")
    print(f"  ratio import / (age -d + sqlite3 record rows)          {t_import / (t_age_dec + t_rows):8.2f}x")
    print(f"  ratio import / (age -d + sqlite3 every row)            {t_import / (t_age_dec + t_all):8.2f}x")
    above = child["rss_after"] - child["rss_before"]
    print(f"  peak memory of the importing process (VmHWM): {child['rss_after']:.0f} MiB,"
          f" {above:.0f} MiB above the opened vault ({child['rss_before']:.0f} MiB)")
    return {"export": t_export / t_age_enc, "import_all": t_import / (t_age_dec + t_all),
            "import_records": t_import / (t_age_dec + t_rows), "memory": above, "package_mb": mb}


def maxrss_mib() -> float:
    """This process's peak resident set size, MiB.

    Linux's VmHWM: ru_maxrss of a process started by subprocess (vfork + exec) starts from its
    parent's high-water mark, so it would report the parent's peak, not the child's.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def bench_office(work: Path, teams: int) -> dict[str, float]:
    office_path = work / "office83.xcv"
    packages = work / "packages"
    packages.mkdir()
    start = time.perf_counter()
    with Vault.create(office_path, PASSPHRASE, role="office", owner="巡察办", kdf=TEST_PARAMS) as office:
        recipients = parse_recipients(keys_of(office))
        sizes = 0
        for t in range(teams):
            team_path = work / f"team{t:02d}.xcv"
            with make_team(team_path, 100 + t, 0, 0) as team:
                trust(office, load_key_file(keys_of(team)))
                sizes += export_package(team, packages / f"team{t:02d}.age", recipients).size
            for leftover in work.glob(f"team{t:02d}.xcv*"):
                leftover.unlink()
    setup = time.perf_counter() - start
    figures = run_import_child(office_path, packages)
    times = figures["times"]
    t_age, t_rows, n_rows = office_baseline(work, office_path, packages)
    print(f"office: {teams} team packages (one team-scale demo vault each, {sizes / MB:.0f} MB in all;"
          f" made in {setup:.0f} s), imported one import_packages call each into one office vault")
    print(f"  total {sum(times):.1f} s; per package mean {sum(times) / len(times):.2f} s,"
          f" first {times[0]:.2f} s, last {times[-1]:.2f} s, slowest {max(times):.2f} s")
    print(f"  office vault after: {figures['records']} records, {figures['writes']} writes,"
          f" {figures['size_mb']:.0f} MB on disk; check() {'ok' if figures['check_ok'] else 'FAILED'}")
    print(f"  peak memory (VmHWM, peak RSS of the importing process): {figures['rss_after']:.0f} MiB"
          f" (after opening the vault, before the first import: {figures['rss_before']:.0f} MiB;"
          f" {figures['rss_after'] - figures['rss_before']:.0f} MiB above it)")
    base = t_age + t_rows
    print(f"  baseline: age -d of the {teams} packages (to /dev/null)      {t_age:8.1f} s")
    print(f"  baseline: sqlite3 executemany of every row the imports wrote ({n_rows} rows, one transaction,"
          f" a fresh unencrypted file) {t_rows:.1f} s")
    print(f"  ratio import / (age -d + sqlite3 every row)    total {sum(times) / base:6.2f}x;"
          f" per package {sum(times) / len(times):.2f} s against {base / len(times):.2f} s")
    return {"office_total": sum(times), "office_peak": figures["rss_after"]}


def run_import_child(office_path: Path, packages: Path) -> dict[str, Any]:
    """Import every package of ``packages`` into the office vault in a fresh process, so that its
    peak memory is the import's and nothing of this one's: its figures (times, VmHWM before and after)."""
    child = subprocess.run([sys.executable, __file__, "--import-child", str(office_path), str(packages)],
                           check=True, capture_output=True, text=True, env=dict(os.environ, XC_BENCH_PASS=PASSPHRASE))
    figures: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return figures


def bench_bulk_insert(records: int, runs: int) -> float:
    """vault_bench's bulk insert (``save_many`` against stdlib sqlite3 writing the same rows unencrypted,
    batch by batch in turn), ``runs`` times: the median ratio."""
    made = vault_bench.make_records(records)
    ratios = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="package-bench-bulk-") as tmp:
            ours, same, vault = vault_bench.bench_interleaved(Path(tmp) / "bench.xcv", Path(tmp) / "same.db", made,
                                                              vault_bench.SAME_TABLES)
            vault.close()
            ratios.append(same / ours)
            print(f"  vault.save_many {records / ours:7.0f} rec/s, sqlite3 the same rows {records / same:7.0f} rec/s:"
                  f" {same / ours:6.1%}", flush=True)
    return statistics.median(ratios)


def office_baseline(work: Path, office_path: Path, packages: Path) -> tuple[float, float, int]:
    """The office row's baseline: ``age -d`` of every package, and stdlib sqlite3 inserting every row
    the imports wrote (read back from the office vault afterwards) into a fresh unencrypted file of
    the vault's schema in one transaction: a lower bound for a decrypt-then-insert consolidation
    (83 transactions into a growing file would cost more)."""
    with Vault.open(office_path, PASSPHRASE) as office:
        own = KeyStore(office.con).own(AGE)
        assert own is not None
        key_file = work / "office-identity.txt"  # the bench's throw-away office key, for age -d
        key_file.write_text(own.secret + "\n")
        key_file.chmod(0o600)
        rows = rows_written(office)
    t_age = sum(age_decrypt(package, key_file) for package in sorted(packages.glob("*.age")))
    all_tables = ["records", "versions", "open_conflicts", "journal", "blobs", "blob_chunks", "packages", "search",
                  *(f"r_{k}" for k in KINDS)]
    t_rows, n_rows = sqlite_insert(work / "office-rows.db", rows, all_tables)
    return t_age, t_rows, n_rows


def import_child(office_path: Path, packages: Path) -> int:
    with Vault.open(office_path, os.environ["XC_BENCH_PASS"]) as office:
        before = maxrss_mib()
        times = []
        for package in sorted(packages.glob("*.age")):
            t, _ = timed(lambda package=package: import_packages(office, [package]))
            times.append(t)
        after = maxrss_mib()
        counts = sum(office.records.count(k) for k in KINDS)
        writes = office.con.execute("SELECT count(*) FROM versions").fetchone()[0]
        ok = office.check().ok
    print(json.dumps({"times": times, "rss_before": before, "rss_after": after, "records": counts,
                      "writes": writes, "check_ok": ok, "size_mb": office_path.stat().st_size / MB}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--attachments-mb", type=int, default=500, help="MB of random attachments (default 500)")
    parser.add_argument("--attachment-mb", type=int, default=10, help="MB per attachment (default 10)")
    parser.add_argument("--office", "--teams", dest="teams", type=int, default=83,
                        help="team packages for the office import (default 83)")
    parser.add_argument("--bulk-records", type=int, default=62000,
                        help="records of the bulk-insert row (vault_bench's; default 62000, 0 to skip)")
    parser.add_argument("--bulk-runs", type=int, default=3, help="runs of the bulk insert (the median is taken)")
    parser.add_argument("--workdir", help="where to put the vaults and packages (default: the system temp dir)")
    parser.add_argument("--office-only", action="store_true", help="only the office row (83 packages into one vault)")
    parser.add_argument("--bulk-only", action="store_true", help="only the bulk-insert row")
    parser.add_argument("--import-child", nargs=2, metavar=("OFFICE", "PACKAGES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_child:
        return import_child(Path(args.import_child[0]), Path(args.import_child[1]))
    if shutil.which("age") is None:
        parser.error("the age tool is not on PATH")
    with tempfile.TemporaryDirectory(dir=args.workdir, prefix="package-bench-") as tmp:
        work = Path(tmp)
        print(f"package bench: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}", flush=True)
        figures: dict[str, float] = {}
        if args.bulk_only:
            pass
        elif not args.office_only:
            figures.update(bench_throughput(work / "attachments", args.attachments_mb, args.attachment_mb))
            # The record-rows row is "a package of records, no attachments": a vault without them.
            figures["import_records"] = bench_throughput(work / "records", 0, args.attachment_mb)["import_records"]
            sys.stdout.flush()
            shutil.rmtree(work)
            work.mkdir()
        if args.teams and not args.bulk_only:
            figures.update(bench_office(work, args.teams))
    if args.office_only:
        return 0
    if args.bulk_records:
        print(f"bulk insert of {args.bulk_records} records (vault_bench, batches of 2000), {args.bulk_runs} runs:")
        figures["bulk"] = bench_bulk_insert(args.bulk_records, args.bulk_runs)
    print_table(figures, args.teams)
    return 0


#: The issue's table (issue 15): what each row was when it was filed, and its target.
BASELINES = {
    "export": ("5.5× (4.7× at 100 MB)", "≤ 2×"),
    "import_all": ("3.3× at 500 MB, 5.7× at 100 MB", "≤ 2×"),
    "import_records": ("21×", "≤ 6×"),
    "memory": ("about 2× the package (1,080 MiB for 505 MB)", "≤ 200 MiB above the opened vault"),
    "office": ("574 s (6.9 s each)", "≤ 180 s, peak ≤ 200 MiB"),
    "bulk": ("33.6 %", "≥ 45 %, median of three"),
}


def print_table(f: dict[str, float], teams: int) -> None:
    def row(key: str, what: str, now: str, met: bool | None) -> None:
        before, target = BASELINES[key]
        verdict = "" if met is None else ("met" if met else "NOT met")
        print(f"  {what:<52} {now:<24} was {before}; target {target} {verdict}")

    print(f"issue 15's table ({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end):")
    if "export" in f:
        row("export", "export / age -r", f"{f['export']:.2f}×", f["export"] <= 2)
        row("import_all", "import / (age -d + sqlite3 every row)", f"{f['import_all']:.2f}×", f["import_all"] <= 2)
        row("import_records", "records only: import / (age -d + sqlite3 records)", f"{f['import_records']:.2f}×",
            f["import_records"] <= 6)
        row("memory", f"peak memory importing {f['package_mb']:.0f} MB", f"+{f['memory']:.0f} MiB",
            f["memory"] <= 200)
    if "office_total" in f:
        office = f"{f['office_total']:.1f} s, peak {f['office_peak']:.0f} MiB"
        row("office", f"office importing {teams} team packages", office,
            (f["office_total"] <= 180 and f["office_peak"] <= 200) if teams == 83 else None)
    if "bulk" in f:
        row("bulk", "bulk insert / stdlib sqlite3", f"{f['bulk']:.1%}", f["bulk"] >= 0.45)


if __name__ == "__main__":
    sys.exit(main())
