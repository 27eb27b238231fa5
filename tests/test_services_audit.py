"""app/services/audit.py: journal entries with the records they concern resolved, paging, and the
chain check (docs/vault.md, "Audit")."""

from __future__ import annotations

from app.domain.records import Interview, Lead, Unit
from app.services import audit
from app.storage.vault import Vault


def test_entries_come_newest_first_with_their_records_resolved(vault: Vault) -> None:
    unit = vault.records.save(Unit(name="某县测试局党组"))
    interview = vault.records.save(Interview(number="T-1", interviewee="张三", unit_id=unit.id))
    lead = vault.records.save(Lead(summary="反映某局违规发放津贴"))
    link = vault.records.link(interview.id, lead.id, "引出线索")
    vault.records.delete(interview.id)
    page = audit.load_entries(vault, 100)
    assert not page.more
    seqs = [e.entry.seq for e in page.entries]
    assert seqs == sorted(seqs, reverse=True)
    targets = {e.entry.record_id: e.target for e in page.entries if e.entry.record_id}
    assert targets[unit.id] == audit.Target("unit", "某县测试局党组", False)
    gone = targets[interview.id]
    assert gone is not None and gone.kind == "interview" and gone.deleted
    assert targets[link.id] == audit.Target("link", "引出线索", False)  # a link is named by its relation
    assert all(e.target is None for e in page.entries if not e.entry.record_id)


def test_a_page_says_when_older_entries_were_left_out(vault: Vault) -> None:
    for i in range(5):
        vault.records.save(Unit(name=f"单位{i}"))
    newest = vault.journal.entries(limit=1)[0].seq
    page = audit.load_entries(vault, 3)
    assert page.more and [e.entry.seq for e in page.entries] == [newest, newest - 1, newest - 2]
    everything = audit.load_entries(vault, 1000)
    assert not everything.more and everything.entries[-1].entry.seq == 1


def test_the_chain_check_counts_the_entries_of_a_whole_chain(vault: Vault) -> None:
    vault.records.save(Unit(name="某局"))
    report = audit.check_chain(vault)
    assert report.problems == []
    assert report.entries == vault.journal.entries(limit=1)[0].seq > 1


def test_the_chain_check_lists_a_forged_entry(vault: Vault) -> None:
    for i in range(3):
        vault.records.save(Unit(name=f"单位{i}"))
    # The triggers refuse UPDATE through the app; a tamperer with the key could drop them.
    vault.con.execute("DROP TRIGGER journal_no_update")
    vault.con.execute("UPDATE journal SET actor = '伪造者' WHERE seq = 3")
    report = audit.check_chain(vault)
    assert len(report.problems) == 1 and "审计记录 3" in report.problems[0]
