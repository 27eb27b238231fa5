"""The interface language: Simplified Chinese (the source language) or English, through Qt Linguist.

Every string the UI writes itself is wrapped in ``self.tr("中文")`` or
``QCoreApplication.translate("Context", "中文")``, and ``pyside6-lupdate`` collects them into
``resources/i18n/xuncha_en.ts``. Words the UI shows but the domain owns (field labels, record kind
names, deadline states, the reasons a rule refuses a step, the messages of expected errors) are
translated here, at the point of display, in contexts of their own ("fields", "kinds", …);
``scripts/i18n-update`` reads them from ``app.domain`` (and the error classes) at run time and adds
them to the .ts. Vocabulary *values* (必谈, 已立案 …) are data kept in the records and are never
translated. See docs/i18n.md.

The language is chosen once, at start-up (:func:`resolve_language`): ``--lang``, else the
environment variable ``XUNCHA_LANG``, else the preference, else Chinese. Widgets translate their
texts when they are built, so a change in the preferences applies from the next start.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.domain.fields import FieldSpec
from app.domain.records import KindSpec
from app.domain.rules import Due
from app.domain.settings import Parsed
from app.services.stats import Column
from app.storage.errors import VaultError
from app.ui.resources import resource_path

#: Interface languages: code -> the language's own name (shown untranslated in the preferences).
LANGUAGES = {"zh": "简体中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"
ENV_VAR = "XUNCHA_LANG"
#: ``resources/i18n/<CATALOGUE>_<lang>.qm``; Chinese, the source language, has none.
CATALOGUE = "xuncha"
#: Qt's own catalogue of its standard dialogs and buttons, per language.
QT_CATALOGUES = {"zh": "qtbase_zh_CN", "en": "qtbase_en"}

#: Contexts of the domain's words (filled by scripts/i18n-update, not by lupdate).
FIELDS = "fields"
KINDS = "kinds"
KINDS_PLURAL = "kinds (plural)"
DEADLINES = "deadlines"
RULES = "rules"
SETTINGS = "settings"
ERRORS = "errors"
#: The separator the storage layer puts between several rule problems in one message.
PROBLEM_SEPARATOR = "；"

#: Strings of Qt's own file dialog that Qt's zh_CN catalogue lacks (newer Qt spells its labels
#: with an accelerator, "&Look in:"), so Qt's non-native dialog showed them in English.
QT_GAPS_ZH = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "File"): "文件",
}


class QtGapsTranslator(QTranslator):
    """Fills :data:`QT_GAPS_ZH` in; every other string is left to Qt's catalogue."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None is Qt's null string, "not translated here": "" would translate to an empty text.
        found = QT_GAPS_ZH.get((context, source))
        if found is None:
            # PySide6 (6.12, CPython 3.11) releases the None an override returns once too often: every
            # other string of the interface would take one reference from None until the process
            # aborts ("deallocating None"). Give it the reference it takes (a no-op where None is immortal).
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
        return found

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


_installed: list[QTranslator] = []
#: The interface language installed last (:func:`interface_language`).
_language: list[str] = [DEFAULT_LANGUAGE]
#: The default locale before the first install (restored by :func:`remove_translators`).
_system_locale: list[QLocale] = []


def normalise(language: str | None) -> str | None:
    """``zh``/``en`` from what a user may type (``EN``, ``zh_CN``, ``en-GB``); None when unknown."""
    code = (language or "").strip().lower().replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else None


def resolve_language(explicit: str | None = None, saved: str | None = None) -> str:
    """The language to start in: ``explicit`` (--lang), else $XUNCHA_LANG, else ``saved``, else Chinese."""
    for candidate in (explicit, os.environ.get(ENV_VAR), saved):
        code = normalise(candidate)
        if code:
            return code
    return DEFAULT_LANGUAGE


def catalogue_path(language: str, folder: Path | None = None) -> Path:
    return (folder or resource_path("i18n")) / f"{CATALOGUE}_{language}.qm"


