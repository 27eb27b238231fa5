"""Hostile packages (docs/security.md §5 and §6): each refused with its own reason, nothing written anywhere."""

from __future__ import annotations

import hashlib
import io
import json
import random
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyrage import x25519

from app.domain.records import Unit
from app.exchange.package import (
    PackageError,
    device_keys,
    export_package,
    import_packages,
    load_key_file,
    parse_recipients,
    public_document,
    trust,
)
from app.exchange.package import format as fmt
from app.exchange.package.keys import display, key_fingerprint
from app.exchange.package.verify import decrypt
from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE

CANARY = "金丝雀7f3a9c-秘密线索"


@dataclass
class World:
    dir: Path
    team: Vault
    office: Vault
    good: Path
    entries: dict[str, bytes]  # the good package's container, decrypted
    version: int = 2  # the package format the good package was made in

    @property
    def office_recipient(self) -> str:
        return str(public_document(self.office)["age_recipient"])

    def seal(self, entries: list[tuple[str, bytes]], *, compress: int = zipfile.ZIP_STORED,
             recipients: list[str] | None = None) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=compress) as zf:
            for name, data in entries:
                zf.writestr(zipfile.ZipInfo(name), data, compress_type=compress)
        return pyrage.encrypt(buf.getvalue(), [x25519.Recipient.from_str(r)
                                               for r in recipients or [self.office_recipient]])

    def resigned(self, change: Callable[[dict[str, Any]], None] | None = None, *,
                 records: bytes | None = None, key: Ed25519PrivateKey | None = None,
                 manifest_bytes: bytes | None = None) -> list[tuple[str, bytes]]:
        """The good container with records and/or manifest changed, then signed again."""
        entries = dict(self.entries)
        manifest = json.loads(entries["manifest.json"])
        if records is not None:
            entries["records.jsonl"] = records
            for f in manifest["files"]:
                if f["name"] == "records.jsonl":
                    f["sha256"], f["size"] = hashlib.sha256(records).hexdigest(), len(records)
            manifest["counts"]["writes"] = records.count(b"\n")
        if change is not None:
            change(manifest)
        data = manifest_bytes if manifest_bytes is not None else fmt.canonical_manifest(manifest)
        signer = key or device_keys(self.team).signing
        signature = signer.sign(data)
        if self.version >= 2:  # the signer's public key, then the signature (container.py)
            signature = signer.public_key().public_bytes_raw() + signature
        entries["manifest.json"], entries["manifest.sig"] = data, signature
        return list(entries.items())


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    for p in (path, Path(f"{path}-wal")):
        if p.exists():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(params=[1, 2], ids=["v1", "v2"])
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[World]:
    """Every hostile case against a package of each format version this program reads."""
    version = request.param
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    team = Vault.create(tmp_path / "team.xcv", PASSPHRASE, role="team", owner="组长", kdf=TEST_PARAMS)
    office = Vault.create(tmp_path / "office.xcv", PASSPHRASE, role="office", owner="巡察办", kdf=TEST_PARAMS)
    unit = team.records.save(Unit(name="测试单位", address=CANARY))
    team.attach(unit.id, io.BytesIO((CANARY * 50).encode()), "证据.txt")
    trust(office, load_key_file(json.dumps(public_document(team)).encode()))
    good = tmp_path / "good.age"
    export_package(team, good, parse_recipients(json.dumps(public_document(office)).encode()), format_version=version)
    with zipfile.ZipFile(io.BytesIO(decrypt(good, device_keys(office).identity))) as zf:
        entries = {name: zf.read(name) for name in zf.namelist()}
    assert CANARY.encode() in entries["records.jsonl"]  # the scan below would see it if it leaked
    yield World(tmp_path, team, office, good, entries, version)
    team.close()
    office.close()


def refused(world: World, data: bytes | Path, reason: str | set[str]) -> None:
    """Importing ``data`` is refused for ``reason``; the office vault and the disk show no trace."""
    path = data if isinstance(data, Path) else world.dir / f"hostile-{random.getrandbits(32):08x}.age"
    if isinstance(data, bytes):
        path.write_bytes(data)
    before = _digest(world.office.path)
    content = world.office.records.content_digest()
    start = time.monotonic()
    with pytest.raises(PackageError) as info:
        import_packages(world.office, [path])
    assert time.monotonic() - start < 2
    expected = {reason} if isinstance(reason, str) else reason
    assert info.value.reason in expected, (info.value.reason, str(info.value))
    assert str(info.value).startswith(info.value.message)
    assert str(info.value).count(info.value.message) == 1  # said once, not repeated by its detail
    assert world.office.records.content_digest() == content
    assert _digest(world.office.path) == before
    canary = CANARY.encode()
    for leftover in world.dir.rglob("*"):
        if leftover.is_file():
            assert canary not in leftover.read_bytes(), leftover


