"""What a record editor does differently for one kind: one panel per kind that needs one.

:func:`panel_for` looks the editor's kind up in :data:`PANELS`; the editor only calls the
:class:`KindPanel` methods, so it knows no kind by name. The interview's panel shows what
finalising still needs and checks assignments against declared relations (docs/domain.md §3.3);
the working paper's moves it through its review states (app/domain/rules.py); an attachment's
record shows the fields the program keeps without letting them be edited.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import Interview, Paper, Record
from app.domain.rules import (
    INTERVIEW_FINAL,
    PAPER_MOVES,
    RecusalHit,
    interview_final,
    interview_finalise_problems,
    paper_number_locked,
    paper_transition_problems,
    recusal_hits,
)
from app.domain.vocab import PAPER_ARCHIVED, PAPER_DRAFT, PAPER_REVIEW, PAPER_SIGNED
from app.services.editing import NO_ATTACHMENTS
from app.ui.i18n import join_problems, rule_text
from app.ui.records.inputs import ChoiceInput, RefsInput, TextInput
from app.ui.records.supplements import SupplementsBox
from app.ui.tasks import Op
from app.ui.widgets.plain import PlainLabel, message_box, plain_tip

if TYPE_CHECKING:
    from app.ui.records.editor import RecordEditor


class KindPanel(QObject):
    """The base: nothing kind-specific (most kinds).

    Attributes:
        rules_box: the box above the form that shows the kind's rules (None without one).
        rules_label: its text.
    """

    #: Fields the program keeps (shown, not editable).
    system_fields: tuple[str, ...] = ()

    def __init__(self, editor: RecordEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.rules_box: QGroupBox | None = None
        self.rules_label: QLabel | None = None

    @property
    def has_attachments(self) -> bool:
        return self.editor.spec.name not in NO_ATTACHMENTS

    def install(self, outer: QVBoxLayout) -> None:
        """Add what the kind shows (the form is built; the buttons are not yet)."""

    def update_rules(self) -> None:
        """Show what the kind's rules say of the form as it is now."""

    def tab_stops(self) -> list[QWidget]:
        """The panel's widgets Tab visits before the form's fields."""
        return []

    def saved(self, record: Record) -> bool:
        """The editor took ``record`` as saved; True when the save was a move of the workflow
        (nothing before it may be undone)."""
        return False

    def _rules_box(self, outer: QVBoxLayout, title: str) -> QVBoxLayout:
        self.rules_box = QGroupBox(title, self.editor)
        layout = QVBoxLayout(self.rules_box)
        self.rules_label = PlainLabel(self.rules_box)
        self.rules_label.setWordWrap(True)
        layout.addWidget(self.rules_label)
        outer.insertWidget(1, self.rules_box)  # under the banner, above the form
        return layout


class AttachmentRecordPanel(KindPanel):
    """An attachment's own record: its content hash, owner and size are the program's."""

    system_fields = ("owner_id", "mime", "size", "sha256", "added_at")

    def install(self, outer: QVBoxLayout) -> None:
        for name in self.system_fields:
            self.editor.inputs[name].setEnabled(False)
            self.editor.inputs[name].setToolTip(self.tr("由程序记录，不能修改"))


