"""回头看 (issue 14 §2): repeated problems across rounds, a unit's history, accepting a repeat as a
重复发现 link, the origin of a lower office's findings (app/domain/revisit.py, app/services/revisit.py,
app/cli/revisit.py)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import cli
from app.demo.office import HISTORY_UNIT, ROUND4, ROUND5, OfficeGenerator
from app.demo.office import PAPER_ONLY as DEMO_PAPER_ONLY
from app.demo.office import REPEATED as DEMO_REPEATED
from app.domain.links import REPEATED as REPEATED_RELATION
from app.domain.names import attribution, origin_label
from app.domain.records import Link, Problem, Rectification, Round, Setting, Team, Unit
from app.domain.revisit import (
    PAPER_ONLY,
    REPEATED,
    ProblemFacts,
    RoundFacts,
    lower_rounds,
    org_identity,
    repeats,
    round_facts,
)
from app.domain.segmentation import bigrams, jaccard
from app.services.revisit import RevisitError, accept_repeats, find_org, find_repeats, unit_history
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE

HEADING = "落实全面从严治党战略部署"
OTHER_HEADING = "落实新时代党的组织路线"
EARLIER_TEXT = "公务接待管理不规范\n2022年度有8笔公务接待无公函，超标准接待2次，涉及金额1.2万元。"
LATER_TEXT = "公务接待管理不规范\n2023年度有5笔公务接待无公函，超标准接待3次，涉及金额0.9万元。"


def make_round(vault: Vault, number: int, year: int) -> Round:
    return vault.records.save(Round(title=f"十二届市委第{number}轮巡察", session="十二届", number=number, year=year,
                                    kind="常规", committee="中共某市委员会"))


def make_unit(vault: Vault, rnd: Round, name: str, org_key: str = "") -> Unit:
    team = vault.records.save(Team(name="第三巡察组", round_id=rnd.id, number=3))
    unit = Unit(name=name, round_id=rnd.id, team_id=team.id)
    unit.org_key = org_key
    return vault.records.save(unit)


def make_problem(vault: Vault, unit: Unit, text: str, *, heading: str = HEADING, tag: str = "",
                 statuses: tuple[str, ...] = ()) -> Problem:
    title, description = text.split("\n", 1)
    problem = vault.records.save(Problem(title=title, description=description, heading=heading, tag=tag,
                                         unit_id=unit.id, team_id=unit.team_id, seq=1))
    for status in statuses:
        item = Rectification(title=f"整改：{title}", problem_id=problem.id, unit_id=unit.id, measures="修订制度",
                             status=status)
        if status == "已销号":
            item.completed_at, item.closed_at = dt.date(2024, 3, 1), dt.date(2024, 3, 20)
        if status == "已完成":
            item.completed_at = dt.date(2024, 3, 1)
        vault.records.save(item)
    return problem


# --- the three cases of the issue ---------------------------------------------------------------------


def test_a_closed_out_problem_found_again_in_the_next_round_is_one_paper_only_repeat(vault: Vault) -> None:
    r4, r5 = make_round(vault, 4, 2023), make_round(vault, 5, 2024)
    u4 = make_unit(vault, r4, "A县农业农村局党组", "11330000MB0000001X")
    u5 = make_unit(vault, r5, "A县农业农村局党组", "11330000MB0000001X")
    earlier = make_problem(vault, u4, EARLIER_TEXT, statuses=("已销号",))
    later = make_problem(vault, u5, LATER_TEXT)
    found = find_repeats(vault)
    assert found.round_title == r5.title
    assert [(row.current_id, row.earlier_id) for row in found.rows] == [(later.id, earlier.id)]
    assert found.rows[0].flags == (REPEATED, PAPER_ONLY)
    assert (found.count, found.paper_only) == (1, 1)


def test_the_same_organisation_renamed_still_matches_by_org_key(vault: Vault) -> None:
    r4, r5 = make_round(vault, 4, 2023), make_round(vault, 5, 2024)
    u4 = make_unit(vault, r4, "A县农业局党组", "11330000MB0000001X")
    u5 = make_unit(vault, r5, "A县农业农村局党组", "11330000MB0000001X")
    other = make_unit(vault, r4, "A县农业农村局党组", "11330000MB0000002Y")  # same name, another organisation
    earlier = make_problem(vault, u4, EARLIER_TEXT, statuses=("已完成", "整改中"))
    make_problem(vault, other, EARLIER_TEXT, statuses=("已销号",))
    later = make_problem(vault, u5, LATER_TEXT)
    rows = find_repeats(vault).rows
    assert [(row.current_id, row.earlier_id) for row in rows] == [(later.id, earlier.id)]
    assert rows[0].flags == (REPEATED,)  # one item still 整改中: not on paper only


def test_a_dissimilar_problem_is_not_flagged(vault: Vault) -> None:
    r4, r5 = make_round(vault, 4, 2023), make_round(vault, 5, 2024)
    u4 = make_unit(vault, r4, "A县农业农村局党组", "11330000MB0000001X")
    u5 = make_unit(vault, r5, "A县农业农村局党组", "11330000MB0000001X")
    make_problem(vault, u4, EARLIER_TEXT, tag="中央八项规定精神/“四风”", statuses=("已销号",))
    make_problem(vault, u5, "政府采购程序不规范\n3个项目化整为零规避公开招标，采购文件未经集体研究。",
                 tag="三重一大")
    make_problem(vault, u5, LATER_TEXT, heading=OTHER_HEADING)  # similar text under another heading
    assert find_repeats(vault).rows == ()


# --- the rule in the domain ------------------------------------------------------------------------


def facts(pid: str, text: str, *, tag: str = "", org: str = "key:1", heading: str = HEADING,
          statuses: tuple[str, ...] = ()) -> ProblemFacts:
    return ProblemFacts(pid, org, "r", heading, tag, text, statuses)


def test_same_tag_matches_whatever_the_text_and_similarity_follows_the_setting() -> None:
    a, b = facts("a", EARLIER_TEXT), facts("b", LATER_TEXT)
    score = jaccard(bigrams(EARLIER_TEXT), bigrams(LATER_TEXT))
    assert 0.3 < score < 0.9
    assert [r.earlier for r in repeats([b], [a], score)] == ["a"]
    assert repeats([b], [a], score + 0.01) == []
    tagged = [facts("c", "完全不同的内容", tag="四风")]
    assert [r.earlier for r in repeats([facts("d", "别的问题表现", tag="四风")], tagged, 0.99)] == ["c"]
    assert repeats([facts("d", "别的问题表现", tag="四风", org="key:2")], tagged, 0.0) == []  # another organisation


def test_paper_only_needs_every_item_done_and_at_least_one() -> None:
    later = facts("b", LATER_TEXT)
    for statuses, flags in (((), (REPEATED,)), (("已完成", "已销号"), (REPEATED, PAPER_ONLY)),
                            (("已销号", "整改中"), (REPEATED,))):
        assert repeats([later], [facts("a", EARLIER_TEXT, statuses=statuses)], 0.3)[0].flags == flags


def test_identity_is_the_org_key_else_the_nfkc_name() -> None:
    assert org_identity(" 11330000MB0000001X ", "甲") == org_identity("11330000mb0000001x", "乙")
    assert org_identity("", "Ａ县 农业局") == org_identity("", "A县农业局")
    assert org_identity("", "A县农业局") != org_identity("A县农业局", "")


def test_lower_rounds_by_level_or_parent() -> None:
    rounds = [RoundFacts("p", "省", None), RoundFacts("c", "市", None), RoundFacts("x", "", "p"),
              RoundFacts("own", "", None)]
    assert lower_rounds(rounds) == {"c", "x"}
    assert lower_rounds([RoundFacts("a", "市", None), RoundFacts("b", "市", "elsewhere")]) == frozenset()


def test_a_round_whose_figures_came_up_is_lower_even_without_a_round_of_its_own() -> None:
    """A new province vault holds only the city's round (an upward package's context): the city reported
    its figures for it (``stats.province:<round id>`` from another vault), so it is not the province's own."""
    city = Round(id="city-round", title="十二届市委第五轮巡察", level="市")
    other = Round(id="other-round", title="另一轮", level="市")
    settings = [Setting(key=f"stats.province:{city.id}", value='{"vault_id": "city-vault", "figures": {}}'),
                Setting(key=f"stats.province:{other.id}", value='{"vault_id": "prov-vault"}'),  # its own, sent
                Setting(key="stats.province:x", value="not json")]
    facts = round_facts([city, other], settings, "prov-vault")
    assert [f.reported for f in facts] == [True, False]
    assert lower_rounds(facts) == {city.id}
    assert lower_rounds(round_facts([city], [], "prov-vault")) == frozenset()  # nothing says it came from below


