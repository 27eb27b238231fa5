"""The office's package kinds: deployment (office → team), upward (→ higher office), lead-transfer (→ commission).

An office-role vault filled with the team-scale demo, plus a small hand-made graph around one
lead and one problem whose every neighbour is either carried by a rule or a canary that must
not be: so "exactly these records" is checked against an expectation written here, not derived
from the package.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.demo import fill
from app.domain.records import (
    KINDS,
    Attachment,
    Handover,
    Interview,
    Lead,
    Link,
    Member,
    Paper,
    Person,
    Petition,
    Problem,
    Rectification,
    Round,
    Team,
    Template,
    Unit,
    VocabEntry,
)
from app.exchange.package import (
    PackageError,
    Recipient,
    device_keys,
    display,
    export_package,
    import_packages,
    load_key_file,
    parse_recipients,
    parse_selection,
    public_document,
    recipients_from_trusted,
    trust,
    verify_package,
)
from app.exchange.package import format as fmt
from app.exchange.package.scope import EVIDENCE, FORMS_PAPER, FORMS_PROBLEM, HANDS_OVER, LEADS_TO, RECTIFIES, RELATED
from app.exchange.package.verify import decrypt
from app.storage.kdf import TEST_PARAMS
from app.storage.keys import KeyStore
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.package_tools import Change, reseal

CANARY = "金丝雀"  # every record text a rule must leave out contains it


def keyfile(vault: Vault) -> bytes:
    return json.dumps(public_document(vault), ensure_ascii=False).encode()


def fingerprint_of(vault: Vault) -> str:
    return str(public_document(vault)["fingerprint"])  # the key fingerprint people read aloud


@dataclass
class OfficeDemo:
    path: Path
    ids: dict[str, str]


def _build_graph(office: Vault) -> dict[str, str]:
    """One selected lead and problem with neighbours of every sort; returns their ids by name."""
    rec = office.records
    team = rec.list("team")[0]
    unit = rec.list("unit", where={"team_id": team.id})[0]
    assert isinstance(team, Team) and isinstance(unit, Unit)
    day = dt.date(2024, 5, 6)
    when = dt.datetime(2024, 5, 6, 9, 30)
    common = {"unit_id": unit.id, "team_id": team.id}
    lead = rec.save(Lead(subject_name="张选中", source="来信", summary="选中线索：违规插手工程招投标", **common))
    petition = rec.save(Petition(channel="来信", received_at=when, summary="来信反映违规插手工程",
                                 complainant="举报人甲", **common))
    interview = rec.save(Interview(interviewee="谈话对象乙", time=when, kind="选谈", content="谈话佐证内容",
                                   **common))
    paper = rec.save(Paper(title="选中底稿：招投标问题", heading="落实全面从严治党战略部署", facts="底稿事实",
                           state="草稿", found_at=day, **common))
    problem = rec.save(Problem(title="选中问题：招投标管理不规范", heading="落实全面从严治党战略部署",
                               description="问题表现文字", **common))
    rect = rec.save(Rectification(title="选中整改：修订招投标制度", problem_id=problem.id, measures="修订制度",
                                  status="整改中", unit_id=unit.id))
    handover = rec.save(Handover(title=f"移交{CANARY}：含其他线索的移交函", feedback=f"其他线索反馈{CANARY}", **common))
    related = rec.save(Lead(subject_name="李相关", source="来电", summary=f"相关线索{CANARY}", **common))
    other_lead = rec.save(Lead(subject_name="王无关", source="来访", summary=f"无关线索{CANARY}", **common))
    other_problem = rec.save(Problem(title=f"无关问题{CANARY}", heading="落实新时代党的组织路线",
                                     description=f"无关问题表现{CANARY}", **common))
    hearsay = rec.save(Petition(channel="来电", received_at=when, summary=f"仅“相关”的来电{CANARY}", **common))
    other_talk = rec.save(Interview(interviewee=f"无关谈话{CANARY}", time=when, kind="必谈", content=CANARY, **common))
    person = rec.save(Person(name=f"花名册{CANARY}", unit_id=unit.id, post="科员"))
    template = rec.save(Template(template_kind="谈话提纲", body="请谈谈本单位落实中央八项规定精神的情况", ord=1))
    vocab = rec.save(VocabEntry(vocabulary="cadre_level", value="集团干部", ord=9, active=True))
    links = {
        "l_petition": (petition, lead, LEADS_TO), "l_interview": (lead, interview, EVIDENCE),
        "l_paper": (lead, paper, FORMS_PAPER), "l_problem": (paper, problem, FORMS_PROBLEM),
        "l_rect": (problem, rect, RECTIFIES), "l_handover": (handover, lead, HANDS_OVER),
        "l_related": (lead, related, RELATED), "l_hearsay": (hearsay, lead, RELATED),
        "l_other": (other_talk, other_lead, LEADS_TO),
    }
    ids = {name: rec.save(Link(src_id=src.id, dst_id=dst.id, relation=rel)).id
           for name, (src, dst, rel) in links.items()}
    attach = {
        "a_lead": (lead, b"lead attachment bytes"), "a_petition": (petition, b"petition scan bytes"),
        "a_rect": (rect, b"rectification evidence bytes"), "a_other": (other_lead, f"无关附件{CANARY}".encode()),
        "a_handover": (handover, f"移交函附件{CANARY}".encode()),
    }
    for name, (owner, data) in attach.items():
        ids[name] = office.attach(owner.id, io.BytesIO(data), f"{name}.bin").id
    ids.update(team=team.id, unit=unit.id, round=str(team.round_id), lead=lead.id, petition=petition.id,
               interview=interview.id, paper=paper.id, problem=problem.id, rect=rect.id, handover=handover.id,
               related=related.id, other_lead=other_lead.id, other_problem=other_problem.id,
               other_talk=other_talk.id, hearsay=hearsay.id, person=person.id, template=template.id, vocab=vocab.id)
    return ids


@pytest.fixture(scope="module")
def office_demo(tmp_path_factory: pytest.TempPathFactory) -> OfficeDemo:
    path = tmp_path_factory.mktemp("office") / "office.xcv"
    with Vault.create(path, PASSPHRASE, role="office", owner="巡察办", kdf=TEST_PARAMS) as office:
        fill(office, scale="team", seed=7)
        ids = _build_graph(office)
    return OfficeDemo(path, ids)


@pytest.fixture
def office(office_demo: OfficeDemo, tmp_path: Path) -> Iterator[Vault]:
    path = tmp_path / "office.xcv"
    shutil.copy(office_demo.path, path)
    with Vault.open(path, PASSPHRASE) as vault:
        yield vault


def container(path: Path, reader: Vault) -> tuple[bytes, dict[str, Any], list[dict[str, Any]], dict[str, bytes]]:
    """The decrypted container: its bytes, manifest, record lines and blobs."""
    plain = decrypt(path, device_keys(reader).identity)
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        lines = [json.loads(line) for line in zf.read("records.jsonl").splitlines()]
        blobs = {n[6:]: zf.read(n) for n in zf.namelist() if n.startswith("blobs/")}
    return plain, manifest, lines, blobs


def values(vault: Vault, kinds: tuple[str, ...]) -> dict[str, str]:
    return {r.id: repr(r) for kind in kinds for r in vault.records.iter(kind, include_deleted=True)}


def sha_of(vault: Vault, attachment_id: str) -> str:
    record = vault.records.get(attachment_id)
    assert isinstance(record, Attachment)
    return record.sha256


# --- deployment ---------------------------------------------------------------------------------


def test_deployment_sets_up_an_empty_team_vault(office: Vault, office_demo: OfficeDemo,
                                                make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    ids = office_demo.ids
    team = make_vault("team.xcv", role="team", owner="组长")
    package = tmp_path / "deploy.xcp"
    team_name = office.records.get(ids["team"]).name  # type: ignore[attr-defined]
    result = export_package(office, package, parse_recipients(keyfile(team)), kind="deployment", team=team_name)
    assert result.mode == "full" and result.blobs == 0

    plain, manifest, lines, _ = container(package, team)
    assert manifest["kind"] == "deployment" and manifest["scope"]["team"] == ids["team"]
    assert {line["kind"] for line in lines} <= fmt.CARRIES["deployment"]
    for absent in ("lead", "other_lead", "problem", "handover", "other_talk"):
        assert ids[absent].encode() not in plain
    assert CANARY.encode() in plain  # the roster person of an inspected unit does travel

    # Not yet trusted: refused with the fingerprint shown; a wrong confirmation is refused too.
    digest = team.records.content_digest()
    with pytest.raises(PackageError) as info:
        import_packages(team, [package])
    assert info.value.reason == "unknown_signer" and display(fingerprint_of(office)) in str(info.value)
    with pytest.raises(PackageError) as info:
        import_packages(team, [package], trust_signer="0123" * 8)
    assert info.value.reason == "signer_mismatch"
    assert team.records.content_digest() == digest and KeyStore(team.con).all_trusted() == []

    # Confirmed (the 32 digits as shown, read aloud): imported, and the office is trusted.
    [imported] = import_packages(team, [package], trust_signer=display(fingerprint_of(office)))
    assert imported.summary["trusted_signer"] is True
    set_up = ("round", "team", "member", "unit", "person", "template", "vocab", "setting")
    assert values(team, set_up) == values(office, set_up)  # the demo office holds this one team only
    for kind in ("interview", "petition", "lead", "paper", "problem", "rectification", "handover", "attachment"):
        assert team.records.count(kind, include_deleted=True) == 0, kind
    trusted = KeyStore(team.con).trusted(public_document(office)["signing_key"])
    assert trusted is not None and trusted.role == "office" \
        and trusted.age_recipient == public_document(office)["age_recipient"]
    assert team.check().ok

    # Twice: refused as a replay, nothing changes.
    digest = team.records.content_digest()
    with pytest.raises(PackageError) as info:
        import_packages(team, [package])
    assert info.value.reason == "replay" and team.records.content_digest() == digest

    # The team works, then hands off to the office it now trusts, by fingerprint alone.
    member = team.records.list("member")[0]
    talk = team.records.save(Interview(interviewee="新谈话对象", time=dt.datetime(2024, 5, 9, 10, 0), kind="必谈",
                                       unit_id=ids["unit"], team_id=ids["team"], interviewers=[member.id],
                                       content="组内新写的谈话记录"))
    trust(office, load_key_file(keyfile(team)))
    handoff = tmp_path / "handoff.xcp"
    export_package(team, handoff, recipients_from_trusted(team, [fingerprint_of(office)[:32]]), kind="handoff")
    [back] = import_packages(office, [handoff])
    assert back.summary["conflicts"] == 0 and back.summary["added"] == 1
    assert office.records.get(talk.id).content == "组内新写的谈话记录"  # type: ignore[attr-defined]


def test_deployment_incremental_brings_changes_and_new_records_only(
        office: Vault, office_demo: OfficeDemo, make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    ids = office_demo.ids
    team = make_vault("team.xcv", role="team")
    trust(team, load_key_file(keyfile(office)))  # trusted beforehand with `trust`: no confirmation needed
    recipients = parse_recipients(keyfile(team))
    # A unit not yet assigned to any team, with its roster: written before the first deployment.
    moved = office.records.save(Unit(name="新划入单位", address="划入前地址"))
    roster = office.records.save(Person(name="新划入单位的人员", unit_id=moved.id, post="主任"))
    first = export_package(office, tmp_path / "d1.xcp", recipients, kind="deployment", team=ids["team"])
    import_packages(team, [tmp_path / "d1.xcp"])
    assert team.records.find(moved.id) is None

    unit = office.records.get(ids["unit"])
    assert isinstance(unit, Unit)
    unit.address = "新地址 8 号"
    office.records.save(unit)
    newcomer = office.records.save(Member(name="新组员", team_id=ids["team"], role="组员"))
    gone = office.records.list("member", where={"team_id": ids["team"]})[0]
    office.records.delete(gone.id)
    moved.team_id = ids["team"]  # type: ignore[attr-defined]
    office.records.save(moved)  # now in scope: it and its roster travel whole, old writes and all
    office.records.save(Member(name=f"别组组员{CANARY}", role="组员"))  # not this team's: stays home

    second = export_package(office, tmp_path / "d2.xcp", recipients, kind="deployment", team=ids["team"],
                            incremental=True)
    assert second.mode == "incremental" and second.since == first.upto
    plain, _, lines, _ = container(tmp_path / "d2.xcp", team)
    assert {line["id"] for line in lines} == {unit.id, newcomer.id, gone.id, moved.id, roster.id}
    assert [line["field"] for line in lines if line["id"] == unit.id] == ["address"]
    assert {line["field"] for line in lines if line["id"] == roster.id} >= {"name", "unit_id", "post"}
    assert CANARY.encode() not in plain
    # A confirmation given with several packages concerns the untrusted signer only: trusted ones pass.
    import_packages(team, [tmp_path / "d2.xcp"], trust_signer="0123" * 8)
    for record_id in (unit.id, newcomer.id, gone.id, moved.id, roster.id):
        assert repr(team.records.get(record_id)) == repr(office.records.get(record_id))
    assert team.records.get(gone.id).deleted and team.records.get(unit.id).address == "新地址 8 号"  # type: ignore[attr-defined]


# --- upward and lead-transfer ----------------------------------------------------------------------


def _exact(lines: list[dict[str, Any]], blobs: dict[str, bytes], plain: bytes, office: Vault, ids: dict[str, str],
           carried: set[str], attachments: set[str]) -> None:
    """The package holds exactly ``carried`` records and the blobs of ``attachments``; no canary text."""
    assert {line["id"] for line in lines} == {ids[name] for name in carried}
    assert set(blobs) == {sha_of(office, ids[name]) for name in attachments}
    assert all(hashlib.sha256(data).hexdigest() == sha for sha, data in blobs.items())
    assert CANARY.encode() not in plain
    for name in set(ids) - carried:
        if name not in ("team", "unit", "round"):  # referenced by carried records, so their ids appear
            assert ids[name].encode() not in plain, name


def test_upward_carries_the_selection_its_papers_rectifications_and_context(
        office: Vault, office_demo: OfficeDemo, make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    ids = office_demo.ids
    higher = make_vault("higher.xcv", role="office", owner="上级巡察办")
    package = tmp_path / "up.xcp"
    result = export_package(office, package, parse_recipients(keyfile(higher)), kind="upward",
                            select=[ids["lead"], ids["problem"]])
    plain, manifest, lines, blobs = container(package, higher)
    assert manifest["scope"]["selected"] == [ids["lead"], ids["problem"]]
    carried = {"lead", "problem", "paper", "rect", "unit", "team", "round", "l_paper", "l_problem", "l_rect",
               "a_lead", "a_rect"}
    _exact(lines, blobs, plain, office, ids, carried, {"a_lead", "a_rect"})
    assert result.records == len(carried) and result.blobs == 2

    trust(higher, load_key_file(keyfile(office)))
    [imported] = import_packages(higher, [package])
    assert imported.blobs_new == 2 and imported.summary["added"] == len(carried)
    assert higher.records.get(ids["rect"]).problem_id == ids["problem"]  # type: ignore[attr-defined]
    digest = higher.records.content_digest()
    with pytest.raises(PackageError) as info:
        import_packages(higher, [package])
    assert info.value.reason == "replay" and higher.records.content_digest() == digest


def test_lead_transfer_carries_the_leads_and_their_evidence_only(
        office: Vault, office_demo: OfficeDemo, make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    ids = office_demo.ids
    commission = make_vault("cdi.xcv", role="office", owner="县纪委监委")
    package = tmp_path / "lt.xcp"
    export_package(office, package, parse_recipients(keyfile(commission)), kind="lead-transfer",
                   select=parse_selection(f"# 移交纪委监委\n{ids['lead']}\n\n".encode()))
    plain, manifest, lines, blobs = container(package, commission)
    assert manifest["scope"]["selected"] == [ids["lead"]]
    carried = {"lead", "petition", "interview", "paper", "l_petition", "l_interview", "l_paper", "a_lead", "a_petition"}
    _exact(lines, blobs, plain, office, ids, carried, {"a_lead", "a_petition"})
    assert {line["kind"] for line in lines} == {"lead", "petition", "interview", "paper", "link", "attachment"}

    trust(commission, load_key_file(keyfile(office)))
    [imported] = import_packages(commission, [package])
    assert imported.summary["added"] == len(carried) and imported.blobs_new == 2
    assert commission.records.get(ids["petition"]).complainant == "举报人甲"  # type: ignore[attr-defined]


def test_scoped_incremental_sends_changes_and_records_new_to_the_scope(
        office: Vault, office_demo: OfficeDemo, make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    ids = office_demo.ids
    commission = make_vault("cdi.xcv", role="office")
    recipients = parse_recipients(keyfile(commission))
    export_package(office, tmp_path / "1.xcp", recipients, kind="lead-transfer", select=[ids["lead"]])
    lead = office.records.get(ids["lead"])
    assert isinstance(lead, Lead)
    lead.status, lead.transferred_at, lead.transfer_to = "已移交", dt.date(2024, 6, 3), "纪委监委"
    office.records.save(lead)
    office.records.delete(ids["l_interview"])  # no longer evidence: its tombstone travels, the interview does not
    extra = office.records.save(Petition(channel="来电", received_at=dt.datetime(2024, 5, 10, 8, 0),
                                         summary="补充来电"))
    link = office.records.save(Link(src_id=extra.id, dst_id=lead.id, relation=LEADS_TO))
    second = export_package(office, tmp_path / "2.xcp", recipients, kind="lead-transfer", select=[ids["lead"]],
                            incremental=True)
    assert second.mode == "incremental"
    _, _, lines, blobs = container(tmp_path / "2.xcp", commission)
    assert {line["id"] for line in lines} == {lead.id, ids["l_interview"], extra.id, link.id}
    assert sorted(line["field"] for line in lines if line["id"] == lead.id) == ["status", "transfer_to",
                                                                              "transferred_at"]
    assert blobs == {}
    trust(commission, load_key_file(keyfile(office)))
    import_packages(commission, [tmp_path / "1.xcp", tmp_path / "2.xcp"])
    assert commission.records.get(ids["l_interview"]).deleted
    assert commission.records.get(lead.id).status == "已移交"  # type: ignore[attr-defined]


# --- refusals ------------------------------------------------------------------------------------------


def _age_only(vault: Vault) -> list[Recipient]:
    """The vault's age recipient without its keys file: the maker cannot see its role."""
    return [Recipient(str(public_document(vault)["age_recipient"]))]


