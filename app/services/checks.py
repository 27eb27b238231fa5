"""Records that already break a rule of the work, listed for a person; free of Qt.

The store refuses a local save that gives a lead or a rectification item a status without the
date and counterpart it states (docs/domain.md §3.6, app/domain/rules.py ``status_date_problems``);
records that came without them (merged from a package, which is not checked, or saved by an
older version) are not refused on every unrelated edit and never rewritten: they are listed here,
each with what it lacks, for a person to complete. The 督办 page lists them for the whole vault
(:func:`records_missing_dates`), the overview for the leads and rectification items it has read
(app/services/overview.py); both as :class:`MissingDates` rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.records import Lead, Record, Rectification
from app.domain.rules import missing_date_problems
from app.storage.vault import Vault

#: The kinds whose statuses state a fact with a date (docs/domain.md §3.6).
DATED_KINDS = (Lead, Rectification)


@dataclass(frozen=True)
class MissingDates:
    """A record whose status lacks what it states.

    Attributes:
        kind: the record's kind (storage name).
        id: its id.
        label: its label.
        status: its status.
        problems: what it lacks, as the rules word it (Chinese; the window translates them in
            the "rules" context, app/ui/i18n.py ``rule_text``).
    """

    kind: str
    id: str
    label: str
    status: str
    problems: tuple[str, ...]


def missing_dates(records: Iterable[Record]) -> list[MissingDates]:
    """The records among ``records`` whose status lacks its date or counterpart, each with its status
    and what it lacks, in the order given (only leads and rectification items can break these rules)."""
    out: list[MissingDates] = []
    for record in records:
        problems = missing_date_problems(record)
        if problems:
            status = str(getattr(record, "status", ""))
            out.append(MissingDates(record.KIND, record.id, record.label(), status, tuple(problems)))
    return out


def records_missing_dates(vault: Vault) -> list[MissingDates]:
    """Every live lead and rectification item whose status lacks its date or counterpart, by kind
    (leads first) and then in the store's order."""
    return missing_dates(record for kind in DATED_KINDS for record in vault.records.iter(kind))
