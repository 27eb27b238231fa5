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
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
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
    WITHDRAWN_MARK,
    RecusalHit,
    interview_final,
    interview_finalise_problems,
    paper_number_locked,
    paper_submit_problems,
    paper_submitted,
    paper_transition_problems,
    recusal_hits,
)
from app.domain.vocab import PAPER_ARCHIVED, PAPER_DRAFT, PAPER_REVIEW, PAPER_SIGNED
from app.services import signoff
from app.services.editing import NO_ATTACHMENTS, EditorContext
from app.services.signoff import Signer
from app.storage.errors import VaultError
from app.ui.i18n import error_text, join_problems, rule_text
from app.ui.records.assignment import AssignmentCheck
from app.ui.records.inputs import ChoiceInput, RefsInput, TextInput
from app.ui.records.signoff_dialogs import PassphraseDialog, ask_reason
from app.ui.records.supplements import SupplementsBox
from app.ui.tasks import Op, report_error
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

    def may_save(self, values: dict[str, Any], retry: Callable[[], Any]) -> bool:
        """Whether saving ``values`` may go on now; False when it is refused, or put off until a
        check has answered (``retry`` then saves again)."""
        return True

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
        #: Asked of the 组长 for the exception's reason; returns it, or None when cancelled.
        self.ask_exception_reason: Callable[[list[RecusalHit]], str | None] = self._ask_exception_reason
        #: Tells a member who is not the 组长 that the assignment cannot stand.
        self.refuse_recusal: Callable[[list[RecusalHit]], None] = self._refuse_recusal
        #: The vault's owner and the teams they lead (None until the worker answers).
        self.signer: Signer | None = None

    def install(self, outer: QVBoxLayout) -> None:
        inputs = self.editor.inputs
        self._rules_box(outer, self.tr("定稿条件"))
        inputs["recusal_exceptions"].setEnabled(False)  # written by the 组长's approval below
        inputs["recusal_exceptions"].setToolTip(self.tr("指派须回避的人员时，由组长批准并写明理由"))
        Op(self.editor, lambda task: signoff.signer(task.vault), executor=self.editor.executor) \
            .on_success(lambda signer: setattr(self, "signer", signer)).start()
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
            checklist = "　".join(f"☐ {rule_text(p)}" for p in problems)  # one compact, wrapping line
            self.rules_label.setText(self.tr("定稿前还需：") + checklist)
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
            record = self.editor.record
            stored = isinstance(record, Interview) and member_id in record.interviewers + record.recorders
            if stored:  # assigned before: the store has nothing new to refuse (app/storage/store.py)
                self.record_recusal(hits, field_name)
                return
            if self.signer is not None and self.signer.may_lead(self.editor.values().get("team_id")):
                reason = self.ask_exception_reason(hits)
                if reason:
                    self.record_recusal(hits, field_name, exception=reason)
                    return
            else:
                self.refuse_recusal(hits)
        refs = self.editor.inputs[field_name]
        assert isinstance(refs, RefsInput)
        with self.editor.form_undo.joining():  # declined: the ticking and the unticking cancel out
            refs.check(member_id, False)

    def record_recusal(self, hits: list[RecusalHit], field_name: str, exception: str = "") -> None:
        """The acknowledgement goes into the record's notes, and the 组长's exception (with its reason)
        into its recusal exceptions: saved, journaled and merged with it, printed on the record."""
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        role = self.editor.spec.field(field_name).label
        lines = [f"【回避提示已确认 {stamp}】指派为{role}：{hit.message()}" for hit in hits]
        notes = self.editor.inputs["notes"]
        current = str(notes.value() or "").rstrip()
        with self.editor.form_undo.joining():  # one undo step with the assignment it acknowledges
            notes.set_value("\n".join([current, *lines]) if current else "\n".join(lines))
            if exception and self.signer is not None:
                rows = self.editor.inputs["recusal_exceptions"]
                added = [{"member": name, "reason": exception, "by": self.signer.owner, "at": stamp}
                         for name in dict.fromkeys(hit.member for hit in hits)]
                rows.set_value([*(rows.value() or []), *added])
            self.editor.form_undo.record_changes()

    def _ask_exception_reason(self, hits: list[RecusalHit]) -> str | None:
        return ask_reason(self.editor, self.tr("批准回避例外"),
                          self.tr("作为组长批准本次指派，请写明例外理由（保存在谈话记录中并打印在谈话笔录上）：\n\n{0}")
                          .format("\n".join(h.message() for h in hits)))

    def _refuse_recusal(self, hits: list[RecusalHit]) -> None:
        message_box(QMessageBox.Icon.Warning, self.tr("回避"),
                    self.tr("以下申报的关系涉及本次谈话，须回避：\n\n{0}\n\n只有组长本人可以批准例外；本次指派未保留。")
                    .format("\n".join(h.message() for h in hits)), self.editor).exec()

    def _ask_recusal(self, hits: list[RecusalHit]) -> bool:
        box = message_box(QMessageBox.Icon.Warning, self.tr("回避提示"),
                          self.tr("以下申报的关系涉及本次谈话：\n\n{0}\n\n按规定应当回避。确需指派的，确认后将在备注中记录本次提示。")
                          .format("\n".join(h.message() for h in hits)), self.editor)
        ack = box.addButton(self.tr("已知悉，仍然指派"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消指派"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is ack


class PaperPanel(KindPanel):
    """The review workflow: the state moves only by its buttons; the number locks once signed.

    Signing is the 组长's own act, confirmed with the passphrase (app/services/signoff.py); a signed
    paper goes back for correction only by 退回修改 with a reason (docs/domain.md §3.2).
    """

    #: Filled by the signature, never typed.
    system_fields = ("signed_by", "signed_at")

    def __init__(self, editor: RecordEditor) -> None:
        super().__init__(editor)
        self.state_buttons: dict[str, QPushButton] = {}
        #: The vault's owner and the teams they lead (None until the worker answers).
        self.signer: Signer | None = None
        #: The next number in sequence for the form's team and round ("" when none can be proposed).
        self.proposed_number = ""
        #: Asked for the passphrase when signing; returns it, or None when cancelled.
        self.ask_passphrase: Callable[[], str | None] = self._ask_passphrase
        #: Asked for the reason of a return; returns it, or None when cancelled.
        self.ask_return_reason: Callable[[], str | None] = self._ask_return_reason

    def install(self, outer: QVBoxLayout) -> None:
        editor = self.editor
        layout = self._rules_box(outer, self.tr("审核流程"))
        row = QHBoxLayout()
        for label, state in ((self.tr("提交组务会审核"), PAPER_REVIEW), (self.tr("组长签字…"), PAPER_SIGNED),
                             (self.tr("归档"), PAPER_ARCHIVED), (self.tr("退回草稿"), PAPER_DRAFT)):
            button = QPushButton(label, self.rules_box)
            button.clicked.connect(lambda _c=False, st=state: self.move_paper(st))
            self.state_buttons[state] = button
            row.addWidget(button)
        # A member who is not the 组长 hands the paper on; only the 组长 signs (docs/domain.md §3.2).
        self.submit_button = QPushButton(self.tr("提交组长签字"), self.rules_box)
        self.submit_button.clicked.connect(self.submit)
        row.insertWidget(2, self.submit_button)
        self.return_button = QPushButton(self.tr("退回修改…"), self.rules_box)
        self.return_button.clicked.connect(self.return_paper)
        row.addWidget(self.return_button)
        self.number_button = QPushButton(self.tr("按序编号"), self.rules_box)
        self.number_button.clicked.connect(self.use_proposed_number)
        row.addWidget(self.number_button)
        row.addStretch(1)
        layout.addLayout(row)
        state_input = editor.inputs["state"]
        if not editor.record.id and not state_input.value():
            state_input.set_value(PAPER_DRAFT)
        state_input.setEnabled(False)  # the state moves only through the buttons
        state_input.setToolTip(self.tr("审核状态通过上方的流程按钮变更"))
        for name in self.system_fields:
            editor.inputs[name].setEnabled(False)
            editor.inputs[name].setToolTip(self.tr("由组长输入口令签字时填写"))
        for f in editor.spec.fields:
            editor.inputs[f.name].changed.connect(self.update_rules)
        for name in ("team_id", "unit_id"):
            editor.inputs[name].changed.connect(self.propose_number)
        editor.undo_stack.cleanChanged.connect(lambda _clean: self.update_rules())
        Op(editor, lambda task: signoff.signer(task.vault), executor=editor.executor) \
            .on_success(self._signer_known).start()
        self.propose_number()
        self.update_rules()

    def _signer_known(self, signer: Signer) -> None:
        self.signer = signer
        self.update_rules()

    def tab_stops(self) -> list[QWidget]:
        return [*self.state_buttons.values(), self.submit_button, self.return_button, self.number_button]

    def paper_state(self) -> str:
        """The state as stored (the form's state only changes by a move)."""
        record = self.editor.record
        return (record.state if isinstance(record, Paper) else "") or PAPER_DRAFT

    def may_lead(self) -> bool:
        return self.signer is not None and self.signer.may_lead(self.editor.values().get("team_id"))

    def leader_problem(self) -> str:
        if self.signer is None:
            return self.tr("正在读取本保密库的使用人…")
        owner = self.signer.owner or self.tr("未署名")
        return self.tr("只有本组组长本人才能签字或退回：本保密库的使用人“{0}”不是本组的组长").format(owner)

    def paper_move_problems(self, state: str) -> list[str]:
        values = {**self.editor.values(), "state": self.paper_state()}
        if state == PAPER_SIGNED and self.signer is not None:
            values["signed_by"] = self.signer.owner  # the signature names the owner (rules.paper_sign_problems)
        candidate = dataclasses.replace(self.editor.record, **values)
        assert isinstance(candidate, Paper)
        if state == self.paper_state():
            return [self.tr("已处于“{0}”").format(state)]
        problems = paper_transition_problems(candidate, state)
        if state == PAPER_ARCHIVED and not problems and not self.may_lead():
            problems = [self.tr("只有本组组长才能归档底稿")]
        if state == PAPER_SIGNED and not problems:
            if not self.may_lead():
                problems = [self.leader_problem()]
            elif self.editor.form_undo.snapshot and self.editor.dirty:  # (no snapshot yet while the form is built)
                problems = [self.tr("请先保存底稿的修改，再签字")]
        return problems

    def move_paper(self, state: str) -> Op[Any] | None:
        editor = self.editor
        problems = self.paper_move_problems(state)
        if problems:
            editor.show_error(self.tr("不能变更审核状态：{0}").format(join_problems(problems)))
            return None
        if state == PAPER_SIGNED:
            return self.sign()
        if state == PAPER_ARCHIVED and not editor.inputs["archived_at"].value():
            editor.inputs["archived_at"].set_value(dt.date.today())
        # The store checks a move against the paper as stored, so the edits that satisfy it
        # (number, opinion) are saved first, then the state moves, in one op.
        editor.inputs["state"].set_value(self.paper_state())
        return editor.save(then_state=state)

    # --- the 组长's acts (docs/domain.md §3.2) ----------------------------------------------------

    def sign(self) -> Op[Any] | None:
        passphrase = self.ask_passphrase()
        if not passphrase:
            return None
        paper_id = self.editor.record.id
        return (Op(self.editor, lambda task: signoff.sign_paper(task.vault, paper_id, passphrase),
                   executor=self.editor.executor)
                .on_success(self._acted).on_error(self._act_failed).start())

    def submit_problems(self) -> list[str]:
        record = self.editor.record
        assert isinstance(record, Paper)
        if paper_submitted(record):
            return [self.tr("已提交组长签字，等待组长签字")]
        problems = list(paper_submit_problems(record))
        if not problems and self.editor.form_undo.snapshot and self.editor.dirty:  # (none while the form is built)
            problems = [self.tr("请先保存底稿的修改，再提交")]
        return problems

    def submit(self) -> Op[Any] | None:
        """提交组长签字: the paper waits in 组务会审核 for the 组长, who sees it submitted."""
        problems = self.submit_problems()
        if problems:
            self.editor.show_error(self.tr("不能提交组长签字：{0}").format(join_problems(problems)))
            return None
        paper_id = self.editor.record.id
        return (Op(self.editor, lambda task: signoff.submit_paper(task.vault, paper_id),
                   executor=self.editor.executor)
                .on_success(self._acted).on_error(self._act_failed).start())

    def return_paper(self) -> Op[Any] | None:
        if self.editor.dirty:
            self.editor.show_error(self.tr("请先保存或放弃底稿的修改，再退回"))
            return None
        reason = self.ask_return_reason()
        if not reason:
            return None
        paper_id = self.editor.record.id
        return (Op(self.editor, lambda task: signoff.return_paper(task.vault, paper_id, reason),
                   executor=self.editor.executor)
                .on_success(self._acted).on_error(self._act_failed).start())

    def _acted(self, ctx: EditorContext) -> None:
        self.editor.load_record(ctx)
        self.editor.status.setText(self.tr("已保存"))
        self.editor.saved.emit(self.editor.record)

    def _act_failed(self, error: BaseException) -> None:
        if isinstance(error, VaultError):
            self.editor.show_error(error_text(error))
        else:
            report_error(self.editor, error)

    def passphrase_dialog(self) -> PassphraseDialog:
        """The dialog that confirms the signature: who signs, which paper, what signing locks."""
        record = self.editor.record
        assert isinstance(record, Paper) and self.signer is not None
        text = self.tr("以组长“{0}”的名义签字：{1}\n{2}\n签字后事实、证据和定性即锁定，更正须由组长退回修改。")
        return PassphraseDialog(text.format(self.signer.owner, record.number, record.title), self.editor)

    def _ask_passphrase(self) -> str | None:
        dialog = self.passphrase_dialog()
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        passphrase = dialog.take()  # read once, and the field emptied
        return passphrase if accepted else None

    def _ask_return_reason(self) -> str | None:
        return ask_reason(self.editor, self.tr("退回修改"),
                          self.tr("退回后底稿回到“草稿”，组长签字随之撤销。请写明退回修改的理由（记入底稿备注和操作日志）："))

    # --- the number (docs/domain.md §3.2) --------------------------------------------------------

    def propose_number(self) -> None:
        values = self.editor.values()
        team_id, unit_id = values.get("team_id"), values.get("unit_id")
        Op(self.editor, lambda task: signoff.propose_paper_number(task.vault, team_id, unit_id),
           executor=self.editor.executor).on_success(self._number_proposed).start()

    def _number_proposed(self, number: str) -> None:
        self.proposed_number = number
        edit = self.editor.inputs["number"]
        assert isinstance(edit, TextInput)
        edit.edit.setPlaceholderText(self.tr("建议：{0}").format(number) if number else "")
        self.update_rules()

    def use_proposed_number(self) -> None:
        if self.proposed_number:
            self.editor.inputs["number"].set_value(self.proposed_number)
            self.editor.form_undo.record_changes()
            self.update_rules()

    def saved(self, record: Record) -> bool:
        # A review move is a saved action of the workflow, not a form edit: nothing before it
        # may be undone (e.g. back to a number the signature has locked).
        moved = (self.editor.inputs["state"].value() or PAPER_DRAFT) != self.paper_state()
        self.editor.form_undo.set_values({"state": self.paper_state()})
        self.editor.form_undo.snapshot["state"] = self.editor.inputs["state"].value()
        # Storage notes a lapsed submission in the paper's notes (rules.withdrawn_notes): the form
        # shows that line, or the next save would take it out again.
        typed = str(self.editor.inputs["notes"].value() or "")
        stored = record.notes if isinstance(record, Paper) else ""
        if stored != typed and stored.startswith(typed.rstrip()) and WITHDRAWN_MARK in stored[len(typed.rstrip()):]:
            self.editor.form_undo.set_values({"notes": stored})
            self.editor.form_undo.snapshot["notes"] = self.editor.inputs["notes"].value()
            moved = True
        if moved:
            self.propose_number()  # the numbers taken may have changed
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
        record = self.editor.record
        if isinstance(record, Paper) and locked and record.signed_by:
            lines.append(self.tr("组长签字：{0}　{1}").format(
                record.signed_by, record.signed_at.isoformat() if record.signed_at else ""))
        for target, button in self.state_buttons.items():
            problems = self.paper_move_problems(target) if self.editor.record.id or target == PAPER_REVIEW else [
                self.tr("请先保存底稿")]
            button.setEnabled(not problems)
            button.setToolTip(plain_tip(join_problems(problems)))
            if problems and target in PAPER_MOVES.get(state, ()) and target != PAPER_DRAFT:
                lines.append(self.tr("{0}：{1}").format(button.text(), join_problems(problems)))
        if isinstance(record, Paper) and paper_submitted(record):
            lines.append(self.tr("已提交组长签字，等待组长签字"))
        submit = self.submit_problems() if record.id else [self.tr("请先保存底稿")]
        self.submit_button.setVisible(state == PAPER_REVIEW and self.signer is not None and not self.may_lead())
        self.submit_button.setEnabled(not submit)
        self.submit_button.setToolTip(plain_tip(join_problems(submit)) if submit else
                                      self.tr("交组长输入口令签字"))
        back = [] if state == PAPER_SIGNED else [self.tr("只有已经组长签字、尚未归档的底稿才能退回修改")]
        if not back and not self.may_lead():
            back = [self.leader_problem()]
        self.return_button.setVisible(state == PAPER_SIGNED)
        self.return_button.setEnabled(not back)
        self.return_button.setToolTip(plain_tip(join_problems(back)) if back else
                                      self.tr("退回草稿以便更正，须写明理由"))
        free = not locked and bool(self.proposed_number) and number.value() != self.proposed_number
        self.number_button.setVisible(not locked)
        self.number_button.setEnabled(free)
        self.number_button.setToolTip(self.tr("填入本组本轮的下一个编号：{0}").format(self.proposed_number)
                                      if self.proposed_number else self.tr("底稿须属于有组号和轮次编号的巡察组"))
        self.rules_label.setText("\n".join(lines))


class AssignmentPanel(KindPanel):
    """A unit's or a member's editor: the planning checks and their warning strip
    (app/ui/records/assignment.py)."""

    def __init__(self, editor: RecordEditor) -> None:
        super().__init__(editor)
        self.check = AssignmentCheck(editor)

    def install(self, outer: QVBoxLayout) -> None:
        self.check.install(outer)

    def update_rules(self) -> None:
        self.check.forget_stale()

    def may_save(self, values: dict[str, Any], retry: Callable[[], Any]) -> bool:
        return self.check.may_save(values, retry)


#: Kind -> its panel; a kind not named here gets the plain :class:`KindPanel`.
PANELS: dict[str, type[KindPanel]] = {
    "interview": InterviewPanel,
    "paper": PaperPanel,
    "attachment": AttachmentRecordPanel,
    "member": AssignmentPanel,
}


#: Panels in modules of their own, which build on :class:`KindPanel` (imported when first needed); the
#: unit's (its 历次巡察 tab) builds on :class:`AssignmentPanel`.
LATE_PANELS = {"unit": ("app.ui.records.unit_history", "UnitPanel")}


def panel_for(editor: RecordEditor) -> KindPanel:
    late = LATE_PANELS.get(editor.spec.name)
    if late is not None and editor.spec.name not in PANELS:
        PANELS[editor.spec.name] = getattr(importlib.import_module(late[0]), late[1])
    return PANELS.get(editor.spec.name, KindPanel)(editor)
