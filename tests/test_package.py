"""Packages: keys and trust, export, round trip into an office vault, member merges, age interoperability."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.demo import fill
from app.domain.records import KINDS, Unit
from app.exchange.package import (
    PackageError,
    export_package,
    import_packages,
    load_key_file,
    parse_recipients,
    public_document,
    trust,
    verify_package,
)
from app.storage.vault import Vault


def keyfile(vault: Vault) -> bytes:
    return json.dumps(public_document(vault), ensure_ascii=False).encode()


def enrol(receiver: Vault, sender: Vault) -> None:
    trust(receiver, load_key_file(keyfile(sender)))


def snapshot(vault: Vault) -> dict[str, object]:
    """Every record's field values (by kind and id) and every attachment content hash."""
    out: dict[str, object] = {}
    for kind in KINDS:
        for record in vault.records.iter(kind, include_deleted=True):
            out[record.id] = (kind, repr(record))
    out["blobs"] = sorted(
        (sha, hashlib.sha256(b"".join(vault.blobs.chunks(sha))).hexdigest())
        for (sha,) in vault.con.execute("SELECT sha256 FROM blobs"))
    return out


@pytest.fixture(scope="module")
def team_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.storage.kdf import TEST_PARAMS
    from tests.conftest import PASSPHRASE

    path = tmp_path_factory.mktemp("demo") / "team.xcv"
    with Vault.create(path, PASSPHRASE, role="team", owner="组长", kdf=TEST_PARAMS) as vault:
        fill(vault, scale="team", seed=5)
    return path


def test_keys_are_made_once_and_kept(vault: Vault) -> None:
    first = public_document(vault)
    again = public_document(vault)
    assert first == again
    assert first["age_recipient"].startswith("age1") and len(first["signing_key"]) == 64
    assert load_key_file(json.dumps(first).encode()).fingerprint == first["signing_fingerprint"]


@pytest.mark.parametrize("garbage, reason", [
    (b"", "no_recipients"),
    (b"hello", "bad_keys"),
    (b'{"format": "xuncha-keys"}', "bad_keys"),
    (b"AGE-SECRET-KEY-1QQQQ", "private_key"),
    (b"[" * 5000, "bad_keys"),
    (b"\xff\xfe", "bad_keys"),
])
def test_trust_refuses_garbage(garbage: bytes, reason: str) -> None:
    with pytest.raises(PackageError) as info:
        load_key_file(garbage)
    assert info.value.reason == reason


def test_trust_refuses_forged_fingerprint(make_vault: Callable[..., Vault]) -> None:
    doc = public_document(make_vault("a.xcv"))
    doc["signing_fingerprint"] = "0" * 64
    with pytest.raises(PackageError) as info:
        load_key_file(json.dumps(doc).encode())
    assert info.value.reason == "bad_keys"


def test_recipients_file_mixes_keys_and_plain_age_lines(make_vault: Callable[..., Vault]) -> None:
    from pyrage import x25519

    office = make_vault("o.xcv", role="office")
    escrow = str(x25519.Identity.generate().to_public())
    data = keyfile(office) + b"\n# escrow\n" + escrow.encode() + b"\n"
    recipients = parse_recipients(data)
    assert [r.age_recipient for r in recipients] == [public_document(office)["age_recipient"], escrow]
    assert recipients[0].key is not None and recipients[1].key is None


def test_round_trip_team_demo_into_empty_office(team_demo: Path, tmp_path: Path) -> None:
    from app.storage.kdf import TEST_PARAMS
    from tests.conftest import PASSPHRASE

    team_path = tmp_path / "team.xcv"
    shutil.copy(team_demo, team_path)
    with Vault.open(team_path, PASSPHRASE) as team, \
            Vault.create(tmp_path / "office.xcv", PASSPHRASE, role="office", kdf=TEST_PARAMS) as office:
        enrol(office, team)
        result = export_package(team, tmp_path / "h.age", parse_recipients(keyfile(office)), kind="handoff")
        assert result.blobs == 30 and result.writes > 10_000
        checked = verify_package(office, tmp_path / "h.age")
        assert checked.manifest["counts"]["writes"] == result.writes
        [imported] = import_packages(office, [tmp_path / "h.age"])
        assert imported.blobs_new == 30 and not imported.report.conflicts
        assert snapshot(office) == snapshot(team)
        assert office.records.content_digest() == team.records.content_digest()
        assert office.check().ok
        # Twice: refused as a replay, nothing changes.
        before = office.records.content_digest()
        with pytest.raises(PackageError) as info:
            import_packages(office, [tmp_path / "h.age"])
        assert info.value.reason == "replay"
        assert office.records.content_digest() == before
        # A second, incremental package carries only what changed since.
        unit = team.records.list("unit")[0]
        assert isinstance(unit, Unit)
        unit.address = "新地址 1 号"
        team.records.save(unit)
        inc = export_package(team, tmp_path / "h2.age", parse_recipients(keyfile(office)), kind="handoff",
                             incremental=True)
        assert inc.mode == "incremental" and 0 < inc.writes < 10 and inc.seq == 2
        import_packages(office, [tmp_path / "h2.age"])
        assert office.records.get(unit.id).address == "新地址 1 号"  # type: ignore[attr-defined]
        assert office.records.content_digest() == team.records.content_digest()


