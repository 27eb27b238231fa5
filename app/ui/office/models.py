"""Table models of the office's pages: a round's units with their conflicts (规划) and its teams with
their readiness to deploy (部署), from app/services/round_views.py; and the filter of the units.

Every text shown comes from records (unit and team names, reasons naming people); the views show
it as item data, which Qt never reads as markup, and tooltips go through ``plain_tip``. The models'
own words are translated once per load (:meth:`Words.load`), not once per cell painted: 837 units
repainted on every scroll would otherwise ask the translators tens of thousands of times.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from app.services.round_views import DeployTeam, PlanUnit, UnitConflict
from app.ui.records.models import RowsModel, SortRole
from app.ui.widgets.collation import less
from app.ui.widgets.plain import plain_tip

Index = QModelIndex | QPersistentModelIndex

#: Text colours: a hard conflict and a team not ready; a ready team.
HARD_COLOUR, READY_COLOUR, SOFT_COLOUR = "#b3261e", "#2e6b45", "#8a5a00"
READY_MARK, NOT_READY_MARK = "✓", "✗"
#: The most characters of a reasons cell (the tooltip and the detail pane have all of them).
CELL_CHARS = 160


def _cut(text: str, limit: int = CELL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


class PlanUnitsModel(RowsModel[PlanUnit]):
    """The round's units: 被巡察单位, 单位层级, 属地, 巡察方式, 承担巡察组, 冲突."""

    CONFLICTS = 5

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: dict[str, str] = {}

    def columns(self) -> tuple[str, ...]:
        return (self.tr("被巡察单位"), self.tr("单位层级"), self.tr("属地"), self.tr("巡察方式"),
                self.tr("承担巡察组"), self.tr("冲突"))

    def set_rows(self, rows: Iterable[PlanUnit]) -> None:
        self._words = {"hard": self.tr("硬冲突·{0}：{1}"), "soft": self.tr("软冲突·{0}（{1}）：{2}"),
                       "ack": self.tr("已确认"), "open": self.tr("未确认"), "unassigned": self.tr("（未分配）")}
        super().set_rows(rows)

    def conflict_text(self, conflict: UnitConflict) -> str:
        """One conflict as a person reads it: hard or soft (acknowledged or not), what and why."""
        words = self._words or {"hard": "硬冲突·{0}：{1}", "soft": "软冲突·{0}（{1}）：{2}", "ack": "已确认",
                                "open": "未确认"}
        if conflict.hard:
            return words["hard"].format(conflict.label, conflict.reason)
        state = words["ack"] if conflict.acknowledged else words["open"]
        return words["soft"].format(conflict.label, state, conflict.reason)

    def conflicts_text(self, unit: PlanUnit, separator: str = "；") -> str:
        return separator.join(self.conflict_text(c) for c in unit.conflicts)

    def row_of(self, unit_id: str) -> int | None:
        return next((i for i, u in enumerate(self._rows) if u.unit_id == unit_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        unit, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            if column == self.CONFLICTS:
                if role == SortRole:  # hard first, then open soft ones, then acknowledged ones
                    return unit.hard * 10_000 + unit.soft_open * 100 + len(unit.conflicts)
                return _cut(self.conflicts_text(unit))
            return (unit.name, unit.unit_level, unit.jurisdiction, unit.mode,
                    unit.team_name or self._words.get("unassigned", ""), "")[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == self.CONFLICTS and unit.conflicts:
            return QBrush(QColor(HARD_COLOUR if unit.hard else SOFT_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.CONFLICTS and unit.conflicts:
            return plain_tip(self.conflicts_text(unit, "\n"))
        return None


class PlanFilter(QSortFilterProxyModel):
    """The units of one team, one mode, with conflicts only, or whose text holds a word; sorted by column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.team = ""
        self.mode = ""
        self.conflicts_only = False
        self.text = ""

    def set_filter(self, *, team: str | None = None, mode: str | None = None, conflicts_only: bool | None = None,
                   text: str | None = None) -> None:
        self.beginFilterChange()
        if team is not None:
            self.team = team
        if mode is not None:
            self.mode = mode
        if conflicts_only is not None:
            self.conflicts_only = conflicts_only
        if text is not None:
            self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt override
        source = self.sourceModel()
        if not isinstance(source, PlanUnitsModel) or source_parent.isValid():
            return True
        unit = source.row(source_row)
        if self.team and unit.team_name != self.team:
            return False
        if self.mode and unit.mode != self.mode:
            return False
        if self.conflicts_only and not unit.conflicts:
            return False
        if self.text:
            words = "\t".join((unit.name, unit.unit_level, unit.jurisdiction, unit.team_name,
                               *(c.reason for c in unit.conflicts)))
            return self.text in words.casefold()
        return True

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802 - Qt override
        a, b = left.data(SortRole), right.data(SortRole)
        if isinstance(a, str) and isinstance(b, str):
            return less(a, b)
        if isinstance(a, int) and isinstance(b, int):
            return a < b
        return super().lessThan(left, right)

    def unit(self, row: int) -> PlanUnit | None:
        source = self.sourceModel()
        at = self.mapToSource(self.index(row, 0))
        return source.row(at.row()) if isinstance(source, PlanUnitsModel) and at.isValid() else None


def short_fingerprint(fingerprint: str) -> str:
    """The first 16 hex digits of a key fingerprint in groups of four (the full one in the tooltip)."""
    text = "".join(fingerprint.split())
    return " ".join(text[i:i + 4] for i in range(0, min(len(text), 16), 4)) + ("…" if len(text) > 16 else "")


class DeployTeamsModel(RowsModel[DeployTeam]):
    """The round's teams: 组号, 巡察组, 单位, 成员, 接收密钥, 组长授权文号, 保密承诺书, 回避申请书,
    冲突, 上次部署, 就绪, 未就绪原因."""

    NAME, KEY, READY, REASONS = 1, 4, 10, 11

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: dict[str, str] = {}
        self._texts_of: dict[int, tuple[str, ...]] = {}

    def set_rows(self, rows: Iterable[DeployTeam]) -> None:
        self._words = {"conflicts": self.tr("硬 {0} / 未确认 {1}"), "none": self.tr("无"),
                       "signed": self.tr("{0}/{1} 已签"), "seq": self.tr("序号 {0}"), "never": self.tr("未部署"),
                       "ready": self.tr("已就绪，可以生成部署包"), "not_ready": self.tr("未就绪：\n{0}")}
        self._texts_of = {}
        super().set_rows(rows)

    def columns(self) -> tuple[str, ...]:
        return (self.tr("组号"), self.tr("巡察组"), self.tr("单位"), self.tr("成员"), self.tr("接收密钥"),
                self.tr("组长授权文号"), self.tr("保密承诺书"), self.tr("回避申请书"), self.tr("冲突"),
                self.tr("上次部署"), self.tr("就绪"), self.tr("未就绪原因"))

    def row_of(self, team_id: str) -> int | None:
        return next((i for i, t in enumerate(self._rows) if t.readiness.team_id == team_id), None)

    def reasons_text(self, team: DeployTeam, separator: str = "；") -> str:
        return separator.join(team.readiness.reasons)

    def _texts(self, row: int) -> tuple[str, ...]:
        cached = self._texts_of.get(row)
        if cached is not None:
            return cached
        team = self._rows[row]
        r, w = team.readiness, self._words
        conflicts = w["conflicts"].format(team.hard, team.soft_open) if team.hard or team.soft_open else w["none"]
        cached = self._texts_of[row] = (
            "" if r.number is None else str(r.number), r.name, str(r.units), str(r.members),
            short_fingerprint(r.key_fingerprint) if r.key_fingerprint.strip() else w["none"],
            r.leader_authorisation or w["none"],
            w["signed"].format(team.pledges, r.members),
            w["signed"].format(team.recusals, r.members),
            conflicts,
            w["seq"].format(r.last_seq) if r.last_seq is not None else w["never"],
            READY_MARK if r.ready else NOT_READY_MARK,
            _cut(self.reasons_text(team)))
        return cached

    def _sort_value(self, row: int, column: int) -> Any:
        team = self._rows[row]
        r = team.readiness
        numbers = {0: r.number if r.number is not None else -1, 2: r.units, 3: r.members, 6: team.pledges,
                   7: team.recusals, 8: team.hard * 10_000 + team.soft_open,
                   9: r.last_seq if r.last_seq is not None else -1, 10: int(r.ready), 11: len(r.reasons)}
        return numbers.get(column, self._texts(row)[column])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        team, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(index.row())[column]
        if role == SortRole:
            return self._sort_value(index.row(), column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.READY, self.REASONS):
            return QBrush(QColor(READY_COLOUR if team.readiness.ready else HARD_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.READY:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.KEY and team.readiness.key_fingerprint.strip():
                return plain_tip(team.readiness.key_fingerprint)
            if column in (self.NAME, self.READY, self.REASONS):
                if team.readiness.ready:
                    return self._words["ready"]
                return plain_tip(self._words["not_ready"].format(self.reasons_text(team, "\n")))
        return None


class SortedTeams(QSortFilterProxyModel):
    """The teams sorted by a column's value (numbers as numbers, text in Chinese order)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802 - Qt override
        a, b = left.data(SortRole), right.data(SortRole)
        if isinstance(a, str) and isinstance(b, str):
            return less(a, b)
        if isinstance(a, int) and isinstance(b, int):
            return a < b
        return super().lessThan(left, right)

    def team(self, row: int) -> DeployTeam | None:
        source = self.sourceModel()
        at = self.mapToSource(self.index(row, 0))
        return source.row(at.row()) if isinstance(source, DeployTeamsModel) and at.isValid() else None
