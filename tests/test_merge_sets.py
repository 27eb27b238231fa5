"""The set-based merge (issue 15 §3) against the old one-statement-per-write merge, write set by write set.

Random write sets over a few records, fields and stamps (bases named before they arrive, writes
given twice, already known, concurrent heads with equal and different values, tombstones) are
merged in the same pieces into two vaults: one through ``RecordStore.merge_within`` (the set path),
one through tests/merge_reference.py (the old path, kept for this). After every piece the two
must agree on the report, every stored write and its state, the records' rows, the open
conflicts, the search index and the journal; only the local order of arrival (``seq``) of a
placeholder's replacement may differ.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from merge_reference import merge_per_write

from app.domain.clock import Stamp
from app.domain.records import KINDS
from app.storage.errors import InvalidChange
from app.storage.kdf import TEST_PARAMS
from app.storage.store import DELETED, FieldWrite, MergeReport
from app.storage.vault import Vault

PASSPHRASE = "巡察 correct horse 2024"

IDS = ["0190a000-0000-7000-8000-00000000000" + str(i) for i in range(3)]
NOW = int(time.time() * 1000)
STAMPS = [str(Stamp(NOW - 10_000 + 100 * i, i % 2, "d" + "ab"[i % 2] * 15)) for i in range(8)]
FIELDS: dict[str, list[str | int]] = {"summary": ["甲", "乙", "丙"], "detail": ["线索一", "线索二"], DELETED: [0, 1]}


@st.composite
def a_write(draw: st.DrawFn) -> FieldWrite:
    k = draw(st.integers(0, len(STAMPS) - 1))
    name = draw(st.sampled_from(sorted(FIELDS)))
    bases = draw(st.lists(st.sampled_from(STAMPS[:k]), max_size=3, unique=True)) if k else []
    return FieldWrite(draw(st.sampled_from(IDS)), "lead", name, STAMPS[k], draw(st.sampled_from(FIELDS[name])),
                      tuple(bases), draw(st.sampled_from(["甲", "乙"])))


def state(vault: Vault) -> dict[str, Any]:
    con = vault.con
    return {
        "versions": con.execute("SELECT r.id, v.field, v.stamp, v.value, v.bases, v.author, v.state FROM versions v"
                                " JOIN records r ON r.n = v.rec ORDER BY 1, 2, 3").fetchall(),
        "records": con.execute("SELECT n, id, kind FROM records ORDER BY n").fetchall(),
        "rows": {k: con.execute(f"SELECT * FROM r_{k} ORDER BY id").fetchall() for k in KINDS},
        "conflicts": con.execute("SELECT * FROM open_conflicts ORDER BY 1, 2").fetchall(),
        "search": con.execute("SELECT rowid FROM search WHERE search MATCH 'uni : 甲 OR uni : 乙 OR uni : 丙"
                              " OR bi : 线索' ORDER BY rowid").fetchall(),
        "journal": con.execute("SELECT action, record_id, kind, detail FROM journal ORDER BY seq").fetchall(),
        # The clock as observed (its device part is each vault's own).
        "clock": con.execute("SELECT substr(value, 1, 17) FROM meta WHERE key = 'clock'").fetchone(),
        "digest": vault.records.content_digest(),
    }


def report_of(report: MergeReport) -> tuple[Any, ...]:
    return report.writes_seen, report.writes_new, report.added, report.changed, report.conflicts


def both(set_vault: Vault, old_vault: Vault, writes: list[FieldWrite]) -> None:
    with set_vault.transaction():
        new = set_vault.records.merge_within(writes, source="s", validated=True)
    with old_vault.transaction():
        old = merge_per_write(old_vault.records, writes, source="s")
    assert report_of(new) == report_of(old)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(writes=st.lists(a_write(), min_size=1, max_size=25), cuts=st.lists(st.integers(0, 25), max_size=3),
       again=st.booleans())
def test_set_merge_equals_the_per_write_merge(tmp_path_factory: pytest.TempPathFactory, writes: list[FieldWrite],
                                              cuts: list[int], again: bool) -> None:
    base = tmp_path_factory.mktemp("sets")
    set_vault, old_vault = (Vault.create(base / name, PASSPHRASE, kdf=TEST_PARAMS) for name in ("s.xcv", "o.xcv"))
    bounds = [0, *sorted(min(c, len(writes)) for c in cuts), len(writes)]
    pieces = [writes[lo:hi] for lo, hi in itertools.pairwise(bounds)]
    if again:
        pieces.append(writes[::-1])  # everything again, and some of it known already
    try:
        for piece in pieces:
            both(set_vault, old_vault, piece)
            assert state(set_vault) == state(old_vault)
    finally:
        set_vault.close()
        old_vault.close()


def test_a_record_of_two_kinds_is_refused_on_both_paths(make_vault: Callable[..., Vault]) -> None:
    writes = [FieldWrite(IDS[0], "lead", "summary", STAMPS[1], "甲"),
              FieldWrite(IDS[0], "petition", "summary", STAMPS[2], "乙")]
    for vault, merge in ((make_vault("a.xcv"), lambda v, w: v.records.merge_within(w, validated=True)),
                         (make_vault("b.xcv"), lambda v, w: merge_per_write(v.records, w))):
        with pytest.raises(InvalidChange, match="类型不一致"), vault.transaction():
            merge(vault, writes)
        assert vault.records.find(IDS[0]) is None
        assert vault.con.execute("SELECT count(*) FROM records WHERE id = ?", (IDS[0],)).fetchone()[0] == 0
