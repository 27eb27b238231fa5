"""One way to choose a file: every open and save dialog of the window goes through here.

A dialog starts in the folder last used for the same purpose (``Settings.folder``; the purposes
are ``FOLDER_PURPOSES`` of app/ui/settings.py), else in the user's documents folder, and the folder
of the file chosen is remembered for next time. Vault files are chosen here too but their folder
is not remembered (docs/vault.md).

Qt's own dialog (used where the platform has no native one, e.g. on Linux without a desktop
theme) is in Chinese through Qt's catalogue (app/ui/i18n.py loads ``qtbase_zh_CN``); its dates
follow the interface language through :class:`LocalDates`, since Qt formats them in the
system's locale, which on a Linux machine set to English or C is not Chinese.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QLocale, QModelIndex, QPersistentModelIndex, QStandardPaths, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QFileSystemModel, QWidget

from app.ui.settings import Settings

#: The purposes (app/ui/settings.py ``FOLDER_PURPOSES``), named for the call sites.
PACKAGES, DOCUMENTS, ATTACHMENTS, KEYS, INTAKE = "packages", "documents", "attachments", "keys", "intake"
#: The columns of a file's size and modification time in Qt's file system model.
SIZE_COLUMN, DATE_COLUMN = 1, 3


def documents_folder() -> str:
    """Where a dialog starts when nothing is remembered: the user's documents (else home)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and os.path.isdir(documents) else str(Path.home())


def start_folder(purpose: str | None, settings: Settings | None = None) -> str:
    """The folder last used for ``purpose`` if it still exists, else the documents folder."""
    if purpose:
        remembered = (settings or Settings()).folder(purpose)
        if remembered and os.path.isdir(remembered):
            return remembered
    return documents_folder()


class LocalDates(QIdentityProxyModel):
    """Qt's file list with its dates (2024/5/1 14:03) and sizes (1.5 KB) in the interface language."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self.sourceModel()
        if role == Qt.ItemDataRole.DisplayRole and isinstance(source, QFileSystemModel):
            at = self.mapToSource(index)
            if index.column() == DATE_COLUMN:
                modified = source.lastModified(at)
                return QLocale().toString(modified, QLocale.FormatType.ShortFormat) if modified.isValid() else ""
            if index.column() == SIZE_COLUMN and not source.isDir(at):
                return QLocale().formattedDataSize(source.size(at))
        return super().data(index, role)


def make_dialog(parent: QWidget | None, caption: str, folder: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, caption, folder, filters)
    dialog.setProxyModel(LocalDates(dialog))
    return dialog


def run(dialog: QFileDialog) -> list[str]:
    """Show the dialog; the files chosen, or none (tests replace this)."""
    return dialog.selectedFiles() if dialog.exec() == QDialog.DialogCode.Accepted else []


def _remember(purpose: str | None, chosen: list[str], settings: Settings | None) -> None:
    if purpose and chosen:
        (settings or Settings()).set_folder(purpose, str(Path(chosen[0]).parent))


def open_files(parent: QWidget | None, purpose: str | None, caption: str, filters: str = "", *,
               start: str = "", several: bool = True, settings: Settings | None = None) -> list[str]:
    """Files to open (one unless ``several``); ``start``: a folder or file to start at instead."""
    dialog = make_dialog(parent, caption, start or start_folder(purpose, settings), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if several else QFileDialog.FileMode.ExistingFile)
    chosen = run(dialog)
    _remember(purpose, chosen, settings)
    return chosen


def open_file(parent: QWidget | None, purpose: str | None, caption: str, filters: str = "", *,
              start: str = "", settings: Settings | None = None) -> str:
    """One file to open, or "" when the person cancelled."""
    chosen = open_files(parent, purpose, caption, filters, start=start, several=False, settings=settings)
    return chosen[0] if chosen else ""


def save_file(parent: QWidget | None, purpose: str | None, caption: str, suggested: str = "", filters: str = "",
              *, confirm_overwrite: bool = True, settings: Settings | None = None) -> str:
    """Where to save, or "". ``suggested``: a file name (placed in the remembered folder) or a
    path whose folder exists (kept: the person typed it)."""
    path = Path(suggested) if suggested else None
    if path is not None and path.is_absolute() and path.parent.is_dir():
        target = str(path)
    else:
        folder = start_folder(purpose, settings)
        target = os.path.join(folder, path.name) if path is not None else folder
    dialog = make_dialog(parent, caption, target, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if path is not None:
        dialog.selectFile(target)
    if not confirm_overwrite:
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)
    chosen = run(dialog)
    _remember(purpose, chosen, settings)
    return chosen[0] if chosen else ""


def choose_folder(parent: QWidget | None, purpose: str | None, caption: str, *,
                  settings: Settings | None = None) -> str:
    """A folder to write into (the 部署 page's packages), or "" when the person cancelled; remembered
    for ``purpose`` as the folder itself."""
    dialog = make_dialog(parent, caption, start_folder(purpose, settings), "")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    chosen = run(dialog)
    if purpose and chosen:
        (settings or Settings()).set_folder(purpose, chosen[0])
    return chosen[0] if chosen else ""