def install_translators(app: QCoreApplication, language: str, folder: Path | None = None) -> list[str]:
    """Replace the app's translators with those of ``language``; return the catalogues loaded.

    ``folder`` holds the compiled catalogues (default ``resources/i18n``; tests pass their own).
    A missing catalogue is not an error: the UI then shows its Chinese source texts.
    """
    remove_translators(app)
    code = normalise(language) or DEFAULT_LANGUAGE
    loaded: list[str] = []
    candidates = [(QT_CATALOGUES[code], Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))]
    if code != DEFAULT_LANGUAGE:
        path = catalogue_path(code, folder)
        candidates.append((path.stem, path.parent))
    for name, where in candidates:
        translator = QTranslator(app)
        if translator.load(name, str(where)) and app.installTranslator(translator):
            _installed.append(translator)
            loaded.append(name)
    if code == "zh":
        gaps = QtGapsTranslator(app)
        if app.installTranslator(gaps):
            _installed.append(gaps)
    _language[0] = code
    if not _system_locale:
        _system_locale.append(QLocale())
    # Calendars and other locale-aware widgets follow the interface language, not the system's.
    QLocale.setDefault(QLocale("zh_CN" if code == "zh" else "en_GB"))
    return loaded


def remove_translators(app: QCoreApplication) -> None:
    while _installed:
        app.removeTranslator(_installed.pop())
    _language[0] = DEFAULT_LANGUAGE
    if _system_locale:
        QLocale.setDefault(_system_locale.pop())


# --- the domain's words, translated where they are shown --------------------------------------------


def field_label(spec: FieldSpec) -> str:
    return QCoreApplication.translate(FIELDS, spec.label)


def interface_language() -> str:
    """``zh`` or ``en``: the language :func:`install_translators` installed (Chinese before any)."""
    return _language[0]


def column_label(column: Column) -> str:
    """A statistics table's column label (app/services/stats.py): its English in the English interface."""
    return column.english if _language[0] == "en" else column.label


def label_text(label: str) -> str:
    """A field or table-column label given as text (search hits, ROWS columns)."""
    return QCoreApplication.translate(FIELDS, label)


def kind_label(spec: KindSpec) -> str:
    """The record kind's name, singular ("Interview"): titles, "New …", prefixes."""
    return QCoreApplication.translate(KINDS, spec.label)


def kind_plural(spec: KindSpec) -> str:
    """The record kind's name as a heading over many ("Interviews"): tabs, cards, result groups."""
    return QCoreApplication.translate(KINDS_PLURAL, spec.label)


def due_label(due: Due) -> str:
    return QCoreApplication.translate(DEADLINES, due.label) if due.label else ""


def setting_warning(parsed: Parsed) -> str:
    """A refused setting as the window tells it: which one, and the default used instead."""
    spec = parsed.spec
    default = str(spec.default) if spec.default != "" else QCoreApplication.translate("i18n", "默认文字")
    return QCoreApplication.translate("i18n", "设置“{0}”的值无效，已按默认值 {1} 计算").format(
        QCoreApplication.translate(SETTINGS, spec.label), default)


def rule_text(problem: str) -> str:
    """One reason a rule refuses a step; reasons with a record's values in them stay Chinese."""
    return QCoreApplication.translate(RULES, problem)


def join_problems(problems: Iterable[str]) -> str:
    """Several reasons, each translated, in one line."""
    return QCoreApplication.translate("i18n", "；").join(rule_text(p) for p in problems)


def problems_text(problems: str) -> str:
    """Several reasons as the storage layer joined them, each translated."""
    return join_problems(problems.split(PROBLEM_SEPARATOR)) if problems else problems


def error_text(error: BaseException) -> str:
    """An expected error's message for the user; its detail is translated when it is rule problems."""
    if not isinstance(error, VaultError):
        return str(error)
    message = QCoreApplication.translate(ERRORS, error.message)
    if not error.detail:
        return message
    return QCoreApplication.translate("i18n", "{0}：{1}").format(message, problems_text(error.detail))


def list_separator() -> str:
    """Between the items of a list written out in a sentence (the Chinese enumeration comma)."""
    return QCoreApplication.translate("i18n", "、")


def yes_no(value: object) -> str:
    """A yes/no value as a list or the history shows it (the domain writes 是/否)."""
    return QCoreApplication.translate("i18n", "是") if value else QCoreApplication.translate("i18n", "否")
