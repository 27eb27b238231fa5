"""Lists and pickers are never stale (issue 12 item 10): one change signal from the worker.

Whatever service an op calls, the executor reports what it wrote (app/services/records.py ``Changes``)
and the window shows it: the open list of that kind, the documents page's choices, every open editor's
pickers; an import reaches every list.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.domain.records import CHECK_KINDS, Member, Unit
from app.exchange.package import export_package, parse_recipients, public_document
from app.services import packages, records
from app.services.records import CHANGE_DETAIL, Changes, change_mark, changes_since
from app.storage.vault import Vault
from app.ui.main_window import MainWindow
from app.ui.records.editor import RecordEditor
from app.ui.records.inputs import RefInput, RefsInput
from app.ui.tasks import DbExecutor, Op
from tests.ui.conftest import Sample, enrol


def open_new(window: MainWindow, kind: str) -> RecordEditor:
    window.open_record(kind, "")
    editors = [e for e in window.editors.values() if not e.record.id and e.spec.name == kind]
    assert editors, "editor did not open"
    return editors[-1]


def test_changes_name_the_kinds_and_ids_written(sample: Sample) -> None:
    vault = sample.vault
    mark = change_mark(vault)
    assert not changes_since(vault, mark)  # nothing written: nothing to say
    unit = vault.records.save(Unit(name="新设的单位", team_id=sample.team.id))
    vault.records.delete(sample.lead.id)
    changes = changes_since(vault, mark)
    assert changes.kinds == {"unit", "lead"} and changes.detailed
    assert changes.ids_of("unit") == {unit.id} and changes.ids_of("lead") == {sample.lead.id}
    assert changes.touches(["lead", "paper"]) and not changes.touches(["paper"])
    # more writes than can be named one by one: every kind counts as changed
    vault.records.save_many(Member(name=f"组员{i}", team_id=sample.team.id) for i in range(CHANGE_DETAIL // 3))
    many = changes_since(vault, mark)
    assert not many.detailed and many.ids_of("member") is None and set(CHECK_KINDS) <= many.kinds


def test_the_worker_reports_what_an_op_wrote_after_its_callbacks(executor: DbExecutor, sample: Sample) -> None:
    executor.set_vault(sample.vault)
    heard: list[Changes] = []
    order: list[str] = []
    executor.records_changed.connect(lambda c: (heard.append(c), order.append("changed")))
    Op(None, lambda task: records.load_list(task.vault, "unit"), executor=executor).start()
    assert heard == []  # a read says nothing
    (Op(None, lambda task: records.delete_records(task.vault, [sample.lead.id]), executor=executor)
     .on_success(lambda _ids: order.append("done")).start())
    assert [c.kinds for c in heard] == [{"lead"}] and order == ["done", "changed"]


def test_saving_in_an_editor_refreshes_the_open_list_and_the_documents_choices(
        qtbot, window: MainWindow, sample: Sample) -> None:
    window.show()
    window.show_page("reports")
    reports = window.reports_page
    reports.set_document("feedback")
    assert reports.loaded and reports.subject_model.rowCount() == 1
    page = window.show_list("unit")
    assert page.isVisible() and page.loaded and page.model.rowCount() == 1
    interview_editor = open_new(window, "interview")  # its 被巡察单位 picker, open meanwhile
    picker = interview_editor.inputs["unit_id"]
    assert isinstance(picker, RefInput) and picker.combo.findData(sample.unit.id) > 0

    editor = open_new(window, "unit")
    editor.inputs["name"].set_value("县粮食局")
    editor.save()
    saved = editor.record
    assert saved.id and sample.vault.records.get(saved.id).label() == "县粮食局"
    assert page.model.rowCount() == 2 and page.model.row_of(saved.id) is not None  # the open list
    assert reports.subject_model.row_of(saved.id) >= 0  # the documents page's unit choices
    assert picker.combo.findData(saved.id) > 0  # the open editor's picker

    # a deletion from the list reaches the documents page too, and the chosen unit stays chosen
    assert reports.select_subject(sample.unit.id)
    page.confirm = lambda _text: True
    page.view.selectRow(page.proxy.mapFromSource(page.model.index(page.model.row_of(saved.id) or 0, 0)).row())
    page.delete_selected()
    assert page.model.row_of(saved.id) is None and reports.subject_model.row_of(saved.id) < 0
    assert reports.current_subject() is not None and reports.current_subject().id == sample.unit.id  # type: ignore[union-attr]
    assert picker.combo.findData(saved.id) < 0


def test_a_new_member_reaches_an_open_interview_editor(window: MainWindow, sample: Sample) -> None:
    editor = open_new(window, "interview")
    refs = editor.inputs["interviewers"]
    assert isinstance(refs, RefsInput)
    refs.check(sample.members[0].id)
    member = open_new(window, "member")
    member.inputs["name"].set_value("新到的组员")
    member.inputs["team_id"].set_value(sample.team.id)
    member.inputs["role"].set_value("组员")
    member.save()
    assert member.record.id, member.banner.text()
    assert member.record.id in refs.labels() and refs.labels()[member.record.id].startswith("新到的组员")
    assert refs.value() == [sample.members[0].id]  # what was checked stays checked


def test_an_import_refreshes_every_list(qtbot, sample: Sample, make_vault, open_window, tmp_path: Path) -> None:
    team = sample.vault
    office = make_vault("office.xcv", role="office", owner="巡察办")
    enrol(office, team)
    target = tmp_path / "handoff.age"
    export_package(team, target, parse_recipients(json.dumps(public_document(office)).encode()), kind="handoff")

    window = open_window(office)
    window.show()
    window.show_page("interview")
    for page in window.list_pages.values():
        page.ensure_loaded()
        assert page.model.rowCount() == 0
    assert window.overview.data is not None and window.overview.data.counts["interviews"] == 0

    Op(None, lambda task: packages.import_packages_job(task.vault, [target]), executor=window.executor).start()

    def shown(vault: Vault, kind: str) -> int:
        return vault.records.count(kind)

    assert window.list_pages["interview"].model.rowCount() == shown(office, "interview") == 2  # on screen
    for kind, page in window.list_pages.items():
        page.ensure_loaded()  # a list behind the one shown reads again when shown
        assert page.model.rowCount() == shown(office, kind), kind
    window.show_page("overview")
    assert window.overview.data is not None and window.overview.data.counts["interviews"] == 2


def test_the_search_page_runs_its_query_again_when_records_change(window: MainWindow, sample: Sample) -> None:
    window.show_search()
    page = window.search_page
    page.query.setText("围标")
    page._timer.timeout.emit()
    assert page.status.text() == "找到 2 条，分属 1 类记录"
    # A lead saved elsewhere in the window (an editor's save): the results shown count it at once.
    editor = open_new(window, "lead")
    editor.inputs["summary"].set_value("反映某项目围标")
    editor.inputs["subject_name"].set_value("孙科长")
    editor.inputs["source"].set_value("个别谈话")
    editor.save()
    assert editor.record.id, editor.banner.text()
    assert page.status.text() == "找到 3 条，分属 2 类记录"
    # A deletion through the worker (any op): gone from the results.
    Op(None, lambda task: records.delete_records(task.vault, [sample.interviews[0].id]),
       executor=window.executor).start()
    assert page.status.text() == "找到 2 条，分属 2 类记录"
    assert sample.interviews[0].id not in {h.record_id for h in page.grouped.hits()}


def test_an_open_editors_links_box_reads_links_made_anywhere(window: MainWindow, sample: Sample) -> None:
    window.open_record("lead", sample.lead.id)
    editor = window.editors[sample.lead.id]
    assert [v.other_id for v in editor.links_box.views] == [sample.interviews[0].id]
    # The second interview is linked to the lead by an op that is not this editor's (another editor, a merge).
    from app.services import links

    Op(None, lambda task: links.link_records(task.vault, sample.interviews[1].id, sample.lead.id, "引出线索"),
       executor=window.executor).start()
    assert {v.other_id for v in editor.links_box.views} == {sample.interviews[0].id, sample.interviews[1].id}
    assert editor.links_box.list.count() == 2
    link = next(v for v in editor.links_box.views if v.other_id == sample.interviews[1].id)
    Op(None, lambda task: links.unlink(task.vault, link.link_id), executor=window.executor).start()
    assert [v.other_id for v in editor.links_box.views] == [sample.interviews[0].id]