def test_origin_and_attribution_wording() -> None:
    rnd = Round(title="十二届市委第五轮巡察", session="十二届", number=5, committee="中共某市委员会")
    team = Team(name="第三巡察组")
    assert origin_label(rnd, team) == "十二届某市委第五轮巡察 · 第三巡察组"
    assert attribution(rnd, team) == "（据某市委第三巡察组巡察发现）"
    assert origin_label(Round(title="某县2024年专项巡察"), None) == "某县2024年专项巡察"


# --- history and accepting ---------------------------------------------------------------------------


def two_rounds(vault: Vault) -> tuple[Problem, Problem]:
    r4, r5 = make_round(vault, 4, 2023), make_round(vault, 5, 2024)
    u4 = make_unit(vault, r4, "A县农业农村局党组", "11330000MB0000001X")
    u5 = make_unit(vault, r5, "A县农业农村局党组", "11330000MB0000001X")
    earlier = make_problem(vault, u4, EARLIER_TEXT, statuses=("已销号",))
    later = make_problem(vault, u5, LATER_TEXT)
    make_problem(vault, u5, "党员发展程序不规范\n2名党员发展对象未经培训。", heading=OTHER_HEADING)
    return earlier, later


def test_history_lists_every_round_and_accepting_links_once(vault: Vault) -> None:
    earlier, later = two_rounds(vault)
    org = find_org(vault, "A县农业农村局党组")
    assert find_org(vault, "11330000mb0000001x") == org
    history = unit_history(vault, org)
    assert [r.title for r in history.rounds] == ["十二届市委第4轮巡察", "十二届市委第5轮巡察"]
    assert [p.title for p in history.rounds[0].problems] == ["公务接待管理不规范"]
    assert history.rounds[0].problems[0].items[0].status == "已销号"
    assert [(p.id, p.earlier_id, p.accepted) for p in history.flagged] == [(later.id, earlier.id, False)]
    made = accept_repeats(vault, org)
    assert [(link.src_id, link.dst_id, link.relation) for link in made] == [(later.id, earlier.id, REPEATED_RELATION)]
    assert accept_repeats(vault, org) == []
    assert len(vault.records.list(Link, where={"relation": REPEATED_RELATION})) == 1
    assert unit_history(vault, org).flagged[0].accepted
    assert find_repeats(vault).rows[0].accepted