@pytest.mark.parametrize("kind, receiver_role, reason", [
    ("deployment", "office", "wrong_role_deployment"),
    ("upward", "team", "wrong_role_upward"),
    ("lead-transfer", "team", "wrong_role_lead_transfer"),
])
def test_wrong_vault_role_is_refused_with_its_own_reason(
        office: Vault, office_demo: OfficeDemo, make_vault: Callable[..., Vault], tmp_path: Path,
        kind: str, receiver_role: str, reason: str) -> None:
    ids = office_demo.ids
    receiver = make_vault("r.xcv", role=receiver_role)
    trust(receiver, load_key_file(keyfile(office)))
    choice: dict[str, Any] = {"team": ids["team"]} if kind == "deployment" else {"select": [ids["lead"]]}
    package = tmp_path / "p.xcp"
    export_package(office, package, _age_only(receiver), kind=kind, **choice)
    digest, journal = receiver.records.content_digest(), len(receiver.journal.entries())
    with pytest.raises(PackageError) as info:
        import_packages(receiver, [package])
    assert info.value.reason == reason and str(info.value).startswith(fmt_message(reason))
    assert receiver.records.content_digest() == digest and len(receiver.journal.entries()) == journal


def fmt_message(reason: str) -> str:
    from app.exchange.package import REASONS

    return REASONS[reason]


