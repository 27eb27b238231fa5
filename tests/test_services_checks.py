"""Records that already break a status rule are listed, never rewritten (app/services/checks.py,
docs/domain.md §3.6): they arrive by merges, which the store does not check."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from app.domain.records import Lead, Rectification
from app.services.checks import MissingDates, missing_dates, records_missing_dates
from app.storage.vault import Vault


def merged_with_status(src: Vault, dst: Vault, record: Lead | Rectification, status: str) -> str:
    """``record`` saved in ``src``, then carried to ``dst`` as a package would, with its status set to
    ``status`` by the other device (a merge is not checked against the rules)."""
    saved = src.records.save(record)
    writes = [dataclasses.replace(w, value=status) if w.field == "status" else w
              for _seq, w in src.records.writes_since(0) if w.record_id == saved.id]
    dst.records.merge(writes, source=src.info.device_id)
    return saved.id


def test_records_missing_their_dates_are_listed_with_what_they_lack(make_vault: Callable[..., Vault]) -> None:
    src, dst = make_vault(name="src.xcv"), make_vault(name="dst.xcv")
    handed = merged_with_status(src, dst, Lead(number="XS-007", subject_name="赵某", source="来信来访",
                                               summary="反映违规发放津贴", status="核实中"), "已移交")
    closed = merged_with_status(src, dst, Rectification(title="规范公务接待", measures="修订制度", status="整改中"),
                                "已销号")
    good = dst.records.save(Lead(subject_name="钱某", source="来信来访", summary="摘要", status="已反馈",
                                 feedback_at=dt.date(2024, 6, 1)))
    dst.records.save(Lead(subject_name="孙某", source="来信来访", summary="摘要", status="核实中"))
    gone = merged_with_status(src, dst, Lead(subject_name="李某", source="来信来访", summary="摘要", status="核实中"),
                              "已反馈")
    dst.records.delete(gone)
    digest = dst.records.content_digest()

    found = records_missing_dates(dst)

    assert found == [
        MissingDates("lead", handed, "XS-007", "已移交",
                     ("线索标为“已移交”须填写移交时间", "线索标为“已移交”须选择移交对象")),
        MissingDates("rectification", closed, "规范公务接待", "已销号", ("整改事项标为“已销号”须填写销号时间",)),
    ]
    assert good.id not in {m.id for m in found}
    # the overview lists the same rows, with the status, from the records it has read
    assert missing_dates([*dst.records.list(Lead), *dst.records.list(Rectification)]) == found
    assert dst.records.content_digest() == digest  # listed, not rewritten


def test_an_orderly_vault_lists_nothing(vault: Vault) -> None:
    vault.records.save(Lead(subject_name="赵某", source="来信来访", summary="摘要", status="已了结",
                            closed_at=dt.date(2024, 7, 1), result="约谈提醒"))
    assert records_missing_dates(vault) == []
