"""Unsaved edits at a lock become drafts, never saved records (app/services/drafts.py), on a real vault, no Qt."""

from __future__ import annotations

import datetime as dt

from app.domain.records import Interview, Lead, Paper, Record, kind_spec
from app.domain.vocab import PAPER_DRAFT
from app.services import drafts
from app.storage.vault import Vault


def form(record: Record, **changed: object) -> dict[str, object]:
    """An editor's values: every field, with the user's changes."""
    return {**{f.name: getattr(record, f.name) for f in kind_spec(record.KIND).fields}, **changed}


def test_a_lock_keeps_every_unsaved_edit_as_a_draft_and_saves_nothing(vault: Vault) -> None:
    lead = vault.records.save(Lead(subject_name="张某", source="来信", summary="原摘要"))
    interview = vault.records.save(Interview(interviewee="周局长", kind="个别谈话", time=dt.datetime(2024, 3, 10, 9)))
    paper = vault.records.save(Paper(title="底稿", heading="落实全面从严治党战略部署", facts="事实", state=PAPER_DRAFT))
    journal = len(vault.journal.entries(limit=1_000_000))
    digest = vault.records.content_digest()

    pending = [drafts.PendingEdit("lead", lead, form(lead, summary="新摘要")),  # valid: still not saved
               drafts.PendingEdit("interview", interview, form(interview, interviewee=" ", place="会议室")),
               drafts.PendingEdit("paper", paper, form(paper)),  # dirty by undo history, same values
               drafts.PendingEdit("lead", Lead(), form(Lead(), subject_name="新线索"))]
    out = drafts.keep_pending(vault, pending)

    assert pending == []  # the values (record text) are not kept in memory
    assert vault.records.content_digest() == digest and len(vault.journal.entries(limit=1_000_000)) == journal
    assert [(d.kind, d.record_id, d.reason) for d in out] == [
        ("lead", lead.id, ""), ("interview", interview.id, ""), ("paper", paper.id, ""), ("lead", "", "")]
    assert out[0].key and out[1].key and not out[2].key and out[3].key  # nothing to keep of the paper
    kept = drafts.read_draft(vault, out[0].key)
    assert kept is not None and kept.values == {"summary": "新摘要"} and kept.base == {"summary": "原摘要"}
    kept = drafts.read_draft(vault, out[1].key)
    assert kept is not None and kept.values == {"interviewee": " ", "place": "会议室"}
    new = drafts.read_draft(vault, out[3].key)
    assert new is not None and new.record_id == "" and new.values == {"subject_name": "新线索"}
    assert vault.records.get(lead.id, Lead).summary == "原摘要"
