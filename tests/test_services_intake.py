"""app/services/intake.py on a vault: the units list, preview (read + plan), commit, progress and
cancel, with the example workbooks of resources/examples (docs/intake.md)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.domain.jobs import Cancelled
from app.domain.records import Person, Unit
from app.exchange.xlsx import intake_examples as ex
from app.exchange.xlsx.intake import NEW, REJECTED, SAME, UPDATE
from app.services import intake
from app.storage.vault import Vault

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"


def head(vault: Vault) -> int:
    entries = vault.journal.entries(limit=1)
    return entries[0].seq if entries else 0


def test_units_are_listed_by_label(vault: Vault) -> None:
    for name in ("乙局", "甲局", "丙局"):
        vault.records.save(Unit(name=name))
    units = intake.units(vault)
    assert [u.label for u in units] == sorted(["乙局", "甲局", "丙局"])
    assert {u.id for u in units} == {u.id for u in vault.records.list(Unit)}


def test_preview_writes_nothing_and_commit_saves_the_accepted_rows_once(vault: Vault) -> None:
    before = head(vault)
    plan = intake.preview(vault, EXAMPLES / ex.UNITS_FILE, "units")
    assert (plan.count(NEW), plan.count(REJECTED)) == (5, 1) and not plan.committed
    assert vault.records.count("unit") == 0 and head(vault) == before

    done = intake.commit(vault, plan.read)
    assert done.committed and done.count(NEW) == 5
    assert vault.records.count("unit") == 5
    entry = vault.journal.entries(limit=1)[0]
    assert entry.action == "intake-xlsx" and entry.detail["new"] == 5 and entry.detail["rejected"] == 1
    again = intake.commit(vault, intake.read(EXAMPLES / ex.UNITS_FILE, "units"))
    assert again.count(NEW) == again.count(UPDATE) == 0 and again.count(SAME) == 5
    assert intake.kinds_written("units") == ("unit", "person")


def test_a_roster_goes_to_the_chosen_unit(vault: Vault) -> None:
    intake.commit(vault, intake.read(EXAMPLES / ex.UNITS_FILE, "units"))
    unit = intake.find_unit(vault, ex.ROSTER_UNIT)
    plan = intake.commit(vault, intake.read(EXAMPLES / ex.ROSTER_FILE, "roster"), unit_id=unit.id)
    assert plan.unit_label == ex.ROSTER_UNIT and plan.count(NEW) == 6
    people = [p for p in vault.records.list(Person) if p.unit_id == unit.id]
    assert len(people) == 6 + 1  # the roster's new people and the leader the list of units named


def test_progress_reports_reading_then_planning_and_a_cancel_in_the_plan_writes_nothing(
        vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "名册.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "职务"])
    for i in range(1200):
        ws.append([f"人{i}", "科员"])
    wb.save(path)
    vault.records.save(Unit(name="某局"))
    unit_id = vault.records.list(Unit)[0].id
    seen: list[tuple[int, int]] = []
    plan = intake.preview(vault, path, "roster", unit_id=unit_id, progress=lambda d, t: seen.append((d, t)))
    assert plan.count(NEW) == 1200
    reading = [d for d, t in seen if t == 0]
    planning = [d for d, t in seen if t]
    assert reading == [501, 1001]  # sheet rows, every 500 under the header
    assert planning == list(range(0, 1200, 200)) and {t for _, t in seen if t} == {1200}

    before = head(vault)

    def stop(done: int, total: int) -> None:
        if total and done >= 400:
            raise Cancelled()

    with pytest.raises(Cancelled):
        intake.commit(vault, plan.read, unit_id=unit_id, progress=stop)
    assert vault.records.count("person") == 0 and head(vault) == before
