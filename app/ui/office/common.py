"""What the office's pages share: a chooser of the vault's rounds, lazy loading, clearing on lock.

A page loads the rounds (app/services/rounds.py ``rounds``) when first shown after an unlock, keeps
the round chosen across reloads, and shows that round through :meth:`RoundPage.load_round`. When an op
writes rounds, teams, members, units, people or settings (the window's ``records_changed``), the page
reads the round again, now when it is in front, else when next shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from app.services.records import Changes
from app.services.rounds import RoundChoice, rounds
from app.ui.tasks import DbExecutor, Op
from app.ui.widgets.plain import PlainLabel

#: The kinds a round's plan and readiness are read from.
ROUND_KINDS = frozenset({"round", "team", "member", "unit", "person", "setting"})


class RoundPage(QWidget):
    """A page showing one round of the vault; subclasses show it (:meth:`load_round`) and empty it
    (:meth:`clear_view`)."""

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.loaded = False
        self._generation = 0
        self.round_label = PlainLabel(self.tr("轮次："), self)
        self.round_box = QComboBox(self)
        self.round_box.setMinimumContentsLength(18)
        self.round_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.round_box.currentIndexChanged.connect(self._round_chosen)

    # --- loading -------------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> Op[list[RoundChoice]]:
        """The rounds again, then the round chosen (the same one when it is still there)."""
        generation = self._generation
        return (Op(self, lambda task: rounds(task.vault), executor=self.executor)
                .on_success(lambda found: self._rounds_loaded(found) if generation == self._generation else None)
                .start())

    def _rounds_loaded(self, found: list[RoundChoice]) -> None:
        keep = self.round_id()
        self.round_box.blockSignals(True)
        self.round_box.clear()
        for choice in found:
            self.round_box.addItem(choice.label, choice.id)
        at = self.round_box.findData(keep) if keep else -1
        self.round_box.setCurrentIndex(at if at >= 0 else self.round_box.count() - 1)  # the latest, first time
        self.round_box.blockSignals(False)
        self.loaded = True
        if found:
            self.load_round(self.round_id())
        else:
            self.clear_view()
            self.no_round()

    def _round_chosen(self, _index: int) -> None:
        if self.loaded and self.round_id():
            self.load_round(self.round_id())

    def round_id(self) -> str:
        value = self.round_box.currentData()
        return value if isinstance(value, str) else ""

    def choose_round(self, round_id: str) -> None:
        """Show another round (as choosing it in the chooser does)."""
        self.round_box.setCurrentIndex(self.round_box.findData(round_id))

    def records_changed(self, changes: Changes) -> None:
        """Records were written (the window's change signal): read the round again if it may have changed."""
        if not self.loaded or not changes.touches(ROUND_KINDS):
            return
        if self.isVisible():
            self.reload()
        else:
            self.loaded = False

    def clear(self) -> None:
        """Drop everything shown (locking); callbacks of ops under way go nowhere."""
        self._generation += 1
        self.loaded = False
        self.round_box.blockSignals(True)
        self.round_box.clear()
        self.round_box.blockSignals(False)
        self.clear_view()

    # --- for subclasses ----------------------------------------------------------------------------

    def load_round(self, round_id: str) -> Op[Any]:
        raise NotImplementedError

    def clear_view(self) -> None:
        raise NotImplementedError

    def no_round(self) -> None:
        """The vault has no round yet."""
