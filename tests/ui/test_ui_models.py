"""RecordTableModel and its proxy: model consistency, sorting, filtering, 30,000 rows."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt

from app.domain.records import KINDS, Interview
from app.ui.records.models import (
    IdRole,
    RecordFilterProxy,
    RecordRole,
    RecordTableModel,
    SortRole,
    default_list_fields,
    list_fields,
)


def interview_model(sample) -> RecordTableModel:
    model = RecordTableModel(KINDS["interview"])
    labels = {u.id: u.name for u in [sample.unit]}
    model.set_ref_labels(labels)
    model.set_records(sample.vault.records.list("interview"))
    return model


def test_modeltester_on_real_records(qtmodeltester, sample) -> None:
    model = interview_model(sample)
    assert model.rowCount() == 2
    qtmodeltester.check(model)
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_modeltester_on_every_kind_with_all_fields(qtmodeltester, sample) -> None:
    for kind in ("round", "team", "member", "unit", "person", "interview", "lead"):
        spec = KINDS[kind]
        model = RecordTableModel(spec, fields=spec.fields)  # every field type, REFS and ROWS included
        model.set_records(sample.vault.records.list(kind))
        qtmodeltester.check(model)


def test_columns_headers_and_roles(sample) -> None:
    model = interview_model(sample)
    spec = KINDS["interview"]
    assert [f.name for f in model.fields] == [f.name for f in list_fields(spec)]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:2] == ["谈话编号", "谈话对象"]
    unit_col = [f.name for f in model.fields].index("unit_id")
    time_col = [f.name for f in model.fields].index("time")
    assert model.index(0, unit_col).data() == "市水务局"  # REF shows the referenced record's label
    assert model.index(0, time_col).data() == "2024-03-10 09:30"
    assert model.index(0, time_col).data(SortRole) == "2024-03-10T09:30"
    assert isinstance(model.index(0, 0).data(RecordRole), Interview)
    assert model.index(0, 0).data(IdRole) == sample.interviews[0].id
    default = default_list_fields(KINDS["setting"])
    assert [f.name for f in default] == ["key", "value"]


def test_update_record_emits_data_changed_and_appends_new(qtbot, sample) -> None:
    model = interview_model(sample)
    changed = dataclasses.replace(sample.interviews[1], interviewee="新名字")
    with qtbot.waitSignal(model.dataChanged) as blocker:
        row = model.update_record(changed)
    assert blocker.args[0].row() == row == model.row_of(changed.id)
    assert model.index(row, 1).data() == "新名字"
    new = Interview(id="0190aaaa-0000-7000-8000-000000000001", interviewee="新谈话对象")
    with qtbot.waitSignal(model.rowsInserted):
        assert model.update_record(new) == 2
    assert model.remove_record(new.id) and model.rowCount() == 2


def make_interviews(n: int) -> list[Interview]:
    base = dt.datetime(2024, 1, 1, 9, 0)
    return [Interview(id=f"id-{i:06d}", number=f"T-{i:05d}", interviewee=f"谈话对象{i % 977}",
                      post="科长" if i % 3 else "处长", time=base + dt.timedelta(minutes=37 * i),
                      kind="必谈" if i % 2 else "选谈", status="草稿",
                      summary="关于工程项目的情况反映" * 5)
            for i in range(n)]


def test_thirty_thousand_rows_load_sort_and_filter(qtmodeltester) -> None:
    # Speed is measured by bench/ (shared machines are noisy); this checks the behaviour at size.
    records = make_interviews(30_000)
    model = RecordTableModel(KINDS["interview"])
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    model.set_records(records)
    assert proxy.rowCount() == 30_000

    proxy.sort(1, Qt.SortOrder.DescendingOrder)  # by interviewee
    names = [proxy.index(r, 1).data() for r in range(5)]
    assert names == sorted(names, reverse=True)

    proxy.set_filter_text("谈话对象97")
    assert 0 < proxy.rowCount() < 30_000
    assert all("谈话对象97" in proxy.index(r, 1).data() for r in range(proxy.rowCount()))


def test_sort_keeps_persistent_indexes_on_their_record(sample) -> None:
    model = interview_model(sample)
    from PySide6.QtCore import QPersistentModelIndex

    first = QPersistentModelIndex(model.index(0, 0))
    first_id = model.index(0, 0).data(IdRole)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert first.data(IdRole) == first_id and first.row() == 1


def test_filter_is_case_insensitive_over_all_columns(sample) -> None:
    model = interview_model(sample)
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("t-001")
    assert proxy.rowCount() == 1
    proxy.set_filter_text("水务")  # a REF column's label
    assert proxy.rowCount() == 2
    proxy.set_filter_text("")
    assert proxy.rowCount() == 2
    model.clear()
    assert proxy.rowCount() == 0
