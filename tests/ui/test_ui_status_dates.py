"""A lead's (and a rectification item's) status states a fact with its date: the editor shows the
fields, and a save that lacks them is refused with the store's reason in the banner, the input kept
(docs/domain.md §3.6)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.records import Lead, Rectification
from app.domain.vocab import SEED
from app.ui.main_window import MainWindow
from app.ui.records.editor import RecordEditor
from app.ui.records.inputs import ChoiceInput, DateInput
from tests.ui.conftest import Sample


def lead_editor(window: MainWindow, sample: Sample) -> RecordEditor:
    window.open_record("lead", sample.lead.id)
    return window.editors[sample.lead.id]


def set_fields(editor: RecordEditor, **values: object) -> None:
    for name, value in values.items():
        editor.inputs[name].set_value(value)
    editor._mark_dirty()


def test_the_lead_editor_offers_the_transfer_target_and_the_closing_fields(window: MainWindow,
                                                                          sample: Sample) -> None:
    editor = lead_editor(window, sample)
    target = editor.inputs["transfer_to"]
    assert isinstance(target, ChoiceInput)
    offered = [target.combo.itemData(i) for i in range(target.combo.count())]
    assert offered[1:] == list(SEED["handover_target"][2])  # after "(未选)": the vocabulary, not free text
    result = editor.inputs["result"]
    assert isinstance(editor.inputs["closed_at"], DateInput) and isinstance(result, ChoiceInput)
    assert [result.combo.itemData(i) for i in range(1, result.combo.count())] == list(SEED["lead_result"][2])
    result.set_value("移交前已口头批评")  # free text written before schema version 7 is kept, not lost
    assert result.value() == "移交前已口头批评"
    labels = [editor.form.labelForField(editor.inputs[n]).text() for n in ("transfer_to", "closed_at", "result")]
    assert labels == ["移交对象", "办结时间", "办理结果"]


@pytest.mark.parametrize(("status", "filled", "reasons"), [
    ("已移交", {}, ["须填写移交时间", "须选择移交对象"]),
    ("已移交", {"transfer_to": "纪委监委"}, ["须填写移交时间"]),
    ("已反馈", {}, ["须填写反馈时间"]),
    ("已了结", {"closed_at": dt.date(2024, 7, 1)}, ["须填写办理结果"]),
    ("已了结", {}, ["须填写办结时间", "须填写办理结果"]),
])
def test_a_status_without_its_dates_is_a_clear_message_not_a_crash(window: MainWindow, sample: Sample, status: str,
                                                                   filled: dict[str, object],
                                                                   reasons: list[str]) -> None:
    editor = lead_editor(window, sample)
    set_fields(editor, status=status, **filled)
    editor.save()
    banner = editor.banner.text()
    assert not editor.banner.isHidden() and "不符合工作规则" in banner and all(r in banner for r in reasons)
    assert editor.status.text() == "未保存" and editor.dirty and editor.inputs["status"].value() == status
    stored = sample.vault.records.get(sample.lead.id, Lead)
    assert stored.status == "待研判"  # type: ignore[attr-defined]

    # Filling what the status states saves it.
    set_fields(editor, transfer_to="纪委监委", transferred_at=dt.date(2024, 6, 1), feedback_at=dt.date(2024, 6, 20),
               closed_at=dt.date(2024, 7, 1), result="组织处理")
    editor.save()
    assert editor.banner.isHidden() and not editor.dirty
    assert sample.vault.records.get(sample.lead.id, Lead).status == status  # type: ignore[attr-defined]


def test_a_rectification_item_closed_out_needs_its_date(window: MainWindow, sample: Sample) -> None:
    item = sample.vault.records.save(Rectification(title="规范公务接待", measures="修订制度", status="整改中"))
    window.open_record("rectification", item.id)
    editor = window.editors[item.id]
    set_fields(editor, status="已销号")
    editor.save()
    assert "须填写销号时间" in editor.banner.text() and editor.dirty
    assert sample.vault.records.get(item.id, Rectification).status == "整改中"  # type: ignore[attr-defined]