def test_accepting_a_problem_that_is_not_flagged_writes_nothing(vault: Vault) -> None:
    earlier, later = two_rounds(vault)
    org = find_org(vault, "A县农业农村局党组")
    with pytest.raises(RevisitError):
        accept_repeats(vault, org, [later.id, earlier.id])
    assert vault.records.list(Link, where={"relation": REPEATED_RELATION}) == []
    with pytest.raises(RevisitError):
        find_org(vault, "没有这个单位")


def test_the_threshold_is_the_vault_setting(vault: Vault) -> None:
    two_rounds(vault)
    vault.records.save(Setting(key="revisit.similarity", value="0.95"))
    assert find_repeats(vault).rows == ()


def test_history_command_prints_flags_and_accepts(make_vault: Callable[..., Vault], capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    vault = make_vault("h.xcv")
    earlier, later = two_rounds(vault)
    path = Path(vault.path)
    vault.close()
    monkeypatch.setenv(cli.PASSPHRASE_ENV, PASSPHRASE)
    assert cli.main(["history", str(path), "--unit", "A县农业农村局党组"]) == 0
    shown = capsys.readouterr().out
    assert "轮次：十二届市委第4轮巡察" in shown and "整改：整改：公务接待管理不规范｜已销号｜回头看：未评估" in shown
    assert f"标记：屡改屡犯、纸面整改（上轮问题：公务接待管理不规范，编号 {earlier.id}）［未确认］" in shown
    assert "repeats: 1\n纸面整改: 1\n" in shown
    assert cli.main(["history", str(path), "--unit", "A县农业农村局党组", "--accept", later.id]) == 0
    shown = capsys.readouterr().out
    assert "［已确认重复发现］" in shown and "已确认重复发现：新建关联 1 条" in shown
    assert cli.main(["history", str(path), "--unit", "没有这个单位"]) == 1
    assert "错误：保密库中没有这个被巡察单位" in capsys.readouterr().err


def test_stats_table_repeats_prints_the_counts(make_vault: Callable[..., Vault], capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    vault = make_vault("s.xcv")
    two_rounds(vault)
    path = Path(vault.path)
    vault.close()
    monkeypatch.setenv(cli.PASSPHRASE_ENV, PASSPHRASE)
    assert cli.main(["stats", str(path), "--table", "repeats"]) == 0
    lines = capsys.readouterr().out.splitlines()
    score = jaccard(bigrams(EARLIER_TEXT), bigrams(LATER_TEXT))
    assert lines == ["repeat A县农业农村局党组: 公务接待管理不规范（屡改屡犯、纸面整改；上轮：公务接待管理不规范；"
                     f"相似度 {score:.2f}；未确认）", "repeats: 1", "纸面整改: 1"]
    assert cli.main(["stats", str(path), "--table", "repeats", "--round", "十二届市委第4轮巡察"]) == 0
    assert capsys.readouterr().out.splitlines() == ["repeats: 0", "纸面整改: 0"]


def test_the_office_demo_plants_what_docs_office_md_says() -> None:
    """12 repeats of round 4 in round 5, 5 of them 纸面整改, one in A县农业农村局党组 (docs/office.md)."""
    gen = OfficeGenerator(random.Random(5), 5)
    gen.build()
    rounds = {r.id: r for r in gen.records if isinstance(r, Round)}
    units = {u.id: u for u in gen.records if isinstance(u, Unit)}
    statuses: dict[str, list[str]] = {}
    for item in gen.records:
        if isinstance(item, Rectification) and item.problem_id:
            statuses.setdefault(item.problem_id, []).append(item.status)
    by_round: dict[str, list[ProblemFacts]] = {ROUND4: [], ROUND5: []}
    for p in gen.records:
        if isinstance(p, Problem):
            unit = units[p.unit_id or ""]
            by_round[rounds[unit.round_id or ""].title].append(
                ProblemFacts(p.id, org_identity(unit.org_key, unit.name), unit.round_id or "", p.heading, p.tag,
                             f"{p.title}\n{p.description}", tuple(statuses.get(p.id, ()))))
    found = repeats(by_round[ROUND5], by_round[ROUND4], 0.5)
    assert len(found) == DEMO_REPEATED == 12
    assert sum(r.paper_only for r in found) == DEMO_PAPER_ONLY == 5
    named = {u.id for u in units.values() if u.name == HISTORY_UNIT}
    problem_unit = {p.id: p.unit_id for p in gen.records if isinstance(p, Problem)}
    assert any(problem_unit[r.current] in named for r in found)


# --- upward findings --------------------------------------------------------------------------------


def province_with_city_finding(vault: Vault) -> tuple[Unit, Problem, Problem]:
    """A province office's own round and unit, and a city round's finding sent up (level 市)."""
    records = vault.records
    own = Round(title="涉粮问题专项巡视巡察", kind="专项", committee="中共某省委员会", number=1)
    own.level = "省"
    own = records.save(own)
    city = Round(title="十二届市委第五轮巡察", session="十二届", number=5, kind="常规", committee="中共某市委员会")
    city.level = "市"
    city = records.save(city)
    own_team = records.save(Team(name="第一巡视组", round_id=own.id, number=1))
    city_team = records.save(Team(name="第三巡察组", round_id=city.id, number=3))
    own_unit = records.save(Unit(name="某市粮食和物资储备局党组", round_id=own.id, team_id=own_team.id))
    city_unit = records.save(Unit(name="A县粮食收储有限公司党支部", round_id=city.id, team_id=city_team.id))
    mine = records.save(Problem(title="粮食收储监管不到位", heading=HEADING, unit_id=own_unit.id,
                                team_id=own_team.id, description="对下属企业收储环节监管缺位。", seq=1))
    theirs = records.save(Problem(title="虚增库存套取补贴", heading=HEADING, unit_id=city_unit.id,
                                  team_id=city_team.id, description="2023年虚增库存1200吨，套取保管费补贴。"))
    return own_unit, mine, theirs


def test_a_lower_offices_finding_shows_its_origin_in_search_and_lists(vault: Vault) -> None:
    from app.services.records import record_labels
    from app.services.search import search_grouped

    _, mine, theirs = province_with_city_finding(vault)
    hits = {h.record_id: h for g in search_grouped(vault, "库存").groups for h in g.hits}
    assert hits[theirs.id].origin == "十二届某市委第五轮巡察 · 第三巡察组"
    hits = {h.record_id: h for g in search_grouped(vault, "监管").groups for h in g.hits}
    assert hits[mine.id].origin == ""  # the office's own round
    labels = record_labels(vault, ["team"])["team"]
    assert labels[theirs.team_id or ""] == "十二届某市委第五轮巡察 · 第三巡察组"
    assert labels[mine.team_id or ""] == "第一巡视组"


def test_report_inspection_prints_a_cited_lower_finding_attributed(vault: Vault) -> None:
    from app.export.pdf.inspection_report import gather

    own_unit, mine, theirs = province_with_city_finding(vault)
    before = [p for items in gather(vault, own_unit).problems.values() for f in items for p in f.paragraphs]
    assert not any("巡察发现" in p for p in before)
    vault.records.link(mine.id, theirs.id, "成果运用")
    printed = [p for items in gather(vault, own_unit).problems.values() for f in items for p in f.paragraphs]
    assert printed[-1] == "虚增库存套取补贴：2023年虚增库存1200吨，套取保管费补贴。（据某市委第三巡察组巡察发现）"


def test_bigrams_fast_path_gives_what_the_segmenter_gives() -> None:
    from app.domain.segmentation import _bigrams_general, _normalize

    rng = random.Random(14)
    pool = "粮食安全责任制落实有差距，2023年度ABC abc；“三重一大”—①ｘ\u0301\u200b\u3000。、"
    for _ in range(500):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 30)))
        assert bigrams(text) == _bigrams_general(_normalize(text)), text
    assert bigrams("粮食安全 2023年") == {"粮食", "食安", "安全", "2023", "年"}


