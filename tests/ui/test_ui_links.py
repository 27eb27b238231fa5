"""The editor's 关联记录 box (app/ui/records/links.py): link by search, unlink, 新建并关联, both sides."""

from __future__ import annotations

from app.domain.records import Lead, Link
from app.services import links
from app.ui.main_window import MainWindow
from app.ui.records.editor import RecordEditor
from app.ui.records.links import LinkPicker
from tests.ui.conftest import Sample


def open_editor(window: MainWindow, record_id: str) -> RecordEditor:
    window.open_record("", record_id)
    return window.editors[record_id]


def texts(editor: RecordEditor) -> list[str]:
    return [editor.links.item(i).text() for i in range(editor.links.count())]


def pick(picker: LinkPicker, text: str, label: str) -> None:
    picker.search.setText(text)
    picker.query()  # what the timer does after the last key
    rows = [i for i, c in enumerate(picker.candidates) if c.label == label]
    assert rows, [c.label for c in picker.candidates]
    picker.list.setCurrentRow(rows[0])


def test_linking_a_lead_to_an_interview_by_search_shows_on_both_sides(window: MainWindow, sample: Sample) -> None:
    interview = open_editor(window, sample.interviews[1].id)
    lead_editor = open_editor(window, sample.lead.id)
    assert texts(interview) == [] and texts(lead_editor) == ["线索来源 · 谈话记录：T-000"]

    picker = interview.links_box.add_link()
    assert picker is not None and picker.candidates  # the records it may be linked to, before any typing
    kinds = [c.kind for c in picker.candidates]
    assert kinds.index("lead") < kinds.index("interview")  # the chain before merely related records
    pick(picker, "钱处长", "XS-001")
    offered = [picker.relation.itemText(i) for i in range(picker.relation.count())]
    assert offered == ["引出线索", "佐证对象", "相关"]  # as the kinds allow, read from the interview
    picker.accept()

    assert texts(interview) == ["引出线索 · 问题线索：XS-001"]
    assert texts(lead_editor) == ["线索来源 · 谈话记录：T-000", "线索来源 · 谈话记录：T-001"]  # reloaded
    [made] = [v for v in links.links_of(sample.vault, sample.lead.id) if v.other_id == sample.interviews[1].id]
    assert (made.relation, made.outgoing) == ("引出线索", False)


def test_the_relation_offered_follows_the_kinds(window: MainWindow, sample: Sample) -> None:
    lead = open_editor(window, sample.lead.id)
    picker = lead.links_box.add_link()
    assert picker is not None
    pick(picker, "T-001", "T-001")
    assert [picker.relation.itemText(i) for i in range(picker.relation.count())] == ["线索来源", "佐证材料", "相关"]
    picker.set_relation("佐证材料")
    picker.accept()
    assert "佐证材料 · 谈话记录：T-001" in texts(lead)
    stored = [v for v in links.links_of(sample.vault, sample.lead.id) if v.relation == "佐证材料"]
    assert [(v.outgoing, v.other_id) for v in stored] == [(True, sample.interviews[1].id)]


def test_unlinking_asks_and_leaves_a_tombstone(window: MainWindow, sample: Sample) -> None:
    interview = open_editor(window, sample.interviews[0].id)
    lead = open_editor(window, sample.lead.id)
    box = interview.links_box
    asked: list[str] = []
    box.confirm_unlink = lambda view: asked.append(view.other_label) is None and False
    box.list.setCurrentRow(0)
    assert box.unlink() is None and asked == ["XS-001"] and texts(interview)  # declined: kept

    box.confirm_unlink = lambda view: True
    box.unlink()
    assert texts(interview) == [] and texts(lead) == []
    gone = [r for r in sample.vault.records.list(Link, include_deleted=True) if r.dst_id == sample.lead.id]
    assert len(gone) == 1 and gone[0].deleted


def test_new_and_link_opens_a_prefilled_editor_that_links_when_saved(window: MainWindow, sample: Sample) -> None:
    interview = open_editor(window, sample.interviews[1].id)
    box = interview.links_box
    actions = {a.data(): a for a in box.new_menu.actions()}
    assert list(actions) == ["lead"] and actions["lead"].text() == "新建问题线索（引出线索）"
    before = set(window.editors.values())
    actions["lead"].trigger()
    [new] = [e for e in window.editors.values() if e not in before]
    assert not new.record.id and new.inputs["unit_id"].value() == sample.unit.id
    assert new.inputs["team_id"].value() == sample.team.id and new.inputs["source"].value() == "个别谈话"
    assert new.inputs["summary"].value() == sample.interviews[1].summary
    assert "T-001" in new.status.text() and "线索来源" in new.status.text()

    new.inputs["subject_name"].set_value("孙科长")
    new.save()
    assert new.record.id and isinstance(new.record, Lead)
    assert texts(new) == ["线索来源 · 谈话记录：T-001"]
    assert texts(interview) == ["引出线索 · 问题线索：孙科长"]  # the source's editor reloaded
    new.save()  # a second save makes no second link
    assert len(links.links_of(sample.vault, new.record.id)) == 1


def test_a_lead_offers_a_paper_and_a_handover(window: MainWindow, sample: Sample) -> None:
    lead = open_editor(window, sample.lead.id)
    offered = [a.text() for a in lead.links_box.new_menu.actions()]
    assert offered == ["新建问题底稿（形成底稿）", "新建问题线索移交（移交记录）"]
    assert lead.links_box.new_button.isVisibleTo(lead)
    person = open_editor(window, sample.people[0].id)
    assert not person.links_box.new_button.isVisibleTo(person)  # nothing to make from a roster entry
    assert not person.links_box.add_button.isVisibleTo(person)