class InterviewPanel(KindPanel):
    """The finalising conditions, and the recusal check when members are assigned."""

    def __init__(self, editor: RecordEditor) -> None:
        super().__init__(editor)
        #: Asked when an assignment touches a declared relation; returns True when acknowledged.
        self.acknowledge_recusal: Callable[[list[RecusalHit]], bool] = self._ask_recusal

    def install(self, outer: QVBoxLayout) -> None:
        inputs = self.editor.inputs
        self._rules_box(outer, self.tr("定稿条件"))
        self.supplements = SupplementsBox(self.editor, outer)  # a final record: read-only, 补充说明
        for name in ("interviewers", "recorders", "confirmed", "interviewee", "time", "status"):
            inputs[name].changed.connect(self.update_rules)
        for name in ("interviewers", "recorders"):
            refs = inputs[name]
            assert isinstance(refs, RefsInput)
            refs.list.itemChanged.connect(lambda item, f=name: self._assignment_changed(f, item))
        self.update_rules()

    def finalise_problems(self) -> list[str]:
        candidate = dataclasses.replace(self.editor.record, **self.editor.values())
        assert isinstance(candidate, Interview)
        return interview_finalise_problems(candidate)

    def update_rules(self) -> None:
        assert self.rules_label is not None
        self.supplements.refresh()
        problems = self.finalise_problems()
        status = self.editor.inputs["status"]
        assert isinstance(status, ChoiceInput)
        final = status.combo.findData(INTERVIEW_FINAL)
        item_model = status.combo.model()
        if final >= 0 and hasattr(item_model, "item"):
            record = self.editor.record
            allowed = not problems or status.value() == INTERVIEW_FINAL and isinstance(
                record, Interview) and interview_final(record)
            item_model.item(final).setEnabled(allowed)
        if problems:
            checklist = "\n".join(f"☐ {rule_text(p)}" for p in problems)
            self.rules_label.setText(self.tr("定稿前还需：") + "\n" + checklist)
        else:
            self.rules_label.setText(self.tr("☑ 已满足定稿条件（两名以上谈话人、记录人、谈话对象核对确认签字）"))

    # --- recusal (docs/domain.md §3.3) ------------------------------------------------------------

    def recusal_hits_for(self, member_ids: list[str]) -> list[RecusalHit]:
        known = self.editor.ctx.recusal
        members = [m for i in member_ids if (m := known.members.get(i)) is not None]
        values = self.editor.values()
        return recusal_hits(members, person=known.people.get(values.get("person_id") or ""),
                            person_name=values.get("interviewee", ""),
                            unit=known.units.get(values.get("unit_id") or ""),
                            unit_name=values.get("interviewee_unit", ""))

    def _assignment_changed(self, field_name: str, item: QListWidgetItem) -> None:
        if item.checkState() != Qt.CheckState.Checked:
            return
        member_id = str(item.data(Qt.ItemDataRole.UserRole))
        hits = self.recusal_hits_for([member_id])
        if not hits:
            return
        if self.acknowledge_recusal(hits):
            self.record_recusal(hits, field_name)
        else:
            refs = self.editor.inputs[field_name]
            assert isinstance(refs, RefsInput)
            with self.editor.form_undo.joining():  # declined: the ticking and the unticking cancel out
                refs.check(member_id, False)

    def record_recusal(self, hits: list[RecusalHit], field_name: str) -> None:
        """The acknowledgement goes into the record's notes: saved, journaled and merged with it."""
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        role = self.editor.spec.field(field_name).label
        lines = [f"【回避提示已确认 {stamp}】指派为{role}：{hit.message()}" for hit in hits]
        notes = self.editor.inputs["notes"]
        current = str(notes.value() or "").rstrip()
        with self.editor.form_undo.joining():  # one undo step with the assignment it acknowledges
            notes.set_value("\n".join([current, *lines]) if current else "\n".join(lines))
            self.editor.form_undo.record_changes()

    def _ask_recusal(self, hits: list[RecusalHit]) -> bool:
        box = message_box(QMessageBox.Icon.Warning, self.tr("回避提示"),
                          self.tr("以下申报的关系涉及本次谈话：\n\n{0}\n\n按规定应当回避。确需指派的，确认后将在备注中记录本次提示。")
                          .format("\n".join(h.message() for h in hits)), self.editor)
        ack = box.addButton(self.tr("已知悉，仍然指派"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消指派"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is ack


class PaperPanel(KindPanel):
    """The review workflow: the state moves only by its buttons; the number locks once signed."""

    def __init__(self, editor: RecordEditor) -> None:
        super().__init__(editor)
        self.state_buttons: dict[str, QPushButton] = {}

    def install(self, outer: QVBoxLayout) -> None:
        editor = self.editor
        layout = self._rules_box(outer, self.tr("审核流程"))
        row = QHBoxLayout()
        for label, state in ((self.tr("提交组务会审核"), PAPER_REVIEW), (self.tr("组长签字"), PAPER_SIGNED),
                             (self.tr("归档"), PAPER_ARCHIVED), (self.tr("退回草稿"), PAPER_DRAFT)):
            button = QPushButton(label, self.rules_box)
            button.clicked.connect(lambda _c=False, st=state: self.move_paper(st))
            self.state_buttons[state] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        state_input = editor.inputs["state"]
        if not editor.record.id and not state_input.value():
            state_input.set_value(PAPER_DRAFT)
        state_input.setEnabled(False)  # the state moves only through the buttons
        state_input.setToolTip(self.tr("审核状态通过上方的流程按钮变更"))
        for f in editor.spec.fields:
            editor.inputs[f.name].changed.connect(self.update_rules)
        self.update_rules()

    def tab_stops(self) -> list[QWidget]:
        return list(self.state_buttons.values())

    def paper_state(self) -> str:
        """The state as stored (the form's state only changes by a move)."""
        record = self.editor.record
        return (record.state if isinstance(record, Paper) else "") or PAPER_DRAFT

    def paper_move_problems(self, state: str) -> list[str]:
        candidate = dataclasses.replace(self.editor.record, **{**self.editor.values(), "state": self.paper_state()})
        assert isinstance(candidate, Paper)
        if state == self.paper_state():
            return [self.tr("已处于“{0}”").format(state)]
        return paper_transition_problems(candidate, state)

    def move_paper(self, state: str) -> Op[Any] | None:
        editor = self.editor
        problems = self.paper_move_problems(state)
        if problems:
            editor.show_error(self.tr("不能变更审核状态：{0}").format(join_problems(problems)))
            return None
        if state == PAPER_SIGNED and not editor.inputs["signed_at"].value():
            editor.inputs["signed_at"].set_value(dt.date.today())
        if state == PAPER_ARCHIVED and not editor.inputs["archived_at"].value():
            editor.inputs["archived_at"].set_value(dt.date.today())
        # The store checks a move against the paper as stored, so the edits that satisfy it
        # (number, opinion, signer) are saved first, then the state moves, in one op.
        editor.inputs["state"].set_value(self.paper_state())
        return editor.save(then_state=state)

    def saved(self, record: Record) -> bool:
        # A review move is a saved action of the workflow, not a form edit: nothing before it
        # may be undone (e.g. back to a number the signature has locked).
        moved = (self.editor.inputs["state"].value() or PAPER_DRAFT) != self.paper_state()
        self.editor.form_undo.set_values({"state": self.paper_state()})
        self.editor.form_undo.snapshot["state"] = self.editor.inputs["state"].value()
        return moved

    def update_rules(self) -> None:
        assert self.rules_label is not None
        state = self.paper_state()
        locked = paper_number_locked(state)
        number = self.editor.inputs["number"]
        assert isinstance(number, TextInput)
        if number.edit.isReadOnly() != locked:
            number.edit.setReadOnly(locked)
            number.edit.style().unpolish(number.edit)  # the style sheet's [readOnly] look
            number.edit.style().polish(number.edit)
        number.setToolTip(self.tr("底稿编号已在组长签字后锁定") if locked else "")
        lines = [self.tr("当前状态：{0}").format(state) + (self.tr("　（编号已锁定）") if locked else "")]
        for target, button in self.state_buttons.items():
            problems = self.paper_move_problems(target) if self.editor.record.id or target == PAPER_REVIEW else [
                self.tr("请先保存底稿")]
            button.setEnabled(not problems)
            button.setToolTip(plain_tip(join_problems(problems)))
            if problems and target in PAPER_MOVES.get(state, ()) and target != PAPER_DRAFT:
                lines.append(self.tr("{0}：{1}").format(button.text(), join_problems(problems)))
        self.rules_label.setText("\n".join(lines))


#: Kind -> its panel; a kind not named here gets the plain :class:`KindPanel`.
PANELS: dict[str, type[KindPanel]] = {
    "interview": InterviewPanel,
    "paper": PaperPanel,
    "attachment": AttachmentRecordPanel,
}


def panel_for(editor: RecordEditor) -> KindPanel:
    return PANELS.get(editor.spec.name, KindPanel)(editor)
