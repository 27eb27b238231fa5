"""app/services/packages.py on real vaults and packages: the import screen's check (one dry run, the
unconfirmed deployment from the refusal's fields), the import job, the export and what its dialog
reads, and this vault's public keys written to a file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app import demo
from app.domain.jobs import Cancelled
from app.domain.records import Attachment, Lead, Person, Problem, Unit
from app.exchange.package import PackageError, export_package, load_key_file, parse_recipients, public_document, trust
from app.services import packages
from app.storage.vault import Vault


def keyfile(vault: Vault) -> bytes:
    return json.dumps(public_document(vault), ensure_ascii=False).encode()


def enrol(receiver: Vault, sender: Vault) -> None:
    trust(receiver, load_key_file(keyfile(sender)))


def member_package(member: Vault, leader: Vault, path: Path) -> Path:
    export_package(member, path, parse_recipients(keyfile(leader)), kind="member")
    return path


@pytest.fixture
def office(make_vault: Callable[..., Vault]) -> Vault:
    vault = make_vault("office.xcv", role="office", owner="市委巡察办")
    demo.fill(vault, scale="team")
    return vault


# --- checking and importing ------------------------------------------------------------------------


def test_check_package_says_what_an_import_would_do_and_changes_nothing(make_vault: Callable[..., Vault],
                                                                         tmp_path: Path) -> None:
    leader, member = make_vault("leader.xcv", owner="组长"), make_vault("member.xcv", owner="组员")
    enrol(leader, member)
    member.records.save(Unit(name="某县水务局"))
    member.records.save(Unit(name="某县住建局"))
    result = packages.check_package(leader, member_package(member, leader, tmp_path / "m.age"))
    assert result.kind == "member" and result.source_owner == "组员" and result.seq == 1
    assert result.summary["added"] == 2 and result.summary["conflicts"] == 0
    assert leader.records.count("unit") == 0 and leader.keys.packages() == []


def test_an_untrusted_deployment_is_offered_for_confirmation_after_one_dry_run(
        office: Vault, make_vault: Callable[..., Vault], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    team_vault = make_vault("team.xcv", owner="第一巡察组组长")
    package = tmp_path / "d.age"
    team = office.records.list("team")[0]
    export_package(office, package, parse_recipients(keyfile(team_vault)), kind="deployment", team=team.id)
    runs: list[bool] = []
    real = packages.import_packages  # type: ignore[attr-defined]

    def counted(*args: object, **kwargs: object) -> object:
        runs.append(bool(kwargs.get("dry_run")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(packages, "import_packages", counted)
    with pytest.raises(packages.UnconfirmedDeployment) as refused:
        packages.check_package(team_vault, package)
    assert runs == [True]  # the kind came with the refusal: no second dry run to learn it
    error = refused.value
    office_keys = public_document(office)
    assert error.reason == "unknown_signer" and error.kind == "deployment" and error.owner == "市委巡察办"
    assert error.fingerprint == office_keys["fingerprint"] and error.device == office_keys["device_id"]
    # Confirmed by the fingerprint the office reads out, the full check passes and still writes nothing.
    result = packages.check_package(team_vault, package, trust_signer=error.fingerprint)
    assert result.kind == "deployment" and result.summary["added"] > 0
    assert team_vault.keys.all_trusted() == [] and team_vault.records.count("team") == 0


def test_an_untrusted_member_package_is_a_plain_refusal(make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    leader, member = make_vault("leader.xcv", owner="组长"), make_vault("member.xcv", owner="组员")
    member.records.save(Unit(name="某县水务局"))
    with pytest.raises(PackageError) as refused:
        packages.check_package(leader, member_package(member, leader, tmp_path / "m.age"))
    assert not isinstance(refused.value, packages.UnconfirmedDeployment)
    assert refused.value.reason == "unknown_signer" and refused.value.kind == "member"
    assert refused.value.owner == "组员"


def test_a_deployment_into_an_office_vault_is_not_offered_for_confirmation(
        office: Vault, make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    other_office = make_vault("office2.xcv", role="office", owner="另一巡察办")
    package = tmp_path / "d.age"
    team = office.records.list("team")[0]
    age_only = parse_recipients(str(public_document(other_office)["age_recipient"]).encode())
    export_package(office, package, age_only, kind="deployment", team=team.id)
    refusal = PackageError("unknown_signer", fingerprint=str(public_document(office)["fingerprint"]),
                           kind="deployment")
    assert not packages.deployment_awaiting_confirmation(other_office, package, refusal)


def test_the_import_job_reports_progress_and_counts_open_conflicts(make_vault: Callable[..., Vault],
                                                                    tmp_path: Path) -> None:
    leader, a, b = (make_vault(f"{n}.xcv", owner=n) for n in ("组长", "组员甲", "组员乙"))
    enrol(leader, a)
    enrol(leader, b)
    a.records.save(Unit(name="甲的单位"))
    b.records.save(Unit(name="乙的单位"))
    paths = [member_package(a, leader, tmp_path / "a.age"), member_package(b, leader, tmp_path / "b.age")]
    seen: list[tuple[int, int]] = []
    outcome = packages.import_packages_job(leader, paths, lambda done, total: seen.append((done, total)))
    assert [r.source_owner for r in outcome.results] == ["组员甲", "组员乙"]
    assert seen[-1] == (2, 2) and seen[0] == (0, 2)
    assert outcome.conflicts == 0 and leader.records.count("unit") == 2


def test_an_import_job_cancelled_by_its_progress_writes_nothing(make_vault: Callable[..., Vault],
                                                                tmp_path: Path) -> None:
    leader, member = make_vault("leader.xcv", owner="组长"), make_vault("member.xcv", owner="组员")
    enrol(leader, member)
    member.records.save(Unit(name="某县水务局"))
    path = member_package(member, leader, tmp_path / "m.age")

    def cancel(done: int, total: int) -> None:
        if done == total:
            raise Cancelled()

    with pytest.raises(Cancelled):
        packages.import_packages_job(leader, [path], cancel)
    assert leader.records.count("unit") == 0 and leader.keys.packages() == []


# --- exporting ------------------------------------------------------------------------------------


def test_what_the_export_dialog_reads_of_an_office_vault(office: Vault, make_vault: Callable[..., Vault]) -> None:
    context = packages.export_context(office)
    assert context.role == "office" and context.owner == "市委巡察办" and context.sent == []
    teams = packages.deployable_teams(office)
    assert teams and all(t.units > 0 and t.members > 0 for t in teams)
    numbers = [t.number for t in teams if t.number is not None]
    assert numbers == sorted(numbers)
    rows = packages.selectable_records(office, packages.SELECTABLE_KINDS["upward"])
    assert {r.kind for r in rows} == {"problem", "lead"}
    assert len([r for r in rows if r.kind == "lead"]) == office.records.count("lead")
    assert len([r for r in rows if r.kind == "problem"]) == office.records.count("problem")
    assert all(len(r.title) <= packages.MAX_TITLE for r in rows)
    lead = next(r for r in rows if r.kind == "lead")
    record = office.records.get(lead.id, Lead)
    assert lead.number == record.number and lead.status == record.status
    problem = next(r for r in rows if r.kind == "problem")
    assert problem.status == office.records.get(problem.id, Problem).heading


def test_run_export_reports_attachment_bytes_and_is_recorded(make_vault: Callable[..., Vault],
                                                             tmp_path: Path) -> None:
    leader, office = make_vault("leader.xcv", owner="组长"), make_vault("office.xcv", role="office", owner="巡察办")
    enrol(leader, office)
    data = b"x" * 300_000
    sha, size = leader.blobs.put_bytes(data)
    leader.records.save(Attachment(filename="a.bin", sha256=sha, size=size))
    assert packages.attachment_bytes(leader) == len(data)
    seen: list[tuple[int, int]] = []
    recipients = packages.export_context(leader).trusted
    from app.exchange.package import Recipient
    result = packages.run_export(leader, tmp_path / "h.age", [Recipient(k.age_recipient, k) for k in recipients],
                                 kind="handoff", progress=lambda done, total: seen.append((done, total)))
    assert result.blobs == 1 and (tmp_path / "h.age").exists()
    assert {total for _done, total in seen} == {len(data)} and seen[-1][0] == len(data)
    assert all(done <= total for done, total in seen)
    sent = packages.export_context(leader).sent
    assert [e.package_id for e in sent] == [result.package_id]
    assert packages.last_sent_to(sent, recipients[0].age_recipient) == sent[0]
    assert packages.last_sent_to(sent, "age1other") is None
    assert packages.last_sent_to(sent, recipients[0].age_recipient, ("deployment",)) is None


def test_a_cancelled_export_leaves_no_file(make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    leader, office = make_vault("leader.xcv", owner="组长"), make_vault("office.xcv", role="office", owner="巡察办")
    leader.records.save(Unit(name="某县水务局"))

    def cancel(_done: int, _total: int) -> None:
        raise Cancelled()

    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "h.age"
    with pytest.raises(Cancelled):
        packages.run_export(leader, target, parse_recipients(keyfile(office)), kind="handoff", progress=cancel)
    assert list((tmp_path / "out").iterdir()) == [] and packages.export_context(leader).sent == []


def test_default_file_name_is_chinese_and_safe() -> None:
    day = dt.date(2024, 5, 6)
    name = packages.default_file_name("deployment", "市委/巡察办", day, "第一 组")
    assert name == "交接包-部署包-市委巡察办-第一组-20240506.xcp"
    assert packages.default_file_name("new-kind", "", day) == "交接包-new-kind-20240506.xcp"


# --- keys -----------------------------------------------------------------------------------------


def test_write_public_keys_writes_the_document_without_a_private_key(vault: Vault, tmp_path: Path) -> None:
    written = tmp_path / "keys.json"
    returned = packages.write_public_keys(vault, written)
    document = json.loads(written.read_text(encoding="utf-8"))
    assert document == public_document(vault) == returned
    with pytest.raises(FileExistsError):  # the command line never writes over a file
        packages.write_public_keys(vault, written, overwrite=False)
    assert "AGE-SECRET-KEY" not in written.read_text(encoding="utf-8")
    assert load_key_file(written.read_bytes()).fingerprint == document["signing_fingerprint"]


# --- what the import screen lists, and what an export carries, as a person counts records ----------


def test_new_records_are_counted_as_added_only_and_listed_with_their_kind_and_title(
        make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    leader, member = make_vault("leader.xcv", owner="组长"), make_vault("member.xcv", owner="组员")
    enrol(leader, member)
    unit = member.records.save(Unit(name="某县水务局"))
    for name in ("张三", "李四", "王五", "赵六", "钱七"):
        member.records.save(Person(name=name, unit_id=unit.id))
    preview = packages.preview_package(leader, member_package(member, leader, tmp_path / "m.xcp"))
    # Six new records: six added and none changed (the merge report lists their fields as changed).
    assert preview.result.summary["added"] == 6 and preview.result.summary["changed"] == 0
    assert preview.counts == packages.ChangeCounts(6, 0, 0, ())
    assert preview.complete and {r.change for r in preview.rows} == {packages.ADDED}
    assert [(r.kind, r.title) for r in preview.rows][:1] == [("unit", "某县水务局")]
    people = sorted(["张三", "李四", "王五", "赵六", "钱七"])
    assert sorted(r.title for r in preview.rows if r.kind == "person") == people
    assert leader.records.count("person") == 0  # the dry run left the vault as it was


def test_the_preview_lists_changed_fields_and_conflicts(make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    leader, member = make_vault("leader.xcv", owner="组长"), make_vault("member.xcv", owner="组员")
    enrol(leader, member)
    unit = member.records.save(Unit(name="某县水务局"))
    person = member.records.save(Person(name="张三", unit_id=unit.id, post="科员"))
    packages.import_packages_job(leader, [member_package(member, leader, tmp_path / "m1.xcp")])
    # Both change the post of 张三 without seeing each other's change; the member also renames the unit.
    leader.records.save(dataclasses.replace(leader.records.get(person.id), post="副科长"))
    member.records.save(dataclasses.replace(member.records.get(person.id), post="科长"))
    member.records.save(dataclasses.replace(member.records.get(unit.id), name="某县水利局"))
    path = tmp_path / "m2.xcp"
    export_package(member, path, parse_recipients(keyfile(leader)), kind="member", incremental=True)
    preview = packages.preview_package(leader, path)
    rows = {(r.change, r.kind, r.title): r.fields for r in preview.rows}
    assert rows[(packages.CONFLICT, "person", "张三")] == ("post",)
    assert rows[(packages.CHANGED, "unit", "某县水利局")] == ("name",)
    assert preview.counts.added == 0 and preview.counts.changed == 1 and preview.counts.conflicts == 1
    assert [r.change for r in preview.rows] == [packages.CONFLICT, packages.CHANGED]  # conflicts first


def test_a_deployment_counts_records_apart_from_vocabulary_and_links(
        office: Vault, make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    team_vault = make_vault("team.xcv", owner="第一巡察组组长")
    enrol(team_vault, office)
    team = office.records.list("team")[0]
    path = tmp_path / "d.xcp"
    exported = packages.run_export(office, path, parse_recipients(keyfile(team_vault)), kind="deployment",
                                   team=team.id)
    contents = packages.package_contents(exported.kinds)
    others = dict(contents.others)
    assert others["vocab"] > 0 and "vocab" not in dict(contents.by_kind)
    assert contents.records == exported.records - sum(others.values())
    assert dict(contents.by_kind)["team"] == 1 and dict(contents.by_kind)["unit"] > 0
    preview = packages.preview_package(team_vault, path)
    assert preview.counts.added == contents.records  # into an empty vault every record is new
    # The vocabulary every vault is seeded with is there already: it is carried but changes nothing.
    assert "vocab" not in dict(preview.counts.others)
    assert all(r.kind in packages.PERSON_KINDS for r in preview.rows)
    # The ledger keeps the counts per kind: the export panel words the last package the same way.
    assert office.keys.packages("out")[-1].report["kinds"] == exported.kinds


def test_a_package_imported_before_says_when(make_vault: Callable[..., Vault], tmp_path: Path) -> None:
    leader, member = make_vault("leader.xcv", owner="组长"), make_vault("member.xcv", owner="组员")
    enrol(leader, member)
    member.records.save(Unit(name="某县水务局"))
    path = member_package(member, leader, tmp_path / "m.xcp")
    packages.import_packages_job(leader, [path])
    with pytest.raises(PackageError) as again:
        packages.preview_package(leader, path)
    imported = leader.keys.packages("in")[0]
    assert again.value.reason == "replay" and again.value.imported_at == imported.at
    assert again.value.kind == "member" and again.value.owner == "组员"


def test_package_files_are_named_xcp_and_old_age_files_are_still_offered() -> None:
    name = packages.default_file_name("member", "组员", dt.date(2024, 5, 1))
    assert name == "交接包-组员包-组员-20240501.xcp"
    assert packages.IMPORT_SUFFIXES == (".xcp", ".age")


def test_counts_of_a_summary_written_before_the_counts_per_kind() -> None:
    assert packages.change_counts({"added": 3, "changed": 2, "conflicts": 1}) == packages.ChangeCounts(3, 2, 1)
