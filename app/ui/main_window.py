"""The main window: a navigation for the round's work, a list per record kind, editors on demand.

Pages load their data through the executor when first shown after an unlock, and are cleared
(models emptied, filters reset, editors closed) when the vault locks, so no record text stays
in any widget while the vault is locked. What an op writes reaches every page through the executor's
one change signal (``records_changed``, app/ui/tasks.py): lists, the overview, the documents page's
choices and the pickers of open editors reload what shows the kinds written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.domain.records import Record, kind_spec
from app.services.drafts import Draft, DraftContent, take_draft
from app.services.editing import EditorContext, load_editor_context
from app.services.overview import FileFacts, file_facts
from app.services.records import Changes, record_labels
from app.ui.documents.intake_dialog import IntakeDialog
from app.ui.documents.reports import ReportsPage, add_print_button
from app.ui.office.deploy_page import DeployPage
from app.ui.office.plan_page import PlanPage
from app.ui.office.summary_page import SummaryPage
from app.ui.office.supervision_page import SupervisionPage
from app.ui.overview import OverviewPage
from app.ui.packages.conflicts import ConflictsPage
from app.ui.packages.export_select import SELECTION_EXPORT, add_export_selected
from app.ui.packages.import_page import PackagesPage
from app.ui.preferences import PreferencesDialog
from app.ui.records.editor import RecordEditor
from app.ui.records.list_page import KindListPage, KindTabsPage, LabelCache
from app.ui.search.page import SearchPage
from app.ui.security.audit_log import AuditLogDialog
from app.ui.settings import Settings
from app.ui.tasks import DbExecutor, Op, Task
from app.ui.widgets.plain import PlainLabel, information


def app_title() -> str:
    return QCoreApplication.translate("MainWindow", "巡察工作台 {0}").format(__version__)


@dataclass(frozen=True)
class NavEntry:
    """One entry of the navigation; ``label`` is the Chinese source text (see :attr:`title`)."""

    key: str
    label: str
    kinds: tuple[str, ...] = ()
    office_only: bool = False  # shown only in an office vault (巡察办): docs/office.md

    @property
    def title(self) -> str:
        """The label in the interface language."""
        return QCoreApplication.translate("MainWindow", self.label)


NAVIGATION = (
    NavEntry("overview", str(QT_TRANSLATE_NOOP("MainWindow", "概览"))),
    NavEntry("interview", str(QT_TRANSLATE_NOOP("MainWindow", "谈话记录")), ("interview",)),
    NavEntry("petition", str(QT_TRANSLATE_NOOP("MainWindow", "信访登记")), ("petition",)),
    NavEntry("lead", str(QT_TRANSLATE_NOOP("MainWindow", "问题线索")), ("lead",)),
    NavEntry("document", str(QT_TRANSLATE_NOOP("MainWindow", "调阅资料")), ("document",)),
    NavEntry("paper", str(QT_TRANSLATE_NOOP("MainWindow", "问题底稿")), ("paper",)),
    NavEntry("problems", str(QT_TRANSLATE_NOOP("MainWindow", "反馈问题与整改")), ("problem", "rectification")),
    NavEntry("handover", str(QT_TRANSLATE_NOOP("MainWindow", "移交")), ("handover",)),
    NavEntry("people", str(QT_TRANSLATE_NOOP("MainWindow", "人员")), ("team", "member", "unit", "person", "round")),
    NavEntry("plan", str(QT_TRANSLATE_NOOP("MainWindow", "规划")), office_only=True),
    NavEntry("deploy", str(QT_TRANSLATE_NOOP("MainWindow", "部署")), office_only=True),
    NavEntry("summary", str(QT_TRANSLATE_NOOP("MainWindow", "汇总")), office_only=True),
    NavEntry("supervision", str(QT_TRANSLATE_NOOP("MainWindow", "督办")), office_only=True),
    NavEntry("search", str(QT_TRANSLATE_NOOP("MainWindow", "检索"))),
    NavEntry("packages", str(QT_TRANSLATE_NOOP("MainWindow", "交接包"))),
    NavEntry("reports", str(QT_TRANSLATE_NOOP("MainWindow", "文书与台账"))),
    NavEntry("conflicts", str(QT_TRANSLATE_NOOP("MainWindow", "冲突"))),
)


@dataclass
class Session:
    """Where the user was when the vault locked; holds ids and blob hashes, never record text.

    Attributes:
        page: the navigation key shown.
        selected: kind -> the record id selected in its list.
        editors: (kind, record id) of editors open without unsaved edits.
        pending: editors' unsaved edits, only until the closing op has saved them or written
            them as drafts (then emptied).
        drafts: what became of the pending edits (a saved record, or a draft blob).
    """

    page: str = "overview"
    selected: dict[str, str] = field(default_factory=dict)
    editors: list[tuple[str, str]] = field(default_factory=list)
    pending: list[tuple[str, Record, dict[str, Any]]] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)


class NavList(QListWidget):
    """The navigation, as wide as its longest entry (within its minimum and maximum width) rather than a
    list's default: the pages keep the room, the office's wide tables on a 1366-pixel laptop screen too."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        self.ensurePolished()  # the style sheet's font size
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.item(i).text()) for i in range(self.count())), default=0)
        chrome = 2 * 10 + 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()  # item padding
        return QSize(widest + chrome, super().sizeHint().height())