def test_good_package_imports(world: World) -> None:
    [result] = import_packages(world.office, [world.good])
    assert result.blobs_new == 1 and result.summary["added"] >= 2


def test_wrong_recipient(world: World) -> None:
    other = str(x25519.Identity.generate().to_public())
    export_package(world.team, world.dir / "other.age", parse_recipients(other.encode()))
    refused(world, world.dir / "other.age", "not_for_us")


def test_unsigned(world: World) -> None:
    refused(world, world.seal([(n, d) for n, d in world.entries.items() if n != "manifest.sig"]), "unsigned")


def test_unknown_signer(world: World) -> None:
    stranger = Ed25519PrivateKey.generate()
    pub = stranger.public_key().public_bytes_raw().hex()

    def change(m: dict[str, Any]) -> None:
        m["source"]["signing_key"], m["source"]["signing_fingerprint"] = pub, hashlib.sha256(
            bytes.fromhex(pub)).hexdigest()

    data = world.seal(world.resigned(change, key=stranger))
    refused(world, data, "unknown_signer")
    (world.dir / "x.age").write_bytes(data)
    with pytest.raises(PackageError) as info:
        import_packages(world.office, [world.dir / "x.age"])
    # Shown, to compare and trust: the key fingerprint, which covers the source's recipient, vault,
    # role and owner as well as the signing key (docs/package-format.md, "Keys").
    source = json.loads(dict(world.resigned(change, key=stranger))["manifest.json"])["source"]
    shown = key_fingerprint(pub, source["age_recipient"], source["vault_id"], source["role"], source["owner"])
    assert display(shown) in str(info.value) and info.value.fingerprint == shown
    assert info.value.owner == "组长" and info.value.kind == "handoff"


def test_replay_and_an_earlier_seq(world: World) -> None:
    """Issue 10 item 7: a package number is refused only when seen; an earlier one may come later."""
    second = world.dir / "second.age"
    export_package(world.team, second, parse_recipients(json.dumps(public_document(world.office)).encode()),
                   format_version=world.version)
    [later] = import_packages(world.office, [second])
    assert later.seq == 2 and later.gaps == ([1] if world.version == 2 else [])  # version 1 cannot tell
    refused(world, second, "replay")
    [earlier] = import_packages(world.office, [world.good])  # seq 1, after seq 2: accepted
    assert earlier.seq == 1 and earlier.summary["writes"] >= 1
    with pytest.raises(PackageError) as info:
        import_packages(world.office, [world.good])
    assert info.value.reason == "replay" and "已于" in str(info.value)  # says when it came


def test_same_package_twice_in_one_import_is_refused_whole(world: World) -> None:
    before = world.office.records.content_digest()
    with pytest.raises(PackageError) as info:
        import_packages(world.office, [world.good, world.good])
    assert info.value.reason == "duplicate_in_batch" and "未导入任何内容" in str(info.value)
    assert world.office.records.content_digest() == before


def test_tampered_manifest(world: World) -> None:
    entries = dict(world.entries)
    entries["manifest.json"] = entries["manifest.json"].replace(b'"kind": "handoff"', b'"kind": "member"')
    refused(world, world.seal(list(entries.items())), "bad_signature")


def test_tampered_blob(world: World) -> None:
    entries = dict(world.entries)
    [blob] = [n for n in entries if n.startswith("blobs/")]
    data = bytearray(entries[blob])
    data[10] ^= 1
    entries[blob] = bytes(data)
    refused(world, world.seal(list(entries.items())), "hash_mismatch")


def test_tampered_records(world: World) -> None:
    entries = dict(world.entries)
    entries["records.jsonl"] = entries["records.jsonl"].replace("测试单位".encode(), "伪造单位".encode())
    refused(world, world.seal(list(entries.items())), "hash_mismatch")


