"""The table of records that break a status-date rule (app/services/checks.py ``MissingDates``).

Two pages list them, each opening a row's record on double-click (:data:`IdRole` and the row's
``kind``): the 督办 page (app/ui/office/supervision_page.py) with the status, under 不符合的规则; the
overview (app/ui/overview.py) without it, under 需补全.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from app.domain.records import kind_spec
from app.services.checks import MissingDates
from app.ui.i18n import kind_label, list_separator, rule_text
from app.ui.records.models import IdRole, Index, RowsModel
from app.ui.widgets.plain import plain_tip

KIND = str(QT_TRANSLATE_NOOP("BrokenRecordsModel", "类别"))
LABEL = str(QT_TRANSLATE_NOOP("BrokenRecordsModel", "记录"))
STATUS = str(QT_TRANSLATE_NOOP("BrokenRecordsModel", "状态"))
#: The last column's header on the 督办 page.
RULES_BROKEN = str(QT_TRANSLATE_NOOP("BrokenRecordsModel", "不符合的规则"))
#: The last column's header on the overview.
TO_COMPLETE = str(QT_TRANSLATE_NOOP("BrokenRecordsModel", "需补全"))


class BrokenRecordsModel(RowsModel[MissingDates]):
    """Records that break a status-date rule: 类别, 记录, 状态 (when ``status``), and the rules each
    breaks, headed ``problems_header`` (:data:`RULES_BROKEN` or :data:`TO_COMPLETE`)."""

    def __init__(self, parent: Any = None, *, status: bool = True, problems_header: str = RULES_BROKEN) -> None:
        super().__init__(parent)
        self.show_status = status
        self.problems_header = problems_header

    def columns(self) -> tuple[str, ...]:
        headers = (KIND, LABEL, STATUS, self.problems_header) if self.show_status \
            else (KIND, LABEL, self.problems_header)
        return tuple(self.tr(h) for h in headers)

    def text(self, item: MissingDates, column: int) -> str:
        problems = list_separator().join(rule_text(p) for p in item.problems)
        texts = (kind_label(kind_spec(item.kind)), item.label, item.status, problems) if self.show_status \
            else (kind_label(kind_spec(item.kind)), item.label, problems)
        return texts[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.text(item, column)
            return text if role == Qt.ItemDataRole.DisplayRole else plain_tip(text)
        if role == IdRole:
            return item.id
        return None