# --- the fast paths give what the plain rule gives (bench/README.md, "repeats") ---------------------------

_TEXT_POOL = ("粮食安全责任制落实有差距，2023年度ABCabc；“三重一大”—①ｘＡ\u0301\u200b\u3000。、…("
              "\u9fff\u4e00\uf900々")


def plain_tokens(text: str) -> frozenset[str]:
    from app.domain.segmentation import _bigrams_general, _normalize

    return _bigrams_general(_normalize(text))


def plain_repeats(current: list[ProblemFacts], earlier: list[ProblemFacts],
                  similarity: float) -> list[tuple[object, ...]]:
    """The rule of docs/office.md written the plain way: every candidate looked at, every text segmented."""
    out: list[tuple[object, ...]] = []
    for p in current:
        candidates = [q for q in earlier if q.org == p.org and q.heading == p.heading and q.id != p.id]
        same_tag = [q for q in candidates if p.tag and q.tag == p.tag]
        if same_tag:
            match, score = same_tag[-1], None
        else:
            # two texts without a token are not compared (as before the fast paths)
            scored = [(jaccard(plain_tokens(p.text), plain_tokens(q.text)), q) for q in candidates
                      if plain_tokens(p.text) or plain_tokens(q.text)]
            scored = [(v, q) for v, q in scored if v >= similarity]
            if not scored:
                continue
            best = max(v for v, _ in scored)
            match, score = next(q for v, q in scored if v == best), round(best, 4)
        done = bool(match.rect_statuses) and all(s in ("已完成", "已销号") for s in match.rect_statuses)
        flags = (REPEATED, PAPER_ONLY) if done else (REPEATED,)
        out.append((p.id, match.id, p.org, flags, score, score is None))
    return out