def test_maker_refusals(office: Vault, office_demo: OfficeDemo, make_vault: Callable[..., Vault],
                        tmp_path: Path) -> None:
    ids = office_demo.ids
    team = make_vault("t.xcv", role="team")
    higher = make_vault("h.xcv", role="office")
    cases: list[tuple[Vault, list[Recipient], dict[str, Any], str]] = [
        (team, _age_only(higher), {"kind": "upward", "select": [ids["lead"]]}, "export_role"),
        (office, parse_recipients(keyfile(higher)), {"kind": "deployment", "team": ids["team"]}, "recipient_role"),
        (office, parse_recipients(keyfile(team)), {"kind": "lead-transfer", "select": [ids["lead"]]},
         "recipient_role"),
        (office, _age_only(team), {"kind": "deployment"}, "no_selection"),
        (office, _age_only(team), {"kind": "deployment", "team": "没有这个组"}, "bad_selection"),
        (office, _age_only(higher), {"kind": "upward", "select": []}, "no_selection"),
        (office, _age_only(higher), {"kind": "upward", "select": [ids["paper"]]}, "bad_selection"),
        (office, _age_only(higher), {"kind": "lead-transfer", "select": [ids["problem"]]}, "bad_selection"),
        (office, _age_only(higher), {"kind": "handoff", "select": [ids["lead"]]}, "selection_unused"),
        (office, _age_only(higher), {"kind": "bogus"}, "unsupported_kind"),
    ]
    for n, (maker, recipients, options, reason) in enumerate(cases):
        target = tmp_path / f"{n}.xcp"
        with pytest.raises(PackageError) as info:
            export_package(maker, target, recipients, **options)
        assert info.value.reason == reason, (options, info.value.reason)
        assert not target.exists()
    assert not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(PackageError) as info:
        parse_selection(b"not-an-id\n")
    assert info.value.reason == "bad_selection"
    with pytest.raises(PackageError) as info:
        recipients_from_trusted(office, ["ab" * 16])
    assert info.value.reason == "unknown_key"