def test_member_packages_merge_in_every_order(make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    members = [make_vault(f"m{i}.xcv", owner=f"组员{i}") for i in range(3)]
    shared_id = None
    for i, member in enumerate(members):
        saved = member.records.save(Unit(name=f"单位{i}", address=f"地址{i}"))
        if shared_id is None:
            shared_id = saved.id
    # All three edit one record concurrently: a conflict that must come out the same in every order.
    first = members[0]
    assert shared_id is not None
    for other in members[1:]:
        export_package(first, tmp_path / f"seed-{other.info.device_id}.age",
                       parse_recipients(keyfile(other)), kind="member")
        enrol(other, first)
        import_packages(other, [tmp_path / f"seed-{other.info.device_id}.age"])
    for i, member in enumerate(members):
        unit = member.records.get(shared_id)
        unit.liaison = f"联络员{i}"  # type: ignore[attr-defined]
        member.records.save(unit)
    digests = set()
    for n, order in enumerate(itertools.permutations(range(3))):
        leader = make_vault(f"leader{n}.xcv", owner="组长")
        paths = []
        for i in order:
            enrol(leader, members[i])
            path = tmp_path / f"p{n}-{i}.age"
            export_package(members[i], path, parse_recipients(keyfile(leader)), kind="member")
            paths.append(path)
        import_packages(leader, paths[:1])
        import_packages(leader, paths[1:])
        assert leader.records.conflict_count() == 1
        digests.add(leader.records.content_digest())
    assert len(digests) == 1


def test_export_refuses_existing_target_and_unsupported_kind(vault: Vault, tmp_path: Path) -> None:
    (tmp_path / "x.age").write_bytes(b"keep")
    recipients = parse_recipients(keyfile(vault))
    with pytest.raises(PackageError) as info:
        export_package(vault, tmp_path / "x.age", recipients)
    assert info.value.reason == "exists" and (tmp_path / "x.age").read_bytes() == b"keep"
    with pytest.raises(PackageError) as info:
        export_package(vault, tmp_path / "y.age", recipients, kind="bogus")
    assert info.value.reason == "unsupported_kind" and not (tmp_path / "y.age").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_export_can_be_cancelled_while_it_writes_the_records(vault: Vault, tmp_path: Path) -> None:
    vault.records.save_many([Unit(name=f"第{i}单位") for i in range(200)])  # well over 512 writes, no attachment

    class Stop(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        raise Stop  # as the window's cancel does, from the progress callback

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Stop):
        export_package(vault, out / "x.age", parse_recipients(keyfile(vault)), progress=cancel)
    assert list(out.iterdir()) == []  # neither the package nor its temporary file
    assert export_package(vault, out / "x.age", parse_recipients(keyfile(vault))).seq == 2  # 1 was taken


def test_an_import_cancelled_before_its_commit_writes_nothing(make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    team, office = make_vault("t.xcv"), make_vault("o.xcv", role="office")
    trust(office, load_key_file(keyfile(team)))
    team.records.save(Unit(name="某县单位"))
    export_package(team, tmp_path / "h.age", parse_recipients(keyfile(office)))
    before = office.records.content_digest()
    calls: list[tuple[int, int]] = []

    def cancel_at_the_end(done: int, total: int) -> None:
        calls.append((done, total))
        if done == total:
            raise KeyboardInterrupt  # the last moment: everything is merged, nothing committed

    with pytest.raises(KeyboardInterrupt):
        import_packages(office, [tmp_path / "h.age"], progress=cancel_at_the_end)
    assert calls == [(0, 1), (1, 1)]
    assert office.records.content_digest() == before and office.records.count("unit") == 0
    assert import_packages(office, [tmp_path / "h.age"])[0].summary["added"] >= 1  # and it can go in later


@pytest.mark.skipif(shutil.which("age") is None or shutil.which("age-keygen") is None, reason="age not installed")
def test_age_keygen_recipient_interoperates(vault: Vault, tmp_path: Path) -> None:
    vault.records.save(Unit(name="互通测试单位"))
    subprocess.run(["age-keygen", "-o", str(tmp_path / "key.txt")], check=True, capture_output=True)
    public = subprocess.run(["age-keygen", "-y", str(tmp_path / "key.txt")], check=True, capture_output=True,
                            text=True).stdout
    (tmp_path / "for.txt").write_text(f"# escrow key made by age-keygen\n{public}")
    published = public_document(vault)
    export_package(vault, tmp_path / "p.age", parse_recipients((tmp_path / "for.txt").read_bytes()))
    plain = subprocess.run(["age", "-d", "-i", str(tmp_path / "key.txt"), str(tmp_path / "p.age")],
                           check=True, capture_output=True).stdout
    # A plain script: read the ZIP, the manifest, and check the signature with the published key.
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        manifest_bytes = zf.read("manifest.json")
        signature = zf.read("manifest.sig")
        records = zf.read("records.jsonl")
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
        # Format version 2: the signature and the manifest come first; manifest.sig is the
        # signer's public key, then the signature (docs/package-format.md).
        assert zf.namelist()[:3] == ["manifest.sig", "manifest.json", "records.jsonl"]
    assert len(signature) == 96 and signature[:32].hex() == published["signing_key"]
    Ed25519PublicKey.from_public_bytes(bytes.fromhex(published["signing_key"])).verify(signature[32:],
                                                                                        manifest_bytes)
    manifest = json.loads(manifest_bytes)
    assert manifest["source"]["signing_key"] == published["signing_key"]
    assert manifest["recipients"] == [{"age_recipient": public.strip()}]
    [entry] = [f for f in manifest["files"] if f["name"] == "records.jsonl"]
    assert hashlib.sha256(records).hexdigest() == entry["sha256"] and len(records) == entry["size"]
    assert "互通测试单位" in records.decode()


def test_cli_keys_trust_export_verify_import(tmp_path: Path) -> None:
    from tests.test_cli import one_line_error, run

    team, office = tmp_path / "team.xcv", tmp_path / "office.xcv"
    assert run("demo", str(team), "--seed", "2").returncode == 0
    from app.storage.kdf import TEST_PARAMS
    from tests.test_cli import PASS

    Vault.create(office, PASS, role="office", owner="巡察办", kdf=TEST_PARAMS).close()
    for vault, out in ((team, "team.keys"), (office, "office.keys")):
        done = run("keys", str(vault), "--out", str(tmp_path / out))
        assert done.returncode == 0, done.stderr
        assert "指纹" in done.stdout
    (tmp_path / "junk.keys").write_text("not a key")
    assert "公钥文件格式不正确" in one_line_error(run("trust", str(office), str(tmp_path / "junk.keys")))
    done = run("trust", str(office), str(tmp_path / "team.keys"))
    assert done.returncode == 0 and "已信任" in done.stdout
    done = run("export", str(team), "--to", str(tmp_path / "h.age"), "--for", str(tmp_path / "office.keys"))
    assert done.returncode == 0, done.stderr
    before = office.read_bytes()
    done = run("verify", str(office), str(tmp_path / "h.age"))
    assert done.returncode == 0 and "校验通过" in done.stdout, done.stderr
    assert "导入后将新增记录" in done.stdout and "新增记录 0" not in done.stdout  # the preview
    assert office.read_bytes() == before  # verify, preview included, wrote nothing
    done = run("import", str(office), str(tmp_path / "h.age"))
    assert done.returncode == 0 and "conflicts: 0" in done.stdout, done.stderr
    assert "已导入过" in one_line_error(run("import", str(office), str(tmp_path / "h.age")))
    assert "无法用本库的密钥解密" in one_line_error(run("verify", str(team), str(tmp_path / "h.age")))
    done = run("check", str(office))
    assert done.returncode == 0 and "interviews: 0" not in done.stdout


def test_dry_run_says_what_an_import_would_do_and_changes_nothing(team_demo: Path, tmp_path: Path) -> None:
    from app.storage.kdf import TEST_PARAMS
    from tests.conftest import PASSPHRASE as DEMO_PASS

    office = Vault.create(tmp_path / "office.xcv", "office passphrase", role="office", kdf=TEST_PARAMS)
    team = Vault.open(team_demo, DEMO_PASS)
    try:
        enrol(office, team)
        package = tmp_path / "h.xcp"
        export_package(team, package, parse_recipients(keyfile(office)))
        digest, journal = office.records.content_digest(), len(office.journal.entries())
        preview = import_packages(office, [package], dry_run=True)[0]
        assert preview.summary["added"] > 1000 and preview.report.added
        assert office.records.content_digest() == digest and len(office.journal.entries()) == journal
        real = import_packages(office, [package])[0]  # not recorded as imported by the dry run
        assert real.summary == preview.summary
    finally:
        team.close()
        office.close()


def test_a_vault_without_keys_still_says_what_is_wrong_with_the_file(vault: Vault, tmp_path: Path) -> None:
    # The file is judged before the vault's missing keys: a stray file is "not a package".
    stray = tmp_path / "stray.age"
    stray.write_bytes(b"PK\x03\x04 not an age file" * 10)
    with pytest.raises(PackageError) as info:
        import_packages(vault, [stray])
    assert info.value.reason == "not_age"