problem_facts = st.builds(
    ProblemFacts,
    id=st.sampled_from([f"p{i}" for i in range(12)]),
    org=st.sampled_from(["key:1", "key:2"]),
    round_id=st.just("r"),
    heading=st.sampled_from([HEADING, OTHER_HEADING]),
    tag=st.sampled_from(["", "", "招待", "用车"]),
    text=st.text(alphabet=_TEXT_POOL, max_size=24),
    rect_statuses=st.lists(st.sampled_from(["已完成", "已销号", "整改中"]), max_size=2).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(problem_facts, max_size=8), st.lists(problem_facts, max_size=8),
       st.sampled_from([0.0, 0.2, 0.5, 0.8, 1.0]))
def test_repeats_gives_what_the_plain_rule_gives(current: list[ProblemFacts], earlier: list[ProblemFacts],
                                                 similarity: float) -> None:
    assert [tuple(r) for r in repeats(current, earlier, similarity)] == plain_repeats(current, earlier, similarity)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_TEXT_POOL, max_size=40) | st.text(max_size=40))
def test_bigrams_of_any_text_are_those_of_its_nfkc_form(text: str) -> None:
    assert bigrams(text) == plain_tokens(text)


def test_the_plain_characters_are_what_the_segmenter_says() -> None:
    """Every character the plain path cuts without normalising: ASCII letters and digits are words and
    the CJK block ideographs, each its own NFKC form; every separator normalises to separators only."""
    import unicodedata

    from app.domain.segmentation import _CJK, _PLAIN_SEPARATORS, _SEP, _WORD, _char_class

    for cp in range(0x4E00, 0xA000):
        assert _char_class(chr(cp)) == _CJK and unicodedata.normalize("NFKC", chr(cp)) == chr(cp), hex(cp)
    for ch in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        assert _char_class(ch) == _WORD
    for ch in _PLAIN_SEPARATORS:
        assert _char_class(ch) == _SEP, hex(ord(ch))
        assert all(_char_class(c) == _SEP for c in unicodedata.normalize("NFKC", ch)), hex(ord(ch))
    assert unicodedata.combining(" ") == 0
