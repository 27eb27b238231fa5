"""Supplements to a finalised interview record (补充说明), as the editor adds them; free of Qt.

A final interview is what the interviewee confirmed and signed, so its text never changes; what
comes to light later is appended as a dated supplement: when, who, what (docs/domain.md §3.1).
The store holds the rule (app/domain/rules.py ``interview_edit_problems``): these functions only
make the row a person means, with the time now and the vault's owner as its author.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from app.domain.records import Interview
from app.storage.vault import Vault

#: How a supplement's time is written (minutes: a person adds a remark, not a log line).
TIME_FORMAT = "%Y-%m-%d %H:%M"


def supplement_author(vault: Vault) -> str:
    """Who a supplement added on this vault is by: its owner ("" when the vault has none)."""
    return vault.info.owner.strip()


def add_supplement(vault: Vault, interview_id: str, text: str, *, by: str = "",
                   at: dt.datetime | None = None) -> Interview:
    """Append a supplement to the interview as stored now (supplements merged meanwhile are kept).

    The author is the vault's owner; ``by`` is used only when the vault has no owner. ``at``
    defaults to now. A supplement without text or author, or on a record changed otherwise, is
    refused by the store with its reason (a RuleViolation) and nothing is written."""
    interview = vault.records.get(interview_id, Interview)
    assert isinstance(interview, Interview)
    when = (at or dt.datetime.now()).strftime(TIME_FORMAT)
    row = {"at": when, "by": supplement_author(vault) or by.strip(), "text": text.strip()}
    saved = vault.records.save(dataclasses.replace(interview, supplements=[*interview.supplements, row]))
    assert isinstance(saved, Interview)
    return saved