class MainWindow(QMainWindow):
    """The working window of an unlocked vault.

    Signals:
        lock_requested(): the user asked to lock (Ctrl+L).
        closed(): the user closed the window (the application should quit).
    """

    lock_requested = Signal()
    closed = Signal()
    settings_changed = Signal()

    def __init__(self, executor: DbExecutor, *, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        executor.records_changed.connect(self._records_changed)
        self.settings = settings or Settings()
        self.labels = LabelCache()
        self.editors: dict[str, RecordEditor] = {}
        self._new_editors = 0
        self._layout_restored = False
        self.setWindowTitle(app_title())
        self.intake_dialog: IntakeDialog | None = None
        self.audit_dialog: AuditLogDialog | None = None
        self.office = False  # the open vault is an office's: its entries show (:meth:`_show_facts`)

        self.nav = NavList(self)
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(150)
        self.nav.setMaximumWidth(240)
        self.nav.setStyleSheet("QListWidget#navigation { font-size: 11pt; }"
                               " QListWidget#navigation::item { padding: 7px 10px; }")
        self.stack = QStackedWidget(self)
        self.list_pages: dict[str, KindListPage] = {}
        self.pages: dict[str, QWidget] = {}
        for entry in NAVIGATION:
            page = self._make_page(entry)
            self.pages[entry.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(entry.title, self.nav)
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            item.setHidden(entry.office_only)
        self.nav.currentRowChanged.connect(self._show_page)

        splitter = QSplitter(self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        self.setCentralWidget(splitter)

        self.busy_label = PlainLabel(self)
        self.statusBar().addPermanentWidget(self.busy_label)
        executor.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("正在处理…") if busy else ""))

        menu = self.menuBar().addMenu(self.tr("工作台(&W)"))
        self.lock_action = menu.addAction(self.tr("锁定(&L)"))
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_requested.emit)
        self.addAction(self.lock_action)
        preferences = menu.addAction(self.tr("设置(&S)…"))
        preferences.triggered.connect(self.edit_preferences)
        self.intake_action = menu.addAction(self.tr("从 Excel 导入(&I)…"))
        self.intake_action.triggered.connect(self.show_intake)
        self.audit_action = menu.addAction(self.tr("操作日志(&H)…"))
        self.audit_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.audit_action.triggered.connect(self.show_audit_log)
        menu.addSeparator()
        quit_action = menu.addAction(self.tr("退出(&Q)"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Find, self, self.show_search)
        QShortcut(QKeySequence.StandardKey.New, self, self._new_in_current)
        self.nav.setCurrentRow(0)
        self.resize(1200, 760)

    # --- pages -------------------------------------------------------------------------------

    def _make_page(self, entry: NavEntry) -> QWidget:
        if entry.kinds:
            pages = []
            for kind in entry.kinds:
                page = KindListPage(kind_spec(kind), self.executor, self.labels, self)
                page.open_requested.connect(self.open_record)
                if kind in SELECTION_EXPORT:  # "导出所选…": the packages page's export dialog, preset
                    add_export_selected(page, lambda: self.packages_page.export_panel.open_dialog())
                self.list_pages[kind] = page
                pages.append(page)
            return pages[0] if len(pages) == 1 else KindTabsPage(pages, self)
        if entry.key == "overview":
            self.overview = OverviewPage(self.executor, self)
            self.overview.open_requested.connect(self.open_record)
            self.overview.import_requested.connect(self.import_deployment)
            self.overview.new_requested.connect(self.new_first)
            return self.overview
        if entry.key == "search":
            self.search_page = SearchPage(self.executor, self)
            self.search_page.open_requested.connect(self.open_record)
            return self.search_page
        if entry.key == "packages":
            self.packages_page = PackagesPage(self.executor, self)
            self.packages_page.show_conflicts.connect(lambda: self.show_page("conflicts"))
            return self.packages_page
        if entry.key == "conflicts":
            self.conflicts_page = ConflictsPage(self.executor, self)
            self.conflicts_page.count_changed.connect(self._show_conflict_count)
            self.conflicts_page.open_requested.connect(self.open_record)
            return self.conflicts_page
        if entry.key == "reports":
            self.reports_page = ReportsPage(self.executor, self)
            return self.reports_page
        if entry.key == "plan":
            self.plan_page = PlanPage(self.executor, self)
            return self.plan_page
        if entry.key == "deploy":
            self.deploy_page = DeployPage(self.executor, self)
            return self.deploy_page
        if entry.key == "summary":
            self.summary_page = SummaryPage(self.executor, self)
            return self.summary_page
        if entry.key == "supervision":
            self.supervision_page = SupervisionPage(self.executor, self)
            self.supervision_page.open_requested.connect(self.open_record)
            return self.supervision_page
        raise ValueError(entry.key)

    def show_reports(self, key: str, record_id: str = "") -> None:
        """The documents page with document ``key`` for ``record_id``, generated."""
        self.show_page("reports")
        self.reports_page.prepare(key, record_id)

    def _print_interview(self, editor: RecordEditor) -> None:
        if not editor.record.id:
            information(editor, self.tr("打印谈话记录"), self.tr("请先保存谈话记录，再打印。"))
            return
        if editor.dirty:
            self.statusBar().showMessage(self.tr("打印的是已保存的内容；未保存的修改不在其中"), 8000)
        self.show_reports("interview", editor.record.id)
        self.raise_()
        self.activateWindow()

    def _show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        self._ensure_current_loaded()

    def _ensure_current_loaded(self) -> None:
        if self.executor.vault is None:
            return
        if NAVIGATION[self.stack.currentIndex()].office_only and not self.office:
            return  # an office's page loads once the vault is known to be an office's
        page = self.stack.currentWidget()
        ensure = getattr(page, "ensure_loaded", None)
        if callable(ensure):
            ensure()

    def current_key(self) -> str:
        return NAVIGATION[self.stack.currentIndex()].key

    def show_page(self, key: str) -> None:
        for row, entry in enumerate(NAVIGATION):
            if entry.key == key:
                self.nav.setCurrentRow(row)
                return
        raise KeyError(key)

    def show_list(self, kind: str) -> KindListPage:
        """The list of ``kind`` (its tab, under its navigation entry), in front."""
        page = self.list_pages[kind]
        for entry in NAVIGATION:
            if kind in entry.kinds:
                self.show_page(entry.key)
        for tabs in self.stack.findChildren(KindTabsPage):
            if page in tabs.pages:
                tabs.setCurrentWidget(page)
        self.raise_()
        self.activateWindow()
        return page

    def import_deployment(self) -> None:
        """The first day's "导入部署包…": the packages page, choosing the package to import."""
        self.show_page("packages")
        self.packages_page.import_panel.choose()

    def new_first(self, kind: str) -> None:
        """The first day's steps by hand: the list of ``kind`` behind a new record's editor."""
        self.show_list(kind)
        self.open_record(kind, "")

    def show_search(self) -> None:
        self.show_page("search")
        self.search_page.query.setFocus()
        self.search_page.query.selectAll()

    def _new_in_current(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, KindTabsPage):
            page = page.currentWidget()
        if isinstance(page, KindListPage):
            self.open_record(page.spec.name, "")

    def _records_changed(self, changes: Changes) -> None:
        """An op wrote records (a save, a deletion, an import, a merge, a resolution; the executor's one
        signal): every page showing those kinds shows them as stored now (issue 12 item 10)."""
        if self.executor.vault is None:
            return
        self.labels.forget(tuple(changes.kinds))
        for page in self.list_pages.values():
            page.records_changed(changes)
        self.overview.records_changed()
        self.reports_page.records_changed(changes.kinds)
        if self.conflicts_page.isVisible():
            self.conflicts_page.reload()
        else:
            self.conflicts_page.loaded = False
        self.conflicts_page.refresh_count()
        self.search_page.records_changed(changes)
        self.plan_page.records_changed(changes)
        self.deploy_page.records_changed(changes)
        self.summary_page.records_changed()
        self.supervision_page.records_changed()
        for editor in list(self.editors.values()):
            self._refresh_choices(editor, changes)
            editor.links_box.reload()  # a link made or removed elsewhere, a linked record renamed

    def _refresh_choices(self, editor: RecordEditor, changes: Changes) -> None:
        """An open editor's pickers (REF/REFS fields) offer the records of their kinds as stored now."""
        pickers = {name: w for name, w in editor.inputs.items()
                   if callable(getattr(w, "set_options", None)) and w.spec.ref and w.spec.ref in changes.kinds}
        if not pickers:
            return
        kinds = {w.spec.ref for w in pickers.values() if w.spec.ref}

        def shown(labels: dict[str, dict[str, str]]) -> None:
            for w in pickers.values():
                w.set_options(list(labels.get(w.spec.ref or "", {}).items()))  # type: ignore[attr-defined]

        Op(editor, lambda task: record_labels(task.vault, kinds), executor=self.executor).on_success(shown).start()

    def _show_conflict_count(self, count: int) -> None:
        for row, entry in enumerate(NAVIGATION):
            if entry.key == "conflicts":
                self.nav.item(row).setText(self.tr("{0}（{1}）").format(entry.title, count) if count else entry.title)

    def edit_preferences(self) -> None:
        dialog = PreferencesDialog(self.settings, self)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            self.settings_changed.emit()

    def show_intake(self) -> IntakeDialog:
        if self.intake_dialog is None:
            self.intake_dialog = IntakeDialog(self.executor, self)
        self.intake_dialog.show()
        self.intake_dialog.raise_()
        self.intake_dialog.activateWindow()
        return self.intake_dialog

    def show_audit_log(self) -> AuditLogDialog:
        """The vault-wide audit log, non-modal, loaded afresh each time it is opened."""
        if self.audit_dialog is None:
            self.audit_dialog = AuditLogDialog(self.executor, self)
            self.audit_dialog.open_record_requested.connect(self.open_record)
        self.audit_dialog.reload()
        self.audit_dialog.show()
        self.audit_dialog.raise_()
        self.audit_dialog.activateWindow()
        return self.audit_dialog

    # --- vault lifecycle -----------------------------------------------------------------------

    def attach(self) -> None:
        """Show the vault the executor has just opened; pages load when shown."""
        (Op(self, lambda task: file_facts(task.vault), executor=self.executor)
         .on_success(self._show_facts).start())
        self._ensure_current_loaded()
        self.conflicts_page.refresh_count()

    def _show_facts(self, facts: FileFacts) -> None:
        self.setWindowTitle(f"{app_title()} — {facts.file_name}")
        self._show_office(facts.role == "office")
        if not self.office and NAVIGATION[self.stack.currentIndex()].office_only:
            self.show_page("overview")  # back from an office's page (a team vault opened after an office's)
        elif NAVIGATION[self.stack.currentIndex()].office_only:
            self._ensure_current_loaded()  # the session put an office's page in front before the facts came

    def _show_office(self, office: bool) -> None:
        """The office's entries (规划, 部署, 汇总, 督办) in an office vault only; a team vault's is as it was."""
        self.office = office
        for row, entry in enumerate(NAVIGATION):
            if entry.office_only:
                self.nav.item(row).setHidden(not office)

    def capture_session(self) -> Session:
        """Where the user is, and every editor's unsaved edits (to be saved or kept as drafts)."""
        session = Session(page=self.current_key())
        for kind, page in self.list_pages.items():
            ids = page.selected_ids() if page.loaded else []
            if ids:
                session.selected[kind] = ids[0]
        for editor in self.editors.values():
            if editor.dirty:
                session.pending.append((editor.spec.name, editor.record, editor.values()))
            elif editor.record.id:
                session.editors.append((editor.spec.name, editor.record.id))
        return session

    def restore_session(self, session: Session) -> None:
        """Back where the user was: the page, the selected rows, the editors, the drafts."""
        for kind, record_id in session.selected.items():
            self.list_pages[kind].pending_select = record_id
        self.show_page(session.page)
        for page in self.list_pages.values():
            if page.loaded and page.pending_select:  # loaded by attach() before we got here
                page.select_record(page.pending_select)
                page.pending_select = ""
        for kind, record_id in session.editors:
            self.open_record(kind, record_id)
        for draft in session.drafts:
            self.open_record(draft.kind, draft.record_id, draft=draft)
        session.editors.clear()
        session.drafts.clear()

    def clear_for_lock(self) -> None:
        """Close every editor (dropping its content) and empty every model and page."""
        for editor in list(self.editors.values()):
            editor.discard()
        self.editors.clear()
        if self.intake_dialog is not None:
            self.intake_dialog.discard()
        if self.audit_dialog is not None:
            self.audit_dialog.discard()
        for page in self.list_pages.values():
            page.clear()
        self.overview.clear()
        self.search_page.clear()
        self.packages_page.clear()
        self.conflicts_page.clear()
        self._show_conflict_count(0)
        self.reports_page.clear()
        self.plan_page.clear()
        self.deploy_page.clear()
        self.summary_page.clear()
        self.supervision_page.clear()
        self._show_office(False)
        self.labels.clear()
        self.statusBar().clearMessage()
        self.setWindowTitle(app_title())

    # --- editors -----------------------------------------------------------------------------

    def open_record(self, kind: str, record_id: str, initial: dict[str, Any] | None = None, *,
                    draft: Draft | None = None) -> Op[Any] | None:
        """Open the editor of a record (``record_id`` "" for a new one of ``kind``); with a
        ``draft``, put the edits kept over a lock back into it."""
        existing = self.editors.get(record_id) if record_id else None
        if existing is not None and draft is None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return None

        def work(task: Task) -> tuple[EditorContext, DraftContent | None]:
            ctx = load_editor_context(task.vault, kind, record_id or None, initial)
            values = take_draft(task.vault, draft.key) if draft is not None and draft.key else None
            return ctx, values

        def show(result: tuple[EditorContext, DraftContent | None]) -> None:
            ctx, values = result
            editor = self._show_editor(ctx)
            if values is not None and draft is not None:
                editor.apply_draft(values, draft.reason)

        return Op(self, work, executor=self.executor).on_success(show).start()

    def _show_editor(self, ctx: EditorContext) -> RecordEditor:
        if ctx.record.id and ctx.record.id in self.editors:
            editor = self.editors[ctx.record.id]
        else:
            editor = RecordEditor(ctx, self.executor, self)
            editor.setWindowFlag(Qt.WindowType.Window, True)
            if ctx.record.id:
                key = ctx.record.id
            else:
                self._new_editors += 1
                key = f"new:{self._new_editors}"
            self.editors[key] = editor
            editor.saved.connect(lambda record, e=editor: self._editor_saved(e, record))
            editor.open_record_requested.connect(lambda rid: self.open_record("", rid))
            editor.editor_requested.connect(self._show_editor)  # 新建并关联 (app/ui/records/links.py)
            editor.destroyed.connect(lambda _obj=None, e=editor: self._forget_editor(e))
            editor.finished.connect(lambda _code, e=editor: self._forget_editor(e))
            for field_input in editor.inputs.values():  # "no members yet": their list, from the editor
                no_choices = getattr(field_input, "no_choices", None)
                if no_choices is not None:
                    no_choices.add_requested.connect(self.show_list)
            buttons = editor.history_button.parent()
            if ctx.record.KIND == "interview" and isinstance(buttons, QDialogButtonBox):
                add_print_button(buttons, lambda e=editor: self._print_interview(e))  # type: ignore[misc]
        editor.show()
        editor.raise_()
        return editor

    def _forget_editor(self, editor: RecordEditor) -> None:
        for key, value in list(self.editors.items()):
            if value is editor:
                del self.editors[key]

    def _editor_saved(self, editor: RecordEditor, record: Record) -> None:
        for key, value in list(self.editors.items()):  # a new record's editor is now keyed by its id
            if value is editor and key != record.id:
                del self.editors[key]
                self.editors[record.id] = editor
        # Lists and pickers show the saved record through records_changed, like any other write.

    # --- layout ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if not self._layout_restored:
            self._layout_restored = True
            geometry = self.settings.window_geometry
            if not geometry.isEmpty():
                self.restoreGeometry(geometry)
            state = self.settings.window_state
            if not state.isEmpty():
                self.restoreState(state)
            for kind, page in self.list_pages.items():
                header_state = self.settings.list_header(kind)
                if not header_state.isEmpty():
                    page.view.horizontalHeader().restoreState(header_state)
        super().showEvent(event)

    def save_layout(self) -> None:
        """Window geometry, and each list's column order and widths, for the next start."""
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        for kind, page in self.list_pages.items():
            self.settings.set_list_header(kind, page.view.horizontalHeader().saveState())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        for editor in list(self.editors.values()):
            if not editor.close():
                event.ignore()
                return
        self.save_layout()
        super().closeEvent(event)
        self.closed.emit()
