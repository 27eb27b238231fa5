"""Records that already break a rule of the work, listed for a person; free of Qt.

The store refuses a local save that gives a lead or a rectification item a status without the
date and counterpart it states (docs/domain.md §3.6, app/domain/rules.py ``status_date_problems``);
records that came without them (merged from a package, which is not checked, or saved by an
older version) are not refused on every unrelated edit and never rewritten: they are listed here,
each with what it lacks, for a person to complete.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.records import Lead, Rectification
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


def records_missing_dates(vault: Vault) -> list[MissingDates]:
    """Every live lead and rectification item whose status lacks its date or counterpart, by kind
    (leads first) and then in the store's order."""
    out: list[MissingDates] = []
    for kind in DATED_KINDS:
        for record in vault.records.iter(kind):
            problems = missing_date_problems(record)
            if problems:
                status = str(getattr(record, "status", ""))
                out.append(MissingDates(record.KIND, record.id, record.label(), status, tuple(problems)))
    return out
