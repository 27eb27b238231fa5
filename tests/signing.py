"""Signed working papers for tests of what prints them: a paper is signed only by the 组长 on their own
vault (docs/domain.md §3.2), so a test vault receives it signed as a package would bring it."""

from __future__ import annotations

import dataclasses

from app.demo import merge_from_device
from app.domain.records import Paper
from app.domain.vocab import PAPER_REVIEW
from app.storage.vault import Vault


def save_paper(vault: Vault, paper: Paper) -> Paper:
    """Save ``paper``; one in 组长签字 or 归档 is saved under review here and its signature (and archiving)
    merged from the leader's device, authored by its ``signed_by``."""
    if paper.state not in ("组长签字", "归档"):
        return vault.records.save(paper)  # type: ignore[return-value]
    review = dataclasses.replace(paper, state=PAPER_REVIEW, signed_by="", signed_at=None, archived_at=None,
                                 review_opinion=paper.review_opinion or "同意")
    saved = vault.records.save(review)
    signature = {"state": paper.state, "signed_by": paper.signed_by, "signed_at": paper.signed_at,
                 "archived_at": paper.archived_at}
    merge_from_device(vault, paper.signed_by or "组长", [(saved, {k: v for k, v in signature.items() if v})],
                      source="组长设备")
    return vault.records.get(saved.id, Paper)
