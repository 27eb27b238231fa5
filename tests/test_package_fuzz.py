"""Truncation and bit-flip sweep over one real package (docs/security.md §9 "Truncation / bit-flip sweep").

One small valid package (records and two attachments, a little over four age payload chunks) is
made once for the module. It is then cut at every offset of its age header and nonce, around every
64 KiB payload chunk boundary and at evenly spread offsets in between, and single bits are flipped
in every byte of the header, around every chunk boundary and at spread positions; hypothesis adds
derandomized mixed corruptions. Every damaged copy must be refused with a ``PackageError`` of a
known envelope reason, and must leave no trace: the office vault's content digest and its files are
byte-for-byte unchanged, and no file is created or changed in the working or temporary directory
(so no plaintext, whose canary the decrypted good package is shown to contain, can be on disk).

Because a refusal writes nothing, one office vault serves the whole module; each attempt checks it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.records import Unit
from app.exchange.package import (
    REASONS,
    PackageError,
    device_keys,
    export_package,
    import_packages,
    load_key_file,
    parse_recipients,
    public_document,
    trust,
)
from app.exchange.package.verify import AGE_MAGIC, decrypt
from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE

CANARY = "fuzz-canary-5e1d0b-模糊测试线索"
CHUNK = 64 * 1024 + 16  # one age payload chunk: 64 KiB of plaintext and a 16-byte Poly1305 tag
NONCE = 16  # the payload key nonce between the header and the first chunk
#: What a damaged age file may be refused as: everything is caught at the envelope or by the AEAD.
ENVELOPE = {"not_age", "header_too_large", "too_many_recipients", "bad_header", "not_for_us", "damaged"}
TRUNCATION_OFFSETS = 512
SPREAD_FLIPS = 320


@dataclass
class Sweep:
    dir: Path
    office: Vault
    good: bytes
    header_end: int  # offset of the first byte after the header's MAC line
    input: Path
    _content: str = ""
    _files: dict[Path, tuple[int, int, int]] = field(default_factory=dict)
    _vault_sha: str = ""

    @property
    def boundaries(self) -> list[int]:
        """Offsets where a payload chunk ends and the next begins (the last is the file's end)."""
        start = self.header_end + NONCE
        return list(range(start, len(self.good), CHUNK))[1:] + [len(self.good)]

    def baseline(self) -> None:
        self._content = self.office.records.content_digest()
        self._vault_sha = _vault_sha(self.office.path)
        self._files = _tree(self.dir)

    def refused(self, data: bytes, expected: set[str] = ENVELOPE) -> str:
        """Import ``data``; it must be refused for one of ``expected`` and leave no trace. Returns the reason."""
        assert data != self.good
        self.input.write_bytes(data)
        with pytest.raises(PackageError) as info:
            import_packages(self.office, [self.input])
        reason = info.value.reason
        assert reason in REASONS and reason in expected, (len(data), reason, str(info.value))
        assert str(info.value).startswith(info.value.message)
        self.assert_untouched()
        return reason

    def assert_untouched(self) -> None:
        assert self.office.records.content_digest() == self._content
        now = _tree(self.dir)
        changed = {p for p in now.keys() | self._files.keys()
                   if p != self.input and not p.name.endswith("-shm") and now.get(p) != self._files.get(p)}
        assert not changed, f"files created or changed by a refused import: {sorted(changed)}"

    def assert_untouched_bytes(self) -> None:
        """The slower byte-level check: vault file and WAL hash as before; no canary in any file."""
        self.assert_untouched()
        assert _vault_sha(self.office.path) == self._vault_sha
        for path in _tree(self.dir):
            if path.name.endswith(".xcv") or "-wal" in path.name or "-shm" in path.name or path == self.input:
                continue  # encrypted vault files (hashed above) and the ciphertext we wrote
            assert CANARY.encode() not in path.read_bytes(), path


def _tree(root: Path) -> dict[Path, tuple[int, int, int]]:
    out = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            st_ = path.stat()
            out[path] = (st_.st_ino, st_.st_size, st_.st_mtime_ns)
    return out


def _vault_sha(path: Path) -> str:
    h = hashlib.sha256()
    for p in (path, Path(f"{path}-wal")):
        if p.exists():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sweep]:
    root = tmp_path_factory.mktemp("fuzz")
    tmpdir = root / "tmp"
    tmpdir.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        # Anything that asks Python or the OS for a temporary file would land here, and be seen.
        mp.setattr(tempfile, "tempdir", str(tmpdir))
        for name in ("TMPDIR", "TMP", "TEMP"):
            mp.setenv(name, str(tmpdir))
        team = Vault.create(root / "team.xcv", PASSPHRASE, role="team", owner="组长", kdf=TEST_PARAMS)
        office = Vault.create(root / "office.xcv", PASSPHRASE, role="office", owner="巡察办", kdf=TEST_PARAMS)
        try:
            unit = team.records.save(Unit(name="模糊测试单位", address=CANARY))
            rng = random.Random(11)
            # Random bytes do not shrink the container; the canary sits in the plaintext of the middle chunks.
            team.attach(unit.id, io.BytesIO(rng.randbytes(120_000) + CANARY.encode() + rng.randbytes(60_000)),
                        "扫描件.bin")
            team.attach(unit.id, io.BytesIO((CANARY + "\n").encode() * 400), "证据.txt")
            trust(office, load_key_file(json.dumps(public_document(team)).encode()))
            good_path = root / "good.age"
            export_package(team, good_path, parse_recipients(json.dumps(public_document(office)).encode()))
            good = good_path.read_bytes()
            plain = decrypt(good_path, device_keys(office).identity)
            with zipfile.ZipFile(io.BytesIO(plain)) as zf:  # the scan would see a leak
                assert CANARY.encode() in zf.read("records.jsonl")
            assert plain.count(CANARY.encode()) >= 400
            del plain
            # Positive control: the intact package imports here (rolled back, so the vault stays empty).
            [preview] = import_packages(office, [good_path], dry_run=True)
            assert preview.blobs_new == 2
            mac = good.index(b"\n--- ")
            header_end = good.index(b"\n", mac + 1) + 1
            s = Sweep(root, office, good, header_end, root / "damaged.age")
            assert len(s.boundaries) >= 4, "the package should span several age chunks"
            s.input.write_bytes(b"")
            s.baseline()
            yield s
            s.assert_untouched_bytes()
        finally:
            team.close()
            office.close()


