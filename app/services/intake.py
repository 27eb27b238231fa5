"""Importing units, rosters and checklist templates from Excel, as the window and the command line
do it; free of Qt (docs/intake.md).

A workbook is read and checked first, without the vault (:func:`read`: a refused file never needs
the passphrase), then planned against the vault (:func:`plan`: what each row would do, nothing
written) and committed (:func:`commit`: planned again on the vault as it is then, saved in one
transaction with one journal entry). Each takes ``progress`` (app/domain/jobs.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.domain.jobs import Progress
from app.domain.records import Round, Unit
from app.exchange.xlsx.intake import (
    REJECTED,
    IntakePlan,
    SheetRead,
    commit_intake,
    find_unit,
    kinds_written,
    plan_intake,
    read_workbook,
)
from app.services.rounds import RoundChoice
from app.services.rounds import rounds as rounds
from app.storage.vault import Vault

__all__ = ["REJECTED", "IntakePlan", "RoundChoice", "SheetRead", "UnitChoice", "commit", "find_unit", "kinds_written",
           "plan", "preview", "read", "rounds", "units"]


@dataclass(frozen=True)
class UnitChoice:
    """A unit a roster can belong to, as a chooser lists it."""

    id: str
    label: str


def units(vault: Vault) -> list[UnitChoice]:
    """Every unit, by label: where a roster's people go when the sheet does not say. With several
    rounds, each label says its round (unit names repeat every round)."""
    titles = {r.id: r.label() for r in vault.records.iter(Round)}
    out = []
    for unit in vault.records.iter(Unit):
        label = unit.label()
        if len(titles) > 1 and unit.round_id in titles:
            label = f"{label}（{titles[unit.round_id]}）"
        out.append(UnitChoice(unit.id, label))
    return sorted(out, key=lambda u: u.label)


def read(path: str | Path, as_kind: str, *, sheet: str | None = None, progress: Progress | None = None) -> SheetRead:
    """Check the workbook and read its table (``as_kind``: units, roster or checklist); IntakeError
    when the file is refused. ``progress`` is told (sheet row, 0) as rows are read."""
    return read_workbook(path, as_kind, sheet=sheet, progress=progress)


def plan(vault: Vault, sheet: SheetRead, *, unit_id: str | None = None, round_id: str | None = None,
         progress: Progress | None = None) -> IntakePlan:
    """What importing ``sheet`` would do to the vault, row by row; nothing is written. ``round_id``:
    the round a units list (or a roster's units) belongs to; a vault of several rounds needs it."""
    return plan_intake(vault, sheet, unit_id=unit_id, round_id=round_id, progress=progress)


def preview(vault: Vault, path: str | Path, as_kind: str, *, unit_id: str | None = None,
            round_id: str | None = None, progress: Progress | None = None) -> IntakePlan:
    """:func:`read` then :func:`plan`, as the window's preview does in one job."""
    return plan(vault, read(path, as_kind, progress=progress), unit_id=unit_id, round_id=round_id,
                progress=progress)


def commit(vault: Vault, sheet: SheetRead, *, unit_id: str | None = None, round_id: str | None = None,
           progress: Progress | None = None) -> IntakePlan:
    """Plan again on the vault as it is now and save the accepted rows, with one "intake-xlsx"
    journal entry; returns the plan carried out (``committed`` set)."""
    return commit_intake(vault, sheet, unit_id=unit_id, round_id=round_id, progress=progress)