def test_truncation_and_bit_flips(world: World) -> None:
    good = world.good.read_bytes()
    rng = random.Random(4)
    offsets = sorted({0, 10, 21, 22, 60, 150, len(good) // 2, len(good) - 17, len(good) - 1,
                      *(rng.randrange(len(good)) for _ in range(6))})
    for cut in offsets:
        refused(world, good[:cut], {"not_age", "header_too_large", "bad_header", "not_for_us", "damaged"})
    for _ in range(16):
        flipped = bytearray(good)
        bit = rng.randrange(len(good) * 8)
        flipped[bit // 8] ^= 1 << (bit % 8)
        refused(world, bytes(flipped), {"not_age", "header_too_large", "bad_header", "not_for_us", "damaged",
                                        "too_many_recipients"})


@pytest.mark.parametrize("name", ["../evil.txt", "/abs.txt", "blobs/../../x", "blobs/ABC", "records.jsonl/", "x"])
def test_zip_slip_and_stray_names(world: World, name: str) -> None:
    refused(world, world.seal([*world.entries.items(), (name, b"x")]), "bad_name")


def test_duplicate_names(world: World) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = world.seal([*world.entries.items(), ("records.jsonl", b"")])
    refused(world, data, "duplicate_name")


def test_compressed_entries(world: World) -> None:
    refused(world, world.seal(list(world.entries.items()), compress=zipfile.ZIP_DEFLATED), "compressed_entry")


def test_oversized_entry(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "MAX_ENTRY", 100)
    refused(world, world.good, "entry_too_large")


def test_oversized_file_and_plaintext(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "MAX_PACKAGE", 1000)
    refused(world, world.good, "too_large")
    monkeypatch.setattr(fmt, "MAX_PACKAGE", 1 << 30)
    monkeypatch.setattr(fmt, "MAX_PLAINTEXT", 1000)
    refused(world, world.good, "plaintext_too_large")


def test_two_thousand_recipient_header(world: World) -> None:
    stanza = b"-> X25519 " + b"A" * 43 + b"\n" + b"B" * 43 + b"\n"
    data = b"age-encryption.org/v1\n" + stanza * 2000 + b"--- " + b"C" * 43 + b"\n" + b"\0" * 100
    start = time.monotonic()
    refused(world, data, "too_many_recipients")
    assert time.monotonic() - start < 0.5


def test_huge_header_and_not_age(world: World) -> None:
    refused(world, b"age-encryption.org/v1\n-> grease\n" + b"A" * 64 * 100 + b"\n--- x\n", "header_too_large")
    refused(world, b"PK\x03\x04" + b"\0" * 100, "not_age")
    refused(world, b"age-encryption.org/v1\n-> scrypt c2FsdA 20\nAAAA\n--- x\n\0", "bad_header")


def test_json_depth_bomb(world: World) -> None:
    refused(world, world.seal(world.resigned(manifest_bytes=b"[" * 100_000 + b"]" * 100_000)), "bad_manifest")
    refused(world, world.seal(world.resigned(manifest_bytes=b'{"format_version": NaN}')), "bad_manifest")
    refused(world, world.seal(world.resigned(manifest_bytes=b"\xff\xfe not utf-8")), "bad_manifest")


def test_schema_invalid_manifest(world: World) -> None:
    refused(world, world.seal(world.resigned(lambda m: m.update(extra=1))), "bad_manifest")
    refused(world, world.seal(world.resigned(lambda m: m.update(format_version=99))), "format_too_new")


@pytest.mark.parametrize("mutate", [
    lambda d: d.update(extra="x"),  # additionalProperties
    lambda d: d.update(value=1.5),
    lambda d: d.update(stamp="yesterday"),
    lambda d: d.update(kind="nosuchkind"),  # schema-valid, refused by the vault's validate_write
    lambda d: d.update(bases=["ffffffffffff-ffff-ffffffffffffffff"]),  # a base newer than the write
])
def test_schema_invalid_record(world: World, mutate: Callable[[dict[str, Any]], None]) -> None:
    lines = world.entries["records.jsonl"].splitlines(keepends=True)
    first = json.loads(lines[-1])
    mutate(first)
    lines[-1] = json.dumps(first).encode() + b"\n"
    refused(world, world.seal(world.resigned(records=b"".join(lines))), "bad_record")


def test_manifest_and_container_disagree(world: World) -> None:
    entries = [(n, d) for n, d in world.entries.items() if not n.startswith("blobs/")]
    refused(world, world.seal(entries), "size_mismatch")


def test_rewrapped_to_someone_not_listed(world: World) -> None:
    other = str(x25519.Identity.generate().to_public())
    data = world.seal(world.resigned(lambda m: m.update(recipients=[{"age_recipient": other}])))
    refused(world, data, "not_listed")


def test_wrong_kind_for_this_vault(world: World) -> None:
    data = world.seal(world.resigned(lambda m: m.update(kind="member")))
    refused(world, data, "wrong_kind")