def test_confirming_a_signer_is_only_for_deployments(office: Vault, office_demo: OfficeDemo,
                                                     make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    higher = make_vault("h.xcv", role="office")
    package = tmp_path / "up.xcp"
    export_package(office, package, parse_recipients(keyfile(higher)), kind="upward",
                   select=[office_demo.ids["problem"]])
    with pytest.raises(PackageError) as info:
        import_packages(higher, [package], trust_signer=fingerprint_of(office))
    assert info.value.reason == "trust_only_deployment"
    with pytest.raises(PackageError) as info:
        import_packages(higher, [package], trust_signer="d28b 0cbc")
    assert info.value.reason == "bad_fingerprint"
    assert KeyStore(higher.con).all_trusted() == []


def test_importer_refuses_what_a_kind_cannot_carry(office: Vault, office_demo: OfficeDemo,
                                                   make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    ids = office_demo.ids
    team = make_vault("t.xcv", role="team")
    trust(team, load_key_file(keyfile(office)))
    package = tmp_path / "d.xcp"
    export_package(office, package, parse_recipients(keyfile(team)), kind="deployment", team=ids["team"])
    talk = {"id": ids["other_talk"], "kind": "interview", "field": "content",
            "stamp": "0190f0c1d2e3-0000-3d836a64fb1d7144", "value": "夹带", "bases": [], "author": "x"}
    cases: list[tuple[Change, str]] = [
        (lambda m, lines, _e: lines.append(talk), "out_of_scope"),
        (lambda m, lines, _e: m["scope"].pop("team"), "bad_manifest"),
        (lambda m, lines, _e: m["scope"].update(selected=[ids["lead"]]), "bad_manifest"),
    ]
    digest = team.records.content_digest()
    for n, (change, reason) in enumerate(cases):
        forged = tmp_path / f"forged{n}.xcp"
        forged.write_bytes(reseal(package, team, office, change))
        with pytest.raises(PackageError) as info:
            import_packages(team, [forged])
        assert info.value.reason == reason
    # A deployment made by a team vault (its key trusted, the role in the signed source says team).
    leader = make_vault("l.xcv", role="team")
    trust(team, load_key_file(keyfile(leader)))

    def as_team(m: dict[str, Any], _lines: list[dict[str, Any]], _entries: dict[str, bytes]) -> None:
        m["source"].update(role="team", signing_key=public_document(leader)["signing_key"],
                           signing_fingerprint=public_document(leader)["signing_fingerprint"])

    forged = tmp_path / "forged-role.xcp"
    forged.write_bytes(reseal(package, team, leader, as_team))
    with pytest.raises(PackageError) as info:
        import_packages(team, [forged])
    assert info.value.reason == "source_role"
    assert team.records.content_digest() == digest
    verify_package(team, package).close()  # the genuine one still passes


def test_every_kind_has_its_record_kinds_and_reasons() -> None:
    from app.exchange.package import REASONS

    assert set(fmt.SUPPORTED_KINDS) == set(fmt.KINDS) and set(fmt.IMPORTED_BY) == set(fmt.KINDS)
    for kinds in fmt.CARRIES.values():
        assert kinds <= set(KINDS)
    assert set(fmt.WRONG_ROLE.values()) <= set(REASONS)
    assert all(REASONS[code] for code in REASONS)
    assert Round.KIND == "round" and Team.KIND == "team"  # the names the carry lists use


# --- the command line ------------------------------------------------------------------------------------


def test_cli_deployment_handoff_upward_and_lead_transfer(office_demo: OfficeDemo, tmp_path: Path) -> None:
    from tests.test_cli import one_line_error
    from tests.test_cli import run as run_cli

    def run(*args: str) -> Any:
        return run_cli(*(str(a) for a in args), passphrase=PASSPHRASE)

    ids = office_demo.ids
    office, team, higher = tmp_path / "office.xcv", tmp_path / "team.xcv", tmp_path / "higher.xcv"
    shutil.copy(office_demo.path, office)
    for path, role in ((team, "team"), (higher, "office")):
        Vault.create(path, PASSPHRASE, role=role, owner=role, kdf=TEST_PARAMS).close()
    for vault in (office, team, higher):
        done = run("keys", vault, "--out", f"{vault}.keys")
        assert done.returncode == 0, done.stderr
    with Vault.open(office, PASSPHRASE) as opened:
        fpr = fingerprint_of(opened)
        team_name = opened.records.get(ids["team"]).name  # type: ignore[attr-defined]

    assert "--select-file" in run("export", "--help").stdout and "--trust-signer" in run("import", "--help").stdout
    done = run("export", office, "--to", tmp_path / "d.xcp", "--for", f"{team}.keys", "--kind", "deployment",
               "--team", team_name)
    assert done.returncode == 0, done.stderr
    line = one_line_error(run("import", team, tmp_path / "d.xcp"))
    assert "签名者不在本库信任的公钥中" in line and display(fpr) in line
    assert "指纹格式不正确" in one_line_error(run("import", team, tmp_path / "d.xcp", "--trust-signer", "d28b"))
    done = run("import", team, tmp_path / "d.xcp", "--trust-signer", display(fpr))
    assert done.returncode == 0 and "已信任巡察办公钥" in done.stdout, done.stderr

    # The team hands off to the office it trusts, named by fingerprint; the office imports it.
    done = run("export", team, "--to", tmp_path / "h.xcp", "--for-key", fpr[:32])
    assert done.returncode == 0, done.stderr
    assert run("trust", office, f"{team}.keys").returncode == 0
    done = run("import", office, tmp_path / "h.xcp")
    assert done.returncode == 0 and "conflicts: 0" in done.stdout, done.stderr

    done = run("export", office, "--to", tmp_path / "up.xcp", "--for", f"{higher}.keys", "--kind", "upward",
               "--select", ids["problem"], "--select", ids["lead"])
    assert done.returncode == 0 and "records: 12" in done.stdout, done.stderr
    (tmp_path / "leads.txt").write_text(f"# 移交\n{ids['lead']}\n", encoding="utf-8")
    done = run("export", office, "--to", tmp_path / "lt.xcp", "--for", f"{higher}.keys", "--kind", "lead-transfer",
               "--select-file", tmp_path / "leads.txt")
    assert done.returncode == 0 and "records: 9" in done.stdout and "blobs: 2" in done.stdout, done.stderr
    assert run("trust", higher, f"{office}.keys").returncode == 0
    done = run("import", higher, tmp_path / "up.xcp", tmp_path / "lt.xcp")
    assert done.returncode == 0, done.stderr

    # Refusals, one line each.
    with Vault.open(team, PASSPHRASE) as opened:
        (tmp_path / "team.age").write_text(str(public_document(opened)["age_recipient"]) + "\n")
    done = run("export", office, "--to", tmp_path / "wrong.xcp", "--for", tmp_path / "team.age", "--kind",
               "lead-transfer", "--select", ids["lead"])
    assert done.returncode == 0, done.stderr
    assert "线索移交包只能导入" in one_line_error(run("import", team, tmp_path / "wrong.xcp"))
    assert "没有选择要导出的内容" in one_line_error(
        run("export", office, "--to", tmp_path / "x.xcp", "--for", f"{higher}.keys", "--kind", "upward"))
    done = run("export", office, "--to", tmp_path / "x.xcp", "--kind", "upward", "--select", ids["lead"])
    assert done.returncode == 2 and "--for" in one_line_error(done)
    assert "本库信任的公钥中没有该指纹" in one_line_error(
        run("export", team, "--to", tmp_path / "x.xcp", "--for-key", "ab" * 16))
    assert not (tmp_path / "x.xcp").exists()
