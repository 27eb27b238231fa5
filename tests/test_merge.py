"""Field-level merge (design decision 2): random edit scripts across devices, and examples.

The property test drives three device vaults through a random script (create, edit, delete,
restore, resolve, partial syncs in random order), then merges the union of every device's
writes into fresh vaults in different orders and checks the result against an oracle computed
from the write set alone: per field, heads are the writes no known write names as a base, the
value is the max-stamp head, and every other head with a different value is an open conflict.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.domain.clock import GENESIS_STAMP, MAX_DRIFT_MS, Stamp, uuid7
from app.domain.records import KINDS, Lead, Petition, Unit
from app.storage.errors import InvalidChange
from app.storage.kdf import TEST_PARAMS
from app.storage.store import DELETED, MAX_BASES, FieldWrite, MergeReport
from app.storage.vault import Vault

Key = tuple[str, str]  # (record_id, field)
PASSPHRASE = "巡察 correct horse 2024"

# --- helpers ---------------------------------------------------------------------------------------


def writes_of(vault: Vault) -> list[FieldWrite]:
    return [w for _, w in vault.records.writes_since(0)]


def union(vaults: Iterable[Vault]) -> list[FieldWrite]:
    """Every write any of ``vaults`` knows, once; the same stamp must mean the same write everywhere."""
    seen: dict[tuple[str, str, str], FieldWrite] = {}
    for vault in vaults:
        for w in writes_of(vault):
            key = (w.record_id, w.field, w.stamp)
            if key in seen:
                assert seen[key] == w, f"two vaults disagree about write {key}"
            else:
                seen[key] = w
    return list(seen.values())


def sync(src: Vault, dst: Vault) -> MergeReport:
    return dst.records.merge(writes_of(src), source=src.info.device_id)


@dataclasses.dataclass
class FieldState:
    writes: list[FieldWrite]
    heads: list[FieldWrite]
    winner: FieldWrite
    losers: list[FieldWrite]  # heads whose value differs from the winner's


def oracle(writes: Iterable[FieldWrite]) -> dict[Key, FieldState]:
    """The merge result implied by the write set alone."""
    by_field: dict[Key, list[FieldWrite]] = defaultdict(list)
    for w in writes:
        by_field[(w.record_id, w.field)].append(w)
    out = {}
    for key, group in by_field.items():
        named = {b for w in group for b in w.bases}
        heads = sorted((w for w in group if w.stamp not in named), key=lambda w: w.stamp, reverse=True)
        assert heads, f"{key}: no head at all"
        winner = heads[0]
        out[key] = FieldState(group, heads, winner, [h for h in heads[1:] if h.value != winner.value])
    return out


def ancestors(write: FieldWrite, by_stamp: dict[str, FieldWrite]) -> set[str]:
    """Stamps of every write ``write`` supersedes, directly or transitively."""
    out: set[str] = set()
    todo = list(write.bases)
    while todo:
        s = todo.pop()
        if s in out:
            continue
        out.add(s)
        if s in by_stamp:
            todo.extend(by_stamp[s].bases)
    return out


def decode(kind: str, field: str, raw: Any) -> Any:
    if field == DELETED:
        return bool(raw)
    return KINDS[kind].field(field).from_storage(raw)


def check_against_oracle(vault: Vault, writes: list[FieldWrite]) -> dict[Key, FieldState]:
    """Everything the vault shows agrees with the oracle computed from ``writes``."""
    expected = oracle(writes)
    records = vault.records
    kinds = {w.record_id: w.kind for w in writes}

    # Versions: every write is there, with the right head flag, value and author.
    for (rid, name), state in expected.items():
        kind = kinds[rid]
        got = {v.stamp: v for v in records.versions(rid, name)}
        assert set(got) == {w.stamp for w in state.writes}, (rid, name)
        head_stamps = {h.stamp for h in state.heads}
        for w in state.writes:
            v = got[w.stamp]
            assert v.head == (w.stamp in head_stamps), (rid, name, w.stamp)
            assert v.value == decode(kind, name, w.value)
            assert v.author == w.author

    # Winners: the max-stamp head is the value every reader sees.
    loaded = {rid: records.get(rid) for rid in kinds}
    for (rid, name), state in expected.items():
        record = loaded[rid]
        assert record.KIND == kinds[rid]
        shown = record.deleted if name == DELETED else getattr(record, name)
        assert shown == decode(kinds[rid], name, state.winner.value), (rid, name)

    # Conflicts: exactly the fields with a differing head, with every losing value.
    want = {key: st_ for key, st_ in expected.items() if st_.losers}
    got_conflicts = {(c.record_id, c.field): c for c in records.conflicts()}
    assert set(got_conflicts) == set(want)
    assert records.conflict_count() == len(want)
    for key, conflict in got_conflicts.items():
        state = want[key]
        assert conflict.kind == kinds[key[0]]
        assert conflict.winner.stamp == state.winner.stamp
        assert sorted(v.stamp for v in conflict.losers) == sorted(w.stamp for w in state.losers)

    # Nothing concurrent is silently lost: a write's value disappears only when a known write
    # (transitively) supersedes it.
    for (rid, name), state in expected.items():
        by_stamp = {w.stamp: w for w in state.writes}
        superseded = set().union(*(ancestors(w, by_stamp) for w in state.writes))
        visible = {state.winner.value} | {v.value for v in state.losers}
        for w in state.writes:
            if w.stamp not in superseded:
                assert w.value in visible, f"{rid}/{name}: value of {w.stamp} was lost"

    # Tombstones hide a record from lists, never from history.
    listed = {k: {r.id for r in records.list(k)} for k in set(kinds.values())}
    everyone = {k: {r.id for r in records.list(k, include_deleted=True)} for k in set(kinds.values())}
    for rid, kind in kinds.items():
        state = expected.get((rid, DELETED))
        deleted = bool(state and state.winner.value)
        assert (rid not in listed[kind]) == deleted
        assert rid in everyone[kind]
        if deleted:
            assert records.versions(rid, DELETED)[0].head
    return expected


# --- the random script -------------------------------------------------------------------------------

DEVICES = 3
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "unit": ("name", "address", "notes", "headcount"),
    "petition": ("summary", "complainant", "number", "anonymous"),
}
CLASSES = {"unit": Unit, "petition": Petition}
WORDS = ("粮食", "招待费", "公车私用", "abc", "XunCha", "第三巡察组", "2024年", "", "同一值", "违规 发放 补贴")

text_values = st.one_of(
    st.sampled_from(WORDS),  # small pool: concurrent equal values happen often
    st.text(alphabet=st.sampled_from("粮食招待费巡察组问题abcXYZ 0123，。"), max_size=12),
)


def value_for(kind: str, field: str) -> st.SearchStrategy[Any]:
    ftype = KINDS[kind].field(field).type.value
    if ftype == "int":
        return st.one_of(st.none(), st.integers(-5, 5), st.integers(-(2**63), 2**63 - 1))
    if ftype == "bool":
        return st.booleans()
    return text_values


@st.composite
def op(draw: st.DrawFn) -> tuple[Any, ...]:
    what = draw(st.sampled_from(
        ["create", *["edit"] * 5, "delete", "restore", "resolve", "resolve", "resolve", "sync", "sync", "sync_all",
         "sync_all"]))
    dev = draw(st.integers(0, DEVICES - 1))
    if what == "create":
        kind = draw(st.sampled_from(sorted(KIND_FIELDS)))
        values = {f: draw(value_for(kind, f)) for f in KIND_FIELDS[kind] if draw(st.booleans())}
        return ("create", dev, kind, values)
    if what == "edit":
        rec = draw(st.one_of(st.integers(0, 1), st.integers(0, 50)))  # mostly the shared records
        per_kind = {}
        for kind, names in KIND_FIELDS.items():  # the record's kind is known only when it runs
            hot = st.sampled_from(names[:1] * len(names) + names)  # mostly the first field
            fields = draw(st.lists(hot, min_size=1, max_size=2, unique=True))
            per_kind[kind] = {f: draw(value_for(kind, f)) for f in fields}
        return ("edit", dev, rec, per_kind)
    if what in ("delete", "restore"):
        return (what, dev, draw(st.one_of(st.integers(0, 1), st.integers(0, 50))))
    if what == "resolve":
        return ("resolve", dev, draw(st.integers(0, 50)), draw(st.integers(0, 3)))
    other = (dev + draw(st.integers(1, DEVICES - 1))) % DEVICES
    return (what, dev, other, draw(st.integers(0, 2**32)))


class Script:
    """Runs ops against the device vaults, remembering what it did."""

    def __init__(self, devices: list[Vault]) -> None:
        self.devices = devices
        self.ids: list[str] = []
        self.kinds: dict[str, str] = {}
        self.resolves: list[FieldWrite] = []

    def known(self, dev: int, rec: int) -> str | None:
        if not self.ids:
            return None
        rid = self.ids[rec % len(self.ids)]
        return rid if self.devices[dev].records.find(rid) is not None else None

    def run(self, step: tuple[Any, ...]) -> None:
        what, dev = step[0], step[1]
        vault = self.devices[dev]
        records = vault.records
        if what == "create":
            _, _, kind, values = step
            saved = records.save(CLASSES[kind](**values))
            self.ids.append(saved.id)
            self.kinds[saved.id] = kind
        elif what == "edit":
            rid = self.known(dev, step[2])
            if rid is None:
                return
            record = records.get(rid)
            records.save(dataclasses.replace(record, **step[3][record.KIND]))
        elif what in ("delete", "restore"):
            rid = self.known(dev, step[2])
            if rid is not None:
                (records.delete if what == "delete" else records.restore)(rid)
        elif what == "resolve":
            conflicts = records.conflicts()
            if not conflicts:
                return
            c = conflicts[step[2] % len(conflicts)]
            options = [c.winner.value, *(v.value for v in c.losers)]
            before = records.last_seq
            records.resolve(c.record_id, c.field, options[step[3] % len(options)])
            new = [w for _, w in records.writes_since(before)]
            assert len(new) == 1 and (new[0].record_id, new[0].field) == (c.record_id, c.field)
            self.resolves.append(new[0])
        else:  # sync a random subset (or everything), shuffled, from one device to another
            _, _, other, seed = step
            rng = random.Random(seed)
            writes = writes_of(vault)
            if what == "sync":
                writes = rng.sample(writes, rng.randint(0, len(writes)))
            else:
                rng.shuffle(writes)
            self.devices[other].records.merge(writes)


def make_vaults(base: Path, names: Iterable[str]) -> list[Vault]:
    return [Vault.create(base / f"{n}.xcv", PASSPHRASE, owner=n, kdf=TEST_PARAMS) for n in names]


def merge_in_pieces(target: Vault, writes: list[FieldWrite], pieces: int, rng: random.Random) -> None:
    cuts = sorted(rng.sample(range(1, len(writes)), min(pieces - 1, len(writes) - 1)))
    for lo, hi in itertools.pairwise([0, *cuts, len(writes)]):
        target.records.merge(writes[lo:hi])
        if target.con.execute("SELECT count(*) FROM versions WHERE state = 2").fetchone()[0]:
            event("a write arrived before its base")


MERGE_SETTINGS = settings(
    max_examples=30, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@MERGE_SETTINGS
@given(
    script=st.lists(op(), min_size=15, max_size=60),
    orders=st.lists(st.permutations(range(DEVICES)), min_size=2, max_size=2),
    shuffle_seed=st.integers(0, 2**32),
    pieces=st.integers(2, 6),
)
def test_merge_converges_whatever_the_order(tmp_path_factory: pytest.TempPathFactory,
                                            script: list[tuple[Any, ...]], orders: list[list[int]],
                                            shuffle_seed: int, pieces: int) -> None:
    base = tmp_path_factory.mktemp("merge")
    devices = make_vaults(base, ["甲", "乙", "丙"])
    targets: list[Vault] = []
    try:
        run = Script(devices)
        # Every script starts with records on the first device shared with the others, so
        # there is always something to edit concurrently.
        run.run(("create", 0, "unit", {"name": "粮食局"}))
        run.run(("create", 0, "petition", {"summary": "反映违规发放津补贴"}))
        run.run(("sync_all", 0, 1, 0))
        run.run(("sync_all", 0, 2, 0))
        for step in script:
            run.run(step)

        everything = union(devices)
        targets = make_vaults(base, ["t_order0", "t_order1", "t_shuffled", "t_twice"])

        # (a) whole devices, in different orders
        for target, order in zip(targets[:2], orders, strict=True):
            for d in order:
                sync(devices[d], target)
        # (b) individual writes shuffled, several merge calls: writes arrive before their bases
        rng = random.Random(shuffle_seed)
        shuffled = rng.sample(everything, len(everything))
        merge_in_pieces(targets[2], shuffled, pieces, rng)
        # (c) everything twice, interleaved with partial repeats
        for d in range(DEVICES):
            sync(devices[d], targets[3])
            sync(devices[(d + 1) % DEVICES], targets[3])
        targets[3].records.merge(everything)

        digests = {t.records.content_digest() for t in targets}
        assert len(digests) == 1, "targets differ after merging the same writes"
        expected = check_against_oracle(targets[0], everything)

        # What the script got up to (pytest --hypothesis-show-statistics).
        event(f"open conflicts in the result: {min(targets[0].records.conflict_count(), 3)}")
        event(f"resolves in the script: {min(len(run.resolves), 2)}")
        deleted = any(f == DELETED and x.winner.value for (_, f), x in expected.items())
        event(f"a record deleted in the result: {deleted}")
        event(f"concurrent equal values: {any(len(x.heads) > 1 and not x.losers for x in expected.values())}")

        # Merging again changes nothing.
        for target in targets:
            before = target.records.content_digest()
            report = target.records.merge(everything)
            assert report.is_noop and report.writes_seen == len(everything)
            assert not report.added and not report.changed and not report.conflicts
            assert target.records.content_digest() == before

        # A device that receives everything is the same vault as the targets.
        for device in devices:
            device.records.merge(everything)
            assert device.records.content_digest() in digests

        # A resolve write closes, wherever it lands, every head it was based on.
        for r in run.resolves:
            versions = {v.stamp: v for v in targets[2].records.versions(r.record_id, r.field)}
            assert not any(versions[b].head for b in r.bases)
            state = expected[(r.record_id, r.field)]
            if [h.stamp for h in state.heads] == [r.stamp]:
                assert (r.record_id, r.field) not in {(c.record_id, c.field) for c in targets[2].records.conflicts()}
    finally:
        for v in devices + targets:
            v.close()


# --- examples ---------------------------------------------------------------------------------------


@pytest.fixture
def pair(make_vault: Callable[..., Vault]) -> tuple[Vault, Vault]:
    return make_vault("a.xcv", owner="张三"), make_vault("b.xcv", owner="李四")


def shared_unit(a: Vault, b: Vault, **values: Any) -> Unit:
    unit = a.records.save(Unit(name="粮食局", **values))
    sync(a, b)
    assert isinstance(unit, Unit)
    return unit


def test_concurrent_edits_make_one_conflict_with_both_values_and_authors(pair: tuple[Vault, Vault]) -> None:
    a, b = pair
    unit = shared_unit(a, b)
    a.records.save(dataclasses.replace(unit, name="粮食和物资储备局"))
    b.records.save(dataclasses.replace(b.records.get(unit.id), name="市粮食局"))
    report = sync(a, b)
    assert report.conflicts == [(unit.id, "name")]
    sync(b, a)
    assert a.records.content_digest() == b.records.content_digest()
    for v in (a, b):
        assert v.records.conflict_count() == 1
        [conflict] = v.records.conflicts()
        assert (conflict.record_id, conflict.kind, conflict.field) == (unit.id, "unit", "name")
        both = [conflict.winner, *conflict.losers]
        assert {(x.value, x.author) for x in both} == {("粮食和物资储备局", "张三"), ("市粮食局", "李四")}
        assert conflict.winner.stamp > conflict.losers[0].stamp
        assert v.records.get(unit.id).name == conflict.winner.value  # type: ignore[attr-defined]


def test_edit_after_seeing_the_other_value_is_no_conflict(pair: tuple[Vault, Vault]) -> None:
    a, b = pair
    unit = shared_unit(a, b)
    a.records.save(dataclasses.replace(unit, name="甲改"))
    sync(a, b)
    b.records.save(dataclasses.replace(b.records.get(unit.id), name="乙在甲之后改"))
    report = sync(b, a)
    assert report.conflicts == [] and report.changed == {unit.id: {"name": ["甲改", "乙在甲之后改"]}}
    for v in (a, b):
        assert v.records.conflict_count() == 0
        assert v.records.get(unit.id).name == "乙在甲之后改"  # type: ignore[attr-defined]
        assert [x.head for x in v.records.versions(unit.id, "name")] == [True, False, False]


def test_equal_concurrent_values_are_no_conflict(pair: tuple[Vault, Vault]) -> None:
    a, b = pair
    unit = shared_unit(a, b)
    a.records.save(dataclasses.replace(unit, address="人民路1号"))
    b.records.save(dataclasses.replace(b.records.get(unit.id), address="人民路1号"))
    sync(a, b)
    sync(b, a)
    for v in (a, b):
        assert v.records.conflict_count() == 0 and v.records.conflicts() == []
        heads = [x for x in v.records.versions(unit.id, "address") if x.head]
        assert len(heads) == 2 and {h.author for h in heads} == {"张三", "李四"}
    assert a.records.content_digest() == b.records.content_digest()


def test_base_arriving_after_its_successor(pair: tuple[Vault, Vault], make_vault: Callable[..., Vault]) -> None:
    a, _ = pair
    unit = shared_unit(*pair)
    before = a.records.last_seq
    a.records.save(dataclasses.replace(unit, name="第一次"))
    a.records.save(dataclasses.replace(a.records.get(unit.id), name="第二次"))
    first, second = (w for _, w in a.records.writes_since(before))
    assert second.bases == (first.stamp,)
    creation = [w for _, w in a.records.writes_since(0) if w.record_id == unit.id and w.stamp < first.stamp]

    t = make_vault("t.xcv")
    t.records.merge([second])  # its base is unknown here
    assert t.records.get(unit.id).name == "第二次"  # type: ignore[attr-defined]
    assert t.records.conflict_count() == 0
    assert list(t.records.writes_since(0))[-1][1] == second  # the placeholder is not exported
    t.records.merge([first])
    t.records.merge(creation)
    assert t.records.conflict_count() == 0
    assert t.records.get(unit.id).name == "第二次"  # type: ignore[attr-defined]
    assert [(v.value, v.head) for v in t.records.versions(unit.id, "name")] == \
        [("第二次", True), ("第一次", False), ("粮食局", False)]
    assert t.records.content_digest() == a.records.content_digest()


def test_resolving_closes_the_conflict_elsewhere(pair: tuple[Vault, Vault], make_vault: Callable[..., Vault]) -> None:
    a, b = pair
    unit = shared_unit(a, b)
    a.records.save(dataclasses.replace(unit, headcount=10))
    b.records.save(dataclasses.replace(b.records.get(unit.id), headcount=12))
    sync(a, b)
    sync(b, a)
    c = make_vault("c.xcv")
    sync(a, c)
    assert a.records.conflict_count() == b.records.conflict_count() == c.records.conflict_count() == 1
    a.records.resolve(unit.id, "headcount", 11)
    assert a.records.conflict_count() == 0
    for v in (b, c):
        report = sync(a, v)
        assert report.writes_new == 1
        assert v.records.conflict_count() == 0
        assert v.records.get(unit.id).headcount == 11  # type: ignore[attr-defined]
    assert a.records.content_digest() == b.records.content_digest() == c.records.content_digest()


def test_resolve_leaves_open_a_head_it_did_not_know(make_vault: Callable[..., Vault]) -> None:
    a, b, c = make_vault("a.xcv", owner="甲"), make_vault("b.xcv", owner="乙"), make_vault("c.xcv", owner="丙")
    unit = shared_unit(a, b)
    sync(a, c)
    for v, text in ((a, "甲值"), (b, "乙值"), (c, "丙值")):
        v.records.save(dataclasses.replace(v.records.get(unit.id), notes=text))
    sync(b, a)
    a.records.resolve(unit.id, "notes", "甲乙商定")
    sync(c, a)  # 丙's value was concurrent with the resolution: still open
    [conflict] = a.records.conflicts()
    assert {conflict.winner.value, *(v.value for v in conflict.losers)} == {"甲乙商定", "丙值"}


def test_delete_and_restore_merge_as_a_field(pair: tuple[Vault, Vault]) -> None:
    a, b = pair
    unit = shared_unit(a, b)
    a.records.delete(unit.id)
    sync(a, b)
    for v in (a, b):
        assert v.records.list("unit") == [] and v.records.get(unit.id).deleted
        assert [x.id for x in v.records.list("unit", include_deleted=True)] == [unit.id]
        assert [x.value for x in v.records.versions(unit.id, DELETED)] == [True, False]
        assert v.records.versions(unit.id, "name")[0].value == "粮食局"
    b.records.restore(unit.id)
    sync(b, a)
    assert [x.id for x in a.records.list("unit")] == [unit.id]


# --- invalid writes -----------------------------------------------------------------------------------

DEVICE = "ab" * 8


def stamp(offset_ms: int = 0, counter: int = 0, device: str = DEVICE) -> str:
    return str(Stamp(int(time.time() * 1000) + offset_ms, counter, device))


def _bad_writes() -> Iterator[tuple[str, Callable[[str], FieldWrite]]]:
    good = uuid7()
    s = stamp(counter=9)

    def w(**kw: Any) -> Callable[[str], FieldWrite]:
        def build(rid: str) -> FieldWrite:
            fields: dict[str, Any] = {"record_id": rid, "kind": "unit", "field": "name", "stamp": s,
                                      "value": "x", "bases": (), "author": "外人"}
            fields.update(kw)
            return FieldWrite(**fields)
        return build

    yield "bad uuid", w(record_id="not-a-uuid")
    yield "empty uuid", w(record_id="")
    yield "uuid not text", w(record_id=12345)
    yield "uppercase uuid", w(record_id=good.upper())
    yield "braced uuid", w(record_id="{" + good.replace("-", "")[:8] + "-" + good.replace("-", "")[8:] + "-}")
    yield "urn uuid", w(record_id="urn:" + good.replace("-", ""))
    yield "unknown kind", w(kind="secret")
    yield "kind not text", w(kind=None)
    yield "unknown field", w(field="password")
    yield "projection column as field", w(field="created")
    yield "bad stamp", w(stamp="2024-01-01T00:00:00")
    yield "uppercase stamp", w(stamp=s.upper())
    yield "stamp not text", w(stamp=1)
    yield "stamp far in the future", w(stamp=stamp(offset_ms=MAX_DRIFT_MS + 86_400_000))
    yield "base equal to stamp", w(bases=(s,))
    yield "base after stamp", w(bases=(stamp(offset_ms=1000),))
    yield "bad base", w(bases=("zzz",))
    yield "bases as one string", w(bases=GENESIS_STAMP)
    yield "too many bases", w(stamp=stamp(offset_ms=10_000), bases=tuple(
        stamp(offset_ms=-i, counter=i) for i in range(1, MAX_BASES + 2)))
    yield "int for text", w(value=5)
    yield "list for text", w(value=["a"])
    yield "float for text", w(value=1.5)
    yield "dict for text", w(value={"a": 1})
    yield "text for int", w(field="headcount", value="12")
    yield "float for int", w(field="headcount", value=12.0)
    yield "int too large", w(field="headcount", value=2**63)
    yield "bool for int", w(field="headcount", value=True)
    yield "bool for text", w(value=False)
    yield "bool for deleted", w(field=DELETED, value=True)
    yield "2 for deleted", w(field=DELETED, value=2)
    yield "None for deleted", w(field=DELETED, value=None)
    yield "bool for bool field", w(kind="member", field="pledge_signed", value=True)
    yield "5 for bool field", w(kind="member", field="pledge_signed", value=5)
    yield "bad date", w(kind="unit", field="entry_date", value="2024-13-45")
    yield "int for date", w(kind="unit", field="entry_date", value=20240101)
    yield "bad rows json", w(kind="paper", field="evidence", value="{")
    yield "lone surrogate", w(value="粮\ud800食")
    yield "author not text", w(author=None)
    yield "author too long", w(author="长" * 201)
    yield "author lone surrogate", w(author="\udfff")
    yield "kind differs from the record's", lambda rid: FieldWrite(rid, "lead", "summary", s, "x", (), "外人")


BAD = list(_bad_writes())


@pytest.mark.parametrize("build", [b for _, b in BAD], ids=[n for n, _ in BAD])
def test_invalid_write_changes_nothing(pair: tuple[Vault, Vault], build: Callable[[str], FieldWrite]) -> None:
    a, b = pair
    unit = shared_unit(a, b)
    a.records.save(dataclasses.replace(unit, name="新名称"))
    fresh = [w for _, w in a.records.writes_since(0)][-1:]  # one good, new write first
    before = b.records.content_digest()
    seq, journal = b.records.last_seq, len(b.journal.entries())
    new_id = uuid7()
    good_new_record = FieldWrite(new_id, "unit", "name", stamp(counter=3), "好的", (), "外人")
    with pytest.raises(InvalidChange):
        b.records.merge([*fresh, good_new_record, build(unit.id)])
    assert b.records.content_digest() == before
    assert len(b.journal.entries()) == journal
    assert b.records.find(new_id) is None
    assert list(b.records.writes_since(seq)) == []
    # The vault is still fine afterwards: the same good writes alone merge.
    report = b.records.merge([*fresh, good_new_record])
    assert report.writes_new == 2
    assert b.records.get(unit.id).name == "新名称"  # type: ignore[attr-defined]
    assert b.records.get(new_id).name == "好的"  # type: ignore[attr-defined]
    sync(b, a)
    assert a.records.content_digest() == b.records.content_digest()


def test_valid_edge_values_are_accepted(vault: Vault) -> None:
    rid = uuid7()
    writes = [
        FieldWrite(rid, "unit", DELETED, stamp(counter=1), 0),
        FieldWrite(rid, "unit", "name", stamp(counter=1), "粮食局"),
        FieldWrite(rid, "unit", "headcount", stamp(counter=1), 2**63 - 1),
        FieldWrite(rid, "unit", "address", stamp(counter=1), None),
        FieldWrite(rid, "unit", "entry_date", stamp(counter=1), "2024-03-01"),
        FieldWrite(rid, "unit", "notes", stamp(counter=2), "第二次", (stamp(counter=1),)),
    ]
    report = vault.records.merge(writes)
    assert report.writes_new == len(writes) and report.added == [rid]
    unit = vault.records.get(rid)
    assert isinstance(unit, Unit)
    assert (unit.name, unit.headcount, unit.address, unit.notes) == ("粮食局", 2**63 - 1, "", "第二次")
    assert str(unit.entry_date) == "2024-03-01"


def test_bulk_created_records_match_merged_ones(pair: tuple[Vault, Vault]) -> None:
    """A record created locally and the same writes merged elsewhere are the same vault content."""
    a, b = pair
    a.records.save_many([Unit(name="粮食局"), Petition(summary="反映招待费问题"), Lead(subject_name="某某")])
    sync(a, b)
    assert a.records.content_digest() == b.records.content_digest()


def test_resolving_more_heads_than_a_write_may_name(pair: tuple[Vault, Vault]) -> None:
    """Past MAX_BASES heads a resolution is a chain of writes, each one other vaults accept."""
    a, b = pair
    unit = shared_unit(a, b)
    concurrent = [FieldWrite(unit.id, "unit", "notes", stamp(counter=i, device=f"{i:016x}"), f"意见{i}", (), f"组员{i}")
                  for i in range(1, MAX_BASES + 7)]
    a.records.merge(concurrent)
    assert len([v for v in a.records.versions(unit.id, "notes") if v.head]) == MAX_BASES + 6
    before = a.records.last_seq
    a.records.resolve(unit.id, "notes", "组务会统一意见")
    chain = [w for _, w in a.records.writes_since(before)]
    assert len(chain) == 2 and all(len(w.bases) <= MAX_BASES for w in chain)
    assert chain[1].stamp in chain[0].bases or chain[0].stamp in chain[1].bases
    assert a.records.conflict_count() == 0
    report = b.records.merge(writes_of(a))
    assert report.writes_new == len(concurrent) + 2
    assert b.records.conflict_count() == 0
    assert b.records.get(unit.id).notes == "组务会统一意见"  # type: ignore[attr-defined]
    assert [v.value for v in b.records.versions(unit.id, "notes") if v.head] == ["组务会统一意见"]
    assert a.records.content_digest() == b.records.content_digest()


@pytest.mark.parametrize(("field_name", "value"), [
    ("outline", '{"category": "x"}'), ("outline", '["not a row"]'), ("outline", '[{"a": 1}]'),
    ("interviewers", '"one id"'), ("interviewers", '[1, 2]'), ("interviewers", "[" * 5000 + "]" * 5000),
])
def test_list_fields_must_hold_lists_of_the_right_shape(vault: Vault, field_name: str, value: str) -> None:
    write = FieldWrite(uuid7(), "interview", field_name, stamp(), value, (), "外来")
    before = vault.records.content_digest()
    with pytest.raises(InvalidChange):
        vault.records.merge([write])
    assert vault.records.content_digest() == before


def test_where_matches_fields_never_written(pair: tuple[Vault, Vault]) -> None:
    from app.domain.records import Member

    a, b = pair
    member = a.records.save(Member(name="从未签字", role="组员"))
    b.records.merge(w for _, w in a.records.writes_since(0))
    assert [m.id for m in b.records.list("member", where={"pledge_signed": False})] == [member.id]
    assert b.records.list("member", where={"pledge_signed": True}) == []
