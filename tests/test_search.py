"""Search through the vault: records of several kinds, Chinese queries, ranking, snippets,
deletes, edits, merges and hostile input. (The tokenizer itself is tested in test_search_text.py.)

The contract checked here: whitespace splits a query into terms and every term must occur in
the record; for Chinese terms that means exactly "occurs as a substring" of the record's
searchable text, and no query, whatever it contains, ever finds more than that.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable

import pytest

from app.domain.records import KINDS, Interview, Lead, Paper, Petition, Problem, Record, Unit
from app.storage.search import MARK_END, MARK_START, UNSEARCHED, SearchHit, record_text
from app.storage.search_text import build_query
from app.storage.vault import Vault


def text_of(record: Record) -> str:
    return unicodedata.normalize("NFKC", "\n".join(t for _, t in record_text(record))).casefold()


def searchable(vault: Vault) -> list[Record]:
    return [r for kind in KINDS if kind not in UNSEARCHED for r in vault.records.list(kind)]


def containing(vault: Vault, *words: str) -> set[str]:
    """Ids of live records whose searchable text holds every word as a substring."""
    words = tuple(unicodedata.normalize("NFKC", w).casefold() for w in words)
    return {r.id for r in searchable(vault) if all(w in text_of(r) for w in words)}


def widest(vault: Vault, query: str) -> set[str]:
    """The most any query may find: every letter/digit/CJK run of every term occurs in the record."""
    parts = [p for term in query.split() for p in re.findall(r"\w+", unicodedata.normalize("NFKC", term))]
    return containing(vault, *parts)


def found(vault: Vault, query: str, **kwargs: object) -> list[str]:
    return [h.record_id for h in vault.search(query, **kwargs)]


@pytest.fixture
def filled(vault: Vault) -> tuple[Vault, dict[str, Record]]:
    r = vault.records
    recs: dict[str, Record] = {}
    recs["unit"] = r.save(Unit(name="市粮食和物资储备局", address="人民路 88 号", notes="XunCha test unit"))
    recs["petition"] = r.save(Petition(channel="来信", summary="反映该局违规使用公款招待，招待费列支不规范",
                                       complainant="王某"))
    recs["lead"] = r.save(Lead(subject_name="李某", source="来电", summary="粮食收购中虚报冒领补贴"))
    recs["paper"] = r.save(Paper(title="粮库管理混乱", heading="落实全面从严治党战略部署",
                                 facts="粮库账实不符，库存短少", state="草稿",
                                 evidence=[{"evidence_id": "1", "description": "盘点表", "source": "资料组"}]))
    recs["problem"] = r.save(Problem(title="食堂经营不规范", heading="落实全面从严治党战略部署",
                                     description="机关食堂对外承包，收费混乱"))
    recs["split"] = r.save(Problem(title="分隔", heading="落实新时代党的组织路线",
                                   description="储备粮，食用油分开存放"))  # 粮 and 食 apart
    recs["interview"] = r.save(Interview(interviewee="张某", kind="必谈", summary="谈及粮食安全责任制落实",
                                         outline=[{"category": "作风", "question": "是否有招待", "answer": "无"}]))
    return vault, recs


def test_chinese_one_and_two_character_queries_find_exactly_the_containing_records(
        filled: tuple[Vault, dict[str, Record]]) -> None:
    vault, recs = filled
    assert set(found(vault, "粮食")) == containing(vault, "粮食") == \
        {recs["unit"].id, recs["lead"].id, recs["interview"].id}
    assert set(found(vault, "招待")) == containing(vault, "招待") == {recs["petition"].id, recs["interview"].id}
    assert set(found(vault, "粮")) == containing(vault, "粮") == \
        {recs["unit"].id, recs["lead"].id, recs["paper"].id, recs["split"].id, recs["interview"].id}
    assert set(found(vault, "食")) == containing(vault, "食")
    assert recs["split"].id not in found(vault, "粮食")  # "粮，食" is not "粮食"
    assert set(found(vault, "粮库")) == {recs["paper"].id}
    assert set(found(vault, "盘点表")) == {recs["paper"].id}  # rows fields are searched too
    for query in ("粮食 招待", "粮 招待", "储备 粮食", "食堂 承包", "粮 食", "安全 责任"):
        assert set(found(vault, query)) == containing(vault, *query.split()), query
    assert found(vault, "粮食 食堂") == []
    assert found(vault, "纪检") == []


def test_every_cjk_substring_query_matches_the_substring_oracle(filled: tuple[Vault, dict[str, Record]]) -> None:
    vault, _ = filled
    texts = [text_of(r) for r in searchable(vault)]
    queries = {t[i:i + n] for t in texts for n in (1, 2, 3) for i in range(len(t) - n + 1)}
    queries = {q for q in queries if all("\u4e00" <= ch <= "\u9fff" for ch in q)}
    assert len(queries) > 100
    for q in sorted(queries):
        assert set(found(vault, q, limit=1000)) == containing(vault, q), q


def test_vocabulary_and_settings_are_not_searched(filled: tuple[Vault, dict[str, Record]]) -> None:
    vault, recs = filled
    assert vault.records.count("vocab") > 0
    hits = vault.search("来信")  # also a seeded vocabulary value
    assert [h.record_id for h in hits] == [recs["petition"].id]
    assert {h.kind for h in vault.search("粮")} <= set(KINDS) - UNSEARCHED


def test_kinds_filter(filled: tuple[Vault, dict[str, Record]]) -> None:
    vault, recs = filled
    assert found(vault, "粮", kinds=("lead", "paper")) == found(vault, "粮", kinds=("paper", "lead"))
    assert set(found(vault, "粮", kinds=("lead", "paper"))) == {recs["lead"].id, recs["paper"].id}
    assert found(vault, "粮", kinds=("round",)) == []


def test_more_mentions_rank_first(vault: Vault) -> None:
    r = vault.records
    once = r.save(Petition(channel="来信", summary="其中一次公务招待未附公函，另有会议费报销凭证不全等问题"))
    many = r.save(Petition(channel="来信", summary="招待费超标，招待次数多，招待陪同人员多，招待用酒贵"))
    none = r.save(Petition(channel="来信", summary="公车私用，会议费报销凭证不全等问题若干条目"))
    hits = vault.search("招待")
    assert [h.record_id for h in hits] == [many.id, once.id]
    assert hits[0].score < hits[1].score  # bm25: lower is better
    assert none.id not in found(vault, "招待")
    assert found(vault, "招待", limit=1) == [many.id]


def test_snippet_marks_every_match(filled: tuple[Vault, dict[str, Record]]) -> None:
    vault, recs = filled
    [hit] = vault.search("招待", kinds=("petition",))
    assert isinstance(hit, SearchHit)
    assert (hit.record_id, hit.kind, hit.title, hit.field_label) == \
        (recs["petition"].id, "petition", recs["petition"].label(), "反映内容提要")
    assert hit.snippet.count(MARK_START) == hit.snippet.count(MARK_END) == 2
    assert hit.marked() == "反映该局违规使用公款【招待】，【招待】费列支不规范"
    assert hit.marked("<b>", "</b>").count("<b>招待</b>") == 2
    [hit] = vault.search("xuncha")  # latin: case-insensitive, the original spelling is kept
    assert hit.marked() == "【XunCha】 test unit"
    [hit] = vault.search("粮 收购")
    assert hit.marked() == "【粮】食【收购】中虚报冒领补贴"


def test_deleted_records_are_not_found_restored_are(filled: tuple[Vault, dict[str, Record]]) -> None:
    vault, recs = filled
    lead = recs["lead"]
    vault.records.delete(lead.id)
    assert lead.id not in found(vault, "粮食")
    assert found(vault, "冒领") == []
    vault.records.restore(lead.id)
    assert found(vault, "冒领") == [lead.id]
    vault.records.save(dataclasses.replace(vault.records.get(lead.id), deleted=True))
    assert found(vault, "冒领") == []


def test_edited_record_is_found_by_its_new_text_only(filled: tuple[Vault, dict[str, Record]]) -> None:
    vault, recs = filled
    problem = vault.records.get(recs["problem"].id)
    vault.records.save(dataclasses.replace(problem, title="公务用车管理不规范", description="车辆私用"))
    assert found(vault, "食堂") == []
    assert found(vault, "承包") == []
    assert found(vault, "用车") == [problem.id]
    assert found(vault, "私用") == [problem.id]


def test_merged_changes_reach_the_index(filled: tuple[Vault, dict[str, Record]],
                                        make_vault: Callable[..., Vault]) -> None:
    vault, recs = filled
    other = make_vault("other.xcv")
    other.records.merge([w for _, w in vault.records.writes_since(0)])
    for q in ("粮食", "招待", "粮", "盘点表"):
        assert set(found(other, q)) == set(found(vault, q)), q
    mark = vault.records.last_seq
    vault.records.save(dataclasses.replace(vault.records.get(recs["unit"].id), name="市物资储备中心"))
    vault.records.delete(recs["petition"].id)
    created = vault.records.save(Lead(subject_name="赵某", source="来访", summary="违规收受礼金"))
    other.records.merge([w for _, w in vault.records.writes_since(mark)])
    assert recs["unit"].id not in found(other, "粮食")
    assert found(other, "储备中心") == [recs["unit"].id]
    assert recs["petition"].id not in found(other, "招待")
    assert found(other, "礼金") == [created.id]
    # A rebuilt index answers the same.
    before = {q: sorted(found(other, q)) for q in ("粮", "招待", "礼金", "储备")}
    other.rebuild_search()
    assert {q: sorted(found(other, q)) for q in before} == before


INJECTIONS = [
    '"', '""', "'", "*", "**", "NEAR(", "NEAR(招待 粮食)", "NEAR", "OR", "AND", "NOT", "NOT 招待",
    "secret:x", "uni:粮食", "bi:招待", "{uni}:x", "{uni bi}:粮食", "{bi}", "^招待", "-招待", "+", ")(", "(", ")",
    "招待 OR 粮食", "招待 AND 粮食", '招待" OR "粮食', '"招待" "粮食"', "招待*", "粮*", "招待 -粮食",
    "rowid:1", "search:招待", "\\", "%", "_", "\x00", "招待\x00粮食", ":", "::", "{", "}", "[]", "a" * 500,
    "招待 " * 40, "；".join(["粮食"] * 100), "\ue000招待\ue001", "\U0010fffd", "\U0010fffd 粮食",
]


@pytest.mark.parametrize("query", INJECTIONS, ids=[repr(q)[:30] for q in INJECTIONS])
def test_hostile_queries_never_raise_and_never_widen(filled: tuple[Vault, dict[str, Record]], query: str) -> None:
    vault, recs = filled
    vault.records.save(Petition(channel="来信", summary="招待 or 粮食: secret:x NEAR {uni}:x"))
    built = build_query(query)
    if built is not None:  # what we hand SQLite is valid FTS5, not an error swallowed by search()
        vault.con.execute("SELECT count(*) FROM search WHERE search MATCH ?", (built.match,)).fetchone()
    hits = vault.search(query, limit=1000)
    assert set(h.record_id for h in hits) <= widest(vault, query), query
    for h in hits:
        assert MARK_START not in h.title


def test_or_is_a_word_not_an_operator(filled: tuple[Vault, dict[str, Record]]) -> None:
    vault, recs = filled
    both = vault.records.save(Problem(title="招待与粮食", heading="落实全面从严治党战略部署", description="两者都有"))
    literal = vault.records.save(Petition(channel="来信", summary="招待 OR 粮食"))
    order = vault.records.save(Petition(channel="来信", summary="粮食 order 招待"))  # 'or' starts a word here
    assert containing(vault, "招待") - containing(vault, "粮食")  # records with only one of the words exist
    hits = set(found(vault, "招待 OR 粮食"))
    assert hits == {literal.id, order.id}
    assert both.id not in hits
    assert hits <= containing(vault, "招待", "粮食", "or")
    assert set(found(vault, "招待 AND 粮食")) == set()
    assert set(found(vault, "secret:x")) == set()
    tagged = vault.records.save(Petition(channel="来信", summary="备注 secret:x 字样"))
    assert set(found(vault, "secret:x")) == {tagged.id}
    assert found(vault, "NEAR(招待") == []
    assert found(vault, ")(") == [] and found(vault, '"') == [] and found(vault, "*") == []


def test_empty_and_blank_queries(filled: tuple[Vault, dict[str, Record]]) -> None:
    vault, _ = filled
    for q in ("", " ", "\n\t", "，。！", "\u200b"):
        assert vault.search(q) == []


def test_a_stored_rows_entry_is_its_records_entry(make_vault: Callable[..., Vault]) -> None:
    # A merge indexes the rows it projects without building records (app/storage/search.py row_entry):
    # every kind of the team demo, and a deleted record, give what the record gives.
    from app.demo import fill
    from app.storage.search import entry, row_entry
    from app.storage.store import _columns, table

    vault = make_vault("demo.xcv")
    fill(vault, scale="team", seed=3)
    first = vault.records.list("interview")[0]
    vault.records.save(dataclasses.replace(first, deleted=True))
    seen = 0
    for kind, spec in KINDS.items():
        for row in vault.con.execute(f"SELECT {', '.join(_columns(spec))} FROM {table(kind)}"):
            assert row_entry(kind, list(row)) == entry(vault.records.get(row[0], kind)), (kind, row[0])
            seen += 1
    assert seen > 1000 and entry(vault.records.get(first.id)) is None