def _spread(n: int, count: int) -> list[int]:
    return [round(i * (n - 1) / (count - 1)) for i in range(count)]


def test_truncation_at_every_header_offset_chunk_boundary_and_spread(sweep: Sweep) -> None:
    n = len(sweep.good)
    offsets = set(range(sweep.header_end + NONCE + 2))  # every byte of the header and the nonce
    for boundary in sweep.boundaries:
        offsets |= {boundary + d for d in range(-17, 18)}  # each side of every chunk and its tag
    offsets |= set(_spread(n, 256))
    offsets = {o for o in offsets if 0 <= o < n}
    assert len(offsets) >= TRUNCATION_OFFSETS
    by_region: dict[str, Counter[str]] = {"magic": Counter(), "header": Counter(), "payload": Counter()}
    for cut in sorted(offsets):
        if cut < len(AGE_MAGIC):
            region, expected = "magic", {"not_age"}
        elif cut < sweep.header_end:
            region, expected = "header", {"header_too_large", "bad_header", "damaged"}
        else:
            region, expected = "payload", {"damaged"}  # nonce, then chunks: the AEAD catches every cut
        by_region[region][sweep.refused(sweep.good[:cut], expected)] += 1
    sweep.assert_untouched_bytes()
    print(f"\n[truncation] offsets={len(offsets)} size={n} header={sweep.header_end} "
          f"chunks={len(sweep.boundaries)} reasons={dict(by_region)}")
    assert sum(by_region["payload"].values()) > 256


def test_single_bit_flips_in_header_around_chunks_and_spread(sweep: Sweep) -> None:
    n = len(sweep.good)
    rng = random.Random(7)
    # Every byte of the header and nonce: its lowest bit (turns a base64 or text character into a
    # near neighbour) and one other, so both the canonical-base64 and the structure checks are hit.
    bits = {pos * 8 + bit for pos in range(sweep.header_end + NONCE) for bit in (0, 1 + rng.randrange(7))}
    for boundary in sweep.boundaries:
        # the tag that ends a chunk and the first bytes of the next, one random bit each
        bits |= {pos * 8 + rng.randrange(8) for pos in range(boundary - 20, boundary + 4) if 0 <= pos < n}
    bits |= {pos * 8 + rng.randrange(8) for pos in _spread(n, SPREAD_FLIPS)}
    positions = {b // 8 for b in bits}
    assert len(positions) >= 500
    reasons: Counter[str] = Counter()
    for bit in sorted(bits):
        flipped = bytearray(sweep.good)
        flipped[bit // 8] ^= 1 << (bit % 8)
        expected = {"damaged"} if bit // 8 >= sweep.header_end else ENVELOPE
        reasons[sweep.refused(bytes(flipped), expected)] += 1
    sweep.assert_untouched_bytes()
    print(f"\n[bit flips] flips={len(bits)} positions={len(positions)} reasons={dict(reasons)}")
    # The sweep reached the magic, the recipient stanza and the payload, not just one kind of check.
    assert {"not_age", "not_for_us", "damaged"} <= set(reasons)


@st.composite
def damage(draw: st.DrawFn, good: bytes) -> bytes:
    """A damaged copy: a bit flipped, bytes overwritten, inserted or cut out, or a truncation."""
    n = len(good)
    # Half the draws aim at the header, where parsing happens; the rest anywhere.
    near_header = draw(st.booleans())
    pos = draw(st.integers(0, min(n - 1, 400) if near_header else n - 1))
    how = draw(st.sampled_from(["flip", "overwrite", "insert", "delete", "truncate"]))
    if how == "flip":
        out = bytearray(good)
        out[pos] ^= 1 << draw(st.integers(0, 7))
        return bytes(out)
    if how == "overwrite":
        patch = draw(st.binary(min_size=1, max_size=64))
        return good[:pos] + patch + good[pos + len(patch):]
    if how == "insert":
        return good[:pos] + draw(st.binary(min_size=1, max_size=64)) + good[pos:]
    if how == "delete":
        return good[:pos] + good[pos + draw(st.integers(1, 64)):]
    return good[:pos]


@settings(max_examples=300, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hypothesis_corruptions_are_refused_and_leave_no_trace(sweep: Sweep, data: st.DataObject) -> None:
    damaged = data.draw(damage(sweep.good))
    if damaged == sweep.good:  # an overwrite with the same bytes changed nothing
        return
    sweep.refused(damaged)


def test_header_cut_short_is_reported_as_damaged_not_too_large(sweep: Sweep) -> None:
    cut = sweep.header_end - 10  # inside the MAC line: the file ends long before 4 KiB
    assert sweep.refused(sweep.good[:cut]) == "damaged"
