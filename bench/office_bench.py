"""Office planning benchmark (issue 13): ``propose`` and ``plan --check`` against raw baselines, in one run.

    .venv/bin/python bench/office_bench.py [--seed 5] [--repeat 5] [--vault o.xcv --round 十二届市委第五轮巡察]

Prints, side by side:
- propose: app/domain/planning.py ``propose`` for 83 teams (~540 members, ~1,000 declarations) ×
  837 units (~10,000 roster people), built in memory, against a plain-Python loop over all 69,471
  team–unit pairs testing sets of the same declarations built beforehand (the least any helper has
  to do: every pair is looked at once). Target ≤ 3×.
- plan --check (with ``--vault``): the ``plan VAULT --round T --check`` command in-process,
  end to end (open the vault, read the round, check, print), against a raw SELECT of the same
  rows from the open vault's connection plus the same pair loop. Target ≤ 5×.
- 汇总 (with ``--stats-vault``): app/services/summary.py compute_summary against the same figures by
  raw SQL GROUP BY on the open connection. Target ≤ 5×.
- repeats (issue 14 §2, ``--repeats-only`` for it alone): app/domain/revisit.py ``repeats`` over two
  synthetic rounds of 837 organisations, cold (the session's bigram sets emptied first) and warm, against
  a dict join on (org_key, heading, tag). Target ≤ 5×.
- stats --out (with ``--stats-vault``): the units table written by app/services/stats.py write_workbook
  against openpyxl write-only fed plain lists of the same cells. Target ≤ 2×.
Ratios are printed, never asserted (tests do not time anything).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.planning import (  # noqa: E402
    History,
    MemberPlan,
    PastPost,
    PlanSettings,
    Proposal,
    Recusal,
    RoundInput,
    TeamPlan,
    UnitPlan,
    norm,
    places,
    propose,
    unit_key,
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "明华强军平伟芳娟敏静丽勇杰涛斌磊超霞燕红"
DEPTS = ("财政局", "教育局", "粮食和物资储备局", "农业农村局", "卫生健康局", "人民医院", "水利局", "交通运输局",
         "自然资源局", "住房和城乡建设局", "国有资产服务中心", "城市建设投资集团有限公司", "市场监督管理局",
         "民政局", "人力资源和社会保障局", "公安局", "人民法院", "人民检察院", "审计局", "统计局", "林业局",
         "文化和旅游局", "商务局", "应急管理局", "生态环境局", "医疗保障局", "信访局", "退役军人事务局",
         "第一中学", "城关镇", "东湖镇", "西山乡")
ROLES = ("组长", "副组长", "组员", "组员", "组员", "联络员", "组员")
COUNTIES = tuple(f"{c}县" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def make_round(seed: int = 5, n_teams: int = 83, n_units: int = 837) -> RoundInput:
    """A synthetic office round at the issue's scale: 7 city teams and 76 from the counties' 巡察办,
    about a third of the units 交叉, ~540 members with varied homes, ~1,000 recusal declarations and
    past posts, ~10,000 people on the units' rosters, last round's leaders and 交叉 pairs."""
    rng = random.Random(seed)
    units = []
    for k in range(n_units):
        jur = COUNTIES[k % len(COUNTIES)]
        dept = DEPTS[(k // len(COUNTIES)) % len(DEPTS)]
        mode = "交叉" if rng.random() < 1 / 3 else ("提级" if rng.random() < 0.1 else "本级")
        roster = tuple(name(rng) for _ in range(rng.randrange(6, 19)))
        units.append(UnitPlan(f"u{k:04d}", f"{jur}{dept}党组", f"ORG{k:04d}", jur, f"{jur}人民政府", mode, roster))
    unit_names = [u.name for u in units]
    teams = []
    for i in range(n_teams):
        home = "某市" if i < 7 else COUNTIES[i % len(COUNTIES)]
        members = []
        for m in range(rng.choice((6, 6, 7, 7, 6, 5))):
            role = ROLES[m % len(ROLES)]
            mhome = home if rng.random() < 0.6 else rng.choice(COUNTIES)
            recusals = []
            for _ in range(rng.choice((1, 2, 2, 3, 4))):
                target = rng.choice(units)
                if rng.random() < 0.5:
                    recusals.append(Recusal(rng.choice(target.roster), target.name.removesuffix("党组"), "亲属"))
                else:
                    recusals.append(Recusal(name(rng), "", "同学"))
            posts = tuple(PastPost(rng.choice(unit_names).removesuffix("党组"), "", 2012,
                                   rng.choice((2016, 2021, None))) for _ in range(rng.choice((0, 1, 1, 2))))
            members.append(MemberPlan(f"m{i:02d}-{m}", name(rng), role, mhome, f"RC{i * 10 + m:05d}", tuple(recusals),
                                      posts))
        composition = "联动式" if rng.random() < 0.1 else "成建制"
        teams.append(TeamPlan(f"t{i:02d}", f"第{i + 1}巡察组", home, composition, rng.choice((None, 12, 14)),
                              members[0].staff_key, tuple(members), i + 1))
    leaders = {u.org_key: f"RC{rng.randrange(n_teams) * 10:05d}" for u in units}
    pairs = frozenset((rng.choice(COUNTIES), rng.choice(COUNTIES)) for _ in range(20))
    return RoundInput(tuple(teams), tuple(units), History(leaders, pairs), PlanSettings(2024))


def baseline_sets(data: RoundInput) -> tuple[list[tuple[str, set[str], set[str], set[str], set[str]]],
                                              list[tuple[str, str, str, bool, set[str]]]]:
    """Per team and per unit, plain sets of the same facts (no normalisation, no reasons)."""
    year = data.settings.year - data.settings.past_post_years
    teams = []
    for t in data.teams:
        homes = {m.home_jurisdiction for m in t.members}
        units = {r.unit for m in t.members for r in m.recusals if r.unit}
        persons = {r.person for m in t.members for r in m.recusals if r.person and not r.unit}
        past = {p.unit for m in t.members for p in m.past_posts if p.to_year is None or p.to_year >= year}
        teams.append((t.home_jurisdiction, homes, units, persons, past))
    units_out = [(u.name.removesuffix("党组"), u.supervisor, u.jurisdiction, u.mode == "交叉", set(u.roster))
                 for u in data.units]
    return teams, units_out


def baseline_loop(teams: list[tuple[str, set[str], set[str], set[str], set[str]]],
                  units: list[tuple[str, str, str, bool, set[str]]]) -> int:
    """Every team–unit pair, tested against the sets: how many are free of hard conflicts."""
    free = 0
    for home, homes, declared, persons, past in teams:
        for key, supervisor, jur, cross, roster in units:
            if cross and (jur == home or jur in homes):
                continue
            if key in declared or key in past or supervisor in past:
                continue
            if not roster.isdisjoint(persons):
                continue
            free += 1
    return free


def interleaved(fns: list[Callable[[], object]], repeat: int) -> tuple[list[float], list[object]]:
    """Median time of each function, run in turn ``repeat`` times (so a busy machine slows each alike)."""
    times: list[list[float]] = [[] for _ in fns]
    outs: list[object] = [None] * len(fns)
    for _ in range(repeat):
        for n, fn in enumerate(fns):
            start = time.perf_counter()
            outs[n] = fn()
            times[n].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times], outs


def cold_caches() -> None:
    """Forget the names normalised by an earlier run (app/domain/planning.py caches them)."""
    for cached in (norm, unit_key, places):
        cached.cache_clear()


def bench_propose(seed: int, repeat: int) -> None:
    data = make_round(seed)
    members = sum(len(t.members) for t in data.teams)
    declarations = sum(len(m.recusals) for t in data.teams for m in t.members)
    posts = sum(len(m.past_posts) for t in data.teams for m in t.members)
    roster = sum(len(u.roster) for u in data.units)
    cross = sum(1 for u in data.units if u.mode == "交叉")
    print(f"round: {len(data.teams)} teams, {members} members, {declarations} declarations, {posts} past posts; "
          f"{len(data.units)} units ({cross} 交叉), {roster} roster people; "
          f"{len(data.teams) * len(data.units)} pairs")
    sets = baseline_sets(data)

    def ours() -> Proposal:
        cold_caches()
        return propose(data)

    (t_sets, t_loop, t_ours), (_, free, result) = interleaved(
        [lambda: baseline_sets(data), lambda: baseline_loop(*sets), ours], repeat)
    assert isinstance(result, Proposal)
    placed = sum(1 for r in result.rows if r.team_id is not None)
    warned = sum(1 for r in result.rows if r.warnings)
    loads = sorted(result.loads.values())
    print(f"propose (median of {repeat})")
    print(f"  baseline: the pair loop over precomputed sets   {t_loop * 1000:8.1f} ms   ({free} pairs free)")
    print(f"  baseline: building those sets                   {t_sets * 1000:8.1f} ms")
    print(f"  propose (indexes, greedy, matching, levelling)  {t_ours * 1000:8.1f} ms   "
          f"placed {placed}/{len(data.units)}, {warned} with soft warnings, loads {loads[0]}–{loads[-1]}")
    print(f"  ratio propose / loop                            {t_ours / t_loop:8.2f}x   (target ≤ 3×)")
    print(f"  ratio propose / (sets + loop)                   {t_ours / (t_sets + t_loop):8.2f}x")


def fill_vault(path: Path, data: RoundInput) -> str:
    """A new office vault holding ``data`` as records (round, teams, members, units, people), the
    units assigned as ``propose`` would; returns the round's title."""
    from app.domain.clock import uuid7
    from app.domain.records import Member, Person, Record, Round, Team, Unit
    from app.storage.kdf import KdfParams
    from app.storage.vault import Vault

    rnd = Round(id=uuid7(), title="基准轮次", kind="专项", year=data.settings.year)
    ids = {t.id: uuid7() for t in data.teams}
    assignment = propose(data).assignment
    records: list[Record] = [rnd]
    for t in data.teams:
        records.append(Team(id=ids[t.id], name=t.name, round_id=rnd.id, number=t.number,
                            home_jurisdiction=t.home_jurisdiction, composition=t.composition, capacity=t.capacity))
        for m in t.members:
            records.append(Member(
                id=uuid7(), name=m.name, team_id=ids[t.id], role=m.role, home_jurisdiction=m.home_jurisdiction,
                staff_key=m.staff_key,
                recusals=[{"person": r.person, "unit": r.unit, "relation": r.relation} for r in m.recusals],
                past_posts=[{"unit": p.unit, "region": p.region, "from_year": str(p.from_year or ""),
                             "to_year": str(p.to_year or "")} for p in m.past_posts]))
    for u in data.units:
        team = assignment[u.id]
        unit = Unit(id=uuid7(), name=u.name, round_id=rnd.id, org_key=u.org_key, jurisdiction=u.jurisdiction,
                    supervisor=u.supervisor, mode=u.mode, team_id=ids[team] if team else None)
        records.append(unit)
        records.extend(Person(id=uuid7(), name=n, unit_id=unit.id) for n in u.roster)
    with Vault.create(path, BENCH_PASSPHRASE, role="office", owner="基准", kdf=KdfParams()) as vault:
        vault.records.save_many(records)
    return rnd.title


BENCH_PASSPHRASE = "office bench passphrase 2024"


def raw_check(path: Path, title: str) -> tuple[float, int]:
    """The baseline of ``plan --check``: the same rows by raw SELECT from the open vault's connection
    (JSON rows decoded), plain sets, the pair loop; the vault opened beforehand (not timed)."""
    import json

    from app.storage.vault import Vault

    with Vault.open(path, BENCH_PASSPHRASE) as vault:
        con = vault.con
        start = time.perf_counter()
        (round_id,) = con.execute("SELECT id FROM r_round WHERE title = ? AND deleted = 0", (title,)).fetchone()
        teams = {tid: (home, set(), set(), set(), set()) for tid, home in con.execute(
            "SELECT id, home_jurisdiction FROM r_team WHERE round_id = ? AND deleted = 0", (round_id,))}
        for team_id, home, recusals, posts in con.execute(
                "SELECT team_id, home_jurisdiction, recusals, past_posts FROM r_member WHERE deleted = 0"):
            if team_id not in teams:
                continue
            _, homes, units, persons, past = teams[team_id]
            homes.add(home)
            for r in json.loads(recusals or "[]"):
                (units.add(r["unit"]) if r.get("unit") else persons.add(r.get("person", "")))
            past.update(p["unit"] for p in json.loads(posts or "[]"))
        rows = con.execute("SELECT id, name, supervisor, jurisdiction, mode FROM r_unit"
                           " WHERE round_id = ? AND deleted = 0", (round_id,)).fetchall()
        roster: dict[str, set[str]] = {r[0]: set() for r in rows}
        for unit_id, name in con.execute("SELECT unit_id, name FROM r_person WHERE deleted = 0"):
            if unit_id in roster:
                roster[unit_id].add(name)
        units_out = [(n.removesuffix("党组"), s or "", j or "", m == "交叉", roster[i]) for i, n, s, j, m in rows]
        free = baseline_loop(list(teams.values()), units_out)
        return time.perf_counter() - start, free


def bench_check(seed: int, repeat: int, vault_path: str | None, title: str | None) -> None:
    import contextlib
    import io
    import tempfile

    from app.cli import main as cli_main
    from app.storage.vault import Vault

    with tempfile.TemporaryDirectory() as tmp:
        if vault_path is None:
            path = Path(tmp) / "office-bench.xcv"
            start = time.perf_counter()
            title = fill_vault(path, make_round(seed))
            print(f"plan --check: a vault of the synthetic round built in {time.perf_counter() - start:.1f} s")
            passphrase = BENCH_PASSPHRASE
        else:
            path, passphrase = Path(vault_path), os.environ.get("XUNCHA_PASSPHRASE", "")
        assert title is not None
        os.environ["XUNCHA_PASSPHRASE"] = passphrase

        def command() -> int:
            cold_caches()
            with contextlib.redirect_stdout(io.StringIO()):
                return cli_main(["plan", str(path), "--round", title, "--check"])

        def unlock() -> None:
            Vault.open(path, passphrase).close()


        times: list[list[float]] = [[], [], []]
        for _ in range(repeat):
            for n, fn in enumerate((command, unlock)):
                start = time.perf_counter()
                fn()
                times[n].append(time.perf_counter() - start)
            times[2].append(raw_check(path, title)[0])
        t_cmd, t_open, t_raw = (statistics.median(t) for t in times)
        print(f"plan --check end to end (median of {repeat})")
        print(f"  baseline: raw SELECT of the same rows + the pair loop   {t_raw * 1000:8.1f} ms")
        print(f"  Vault.open alone (Argon2id at the default cost)          {t_open * 1000:8.1f} ms")
        print(f"  plan --check (open, read, check, print)                  {t_cmd * 1000:8.1f} ms")
        print(f"  ratio command / baseline                                 {t_cmd / t_raw:8.2f}x   (target ≤ 5×)")
        print(f"  ratio command / (open + baseline)                        {t_cmd / (t_open + t_raw):8.2f}x")
        print(f"  ratio (command − open) / baseline                        {(t_cmd - t_open) / t_raw:8.2f}x")

# --- repeats (issue 14 §2): 回头看 over two rounds ---------------------------------------------------

REPEAT_TITLES = ("公务接待管理不规范", "公务用车管理使用不规范", "会议费培训费列支不规范", "违规发放津贴补贴",
                 "政府采购程序不规范", "财务管理不规范", "“三重一大”决策制度执行不严格", "工程项目建设管理不严",
                 "民主生活会质量不高", "理论学习中心组学习制度落实不到位", "基层党组织换届不及时", "党费收缴不规范",
                 "干部选拔任用程序不规范", "干部人事档案管理不规范", "上轮巡察整改不到位", "审计整改不彻底",
                 "粮食安全责任制落实有差距", "惠农补贴发放台账与银行代发记录不一致", "重点项目推进滞后",
                 "整改长效机制建设滞后")
REPEAT_HEADINGS = ("落实党的路线方针政策和上级决策部署", "落实全面从严治党战略部署", "落实新时代党的组织路线",
                   "落实巡视巡察、审计等监督发现问题整改")


def repeat_rounds(seed: int, orgs: int = 837, per_unit: int = 6) -> tuple[list[object], list[object]]:
    """Two rounds of ``orgs`` organisations with ``per_unit`` problems each (~5,000 a round): each title
    has a fixed heading and one of 12 tags, its text the title and figures that differ from round to round."""
    from app.domain.revisit import ProblemFacts

    rng = random.Random(seed)
    kinds = {t: (REPEAT_HEADINGS[i % 4], f"标签{i % 12}") for i, t in enumerate(REPEAT_TITLES)}

    def one_round(tag: str) -> list[object]:
        out: list[object] = []
        for org in range(orgs):
            for n, title in enumerate(rng.sample(REPEAT_TITLES, per_unit)):
                heading, ptag = kinds[title]
                text = (f"{title}\n{rng.randrange(2019, 2024)}年以来有{rng.randrange(2, 30)}笔共计"
                        f"{rng.randrange(1, 90) / 10}万元相关支出未按规定审批，涉及{rng.randrange(1, 9)}个科室。")
                statuses = tuple(rng.choice(("已销号", "已完成", "整改中")) for _ in range(rng.randrange(1, 3)))
                out.append(ProblemFacts(f"{tag}-{org}-{n}", f"key:{org:06d}", tag, heading, ptag, text, statuses))
        return out

    return one_round("r4"), one_round("r5")


def bench_repeats(seed: int, repeat: int) -> None:
    """app/domain/revisit.py ``repeats`` against a dict join on (org_key, heading, tag). Target ≤ 5×.

    Cold: the session's cache of bigram sets emptied before each run (a `stats --table repeats`
    process, or 汇总's first load); warm: a later load in the same session (汇总 again, the same texts)."""
    from app.domain.revisit import ProblemFacts, cached_bigrams, repeats

    earlier, current = repeat_rounds(seed)
    past: list[ProblemFacts] = [p for p in earlier if isinstance(p, ProblemFacts)]
    now: list[ProblemFacts] = [p for p in current if isinstance(p, ProblemFacts)]

    def cold() -> int:
        cached_bigrams.cache_clear()
        return len(repeats(now, past, 0.5))

    def warm() -> int:
        return len(repeats(now, past, 0.5))

    def baseline() -> int:
        index = {(p.org, p.heading, p.tag): p.id for p in past}
        return sum(1 for p in now if (p.org, p.heading, p.tag) in index)

    (t_cold, t_warm, t_base), (n_ours, _, n_base) = interleaved([cold, warm, baseline], repeat)
    print(f"repeats over 2 rounds x 837 units ({len(past)} + {len(now)} problems; median of {repeat}), "
          f"{n_ours} flagged, {cached_bigrams.cache_info().currsize} texts segmented")
    print(f"  baseline: dict join on (org_key, heading, tag)   {t_base * 1000:8.1f} ms   ({n_base} joined)")
    print(f"  repeats, cold (bigram sets made)                 {t_cold * 1000:8.1f} ms   ratio {t_cold / t_base:7.2f}x")
    print(f"  repeats, warm (bigram sets of the session)       {t_warm * 1000:8.1f} ms   ratio {t_warm / t_base:7.2f}x"
          "   (target ≤ 5×)")


# --- statistics (issue 14): 汇总 against raw SQL GROUP BY, stats --out against plain openpyxl -----------


def raw_summary(con: object, round_id: str, cadre: str) -> list[object]:
    """The baseline of 汇总: the same figures by plain GROUP BY queries on the vault's connection."""
    q = con.execute  # type: ignore[attr-defined]
    out: list[object] = []
    units = "(SELECT id FROM r_unit WHERE round_id = ? AND deleted = 0)"
    for kind in ("interview", "petition", "lead", "paper", "problem"):
        out.append(q(f"SELECT unit_id, count(*) FROM r_{kind} WHERE deleted = 0 AND unit_id IN {units} "
                     "GROUP BY unit_id", (round_id,)).fetchall())
        out.append(q(f"SELECT team_id, count(*) FROM r_{kind} WHERE deleted = 0 AND unit_id IN {units} "
                     "GROUP BY team_id", (round_id,)).fetchall())
    out.append(q(f"SELECT unit_id, count(*), sum(cadre_level = ?) FROM r_lead WHERE deleted = 0 AND unit_id IN "
                 f"{units} AND (transferred_at IS NOT NULL OR status IN ('已移交', '已反馈', '已了结')) "
                 "GROUP BY unit_id",
                 (cadre, round_id)).fetchall())
    out.append(q("SELECT p.unit_id, count(*) FROM r_person p WHERE p.deleted = 0 AND p.mandatory = 1 AND "
                 f"p.unit_id IN {units} AND EXISTS (SELECT 1 FROM r_interview i WHERE i.person_id = p.id) "
                 "GROUP BY p.unit_id", (round_id,)).fetchall())
    out.append(q(f"SELECT unit_id, count(*), sum(status IN ('已完成', '已销号')) FROM r_rectification "
                 f"WHERE deleted = 0 AND unit_id IN {units} GROUP BY unit_id", (round_id,)).fetchall())
    for field in ("source", "discipline", "cadre_level", "disposal_route", "status"):
        out.append(q(f"SELECT {field}, count(*) FROM r_lead WHERE deleted = 0 AND unit_id IN {units} "
                     f"GROUP BY {field}", (round_id,)).fetchall())
    for kind in ("paper", "problem"):
        for field in ("heading", "tag"):
            out.append(q(f"SELECT {field}, count(*) FROM r_{kind} WHERE deleted = 0 AND unit_id IN {units} "
                         f"GROUP BY {field}", (round_id,)).fetchall())
    out.append(q("SELECT mode, count(*) FROM r_unit WHERE round_id = ? AND deleted = 0 GROUP BY mode",
                 (round_id,)).fetchall())
    return out


def bench_stats(vault_path: str, title: str, repeat: int) -> None:
    import datetime as dt
    import io
    import tempfile

    from openpyxl import Workbook

    from app.services import stats
    from app.services.rounds import find_round
    from app.services.summary import compute_summary
    from app.storage.vault import Vault

    today = dt.date(2024, 12, 1)
    with Vault.open(vault_path, os.environ.get("XUNCHA_PASSPHRASE", "")) as vault:
        total = sum(vault.counts().values())
        round_id = find_round(vault, title).id
        (t_ours, t_raw), _ = interleaved([lambda: compute_summary(vault, round_id, today),
                                          lambda: raw_summary(vault.con, round_id, "县管干部")], repeat)
        print(f"汇总 on {vault_path} ({total} records; median of {repeat})")
        print(f"  baseline: raw SQL GROUP BY of the same figures            {t_raw * 1000:8.1f} ms")
        print(f"  compute_summary (teams, units, leads, headings, cross, rectification) {t_ours * 1000:8.1f} ms")
        print(f"  ratio                                                    {t_ours / t_raw:8.2f}x   (target ≤ 5×)")

        table = stats.compute(vault, "units", stats.StatQuery(round_id, today))
        with tempfile.TemporaryDirectory() as tmp:
            n = [0]

            def ours() -> None:
                n[0] += 1
                stats.write_workbook(vault, Path(tmp) / f"ours{n[0]}.xlsx", [table])

            def plain() -> None:
                n[0] += 1
                wb = Workbook(write_only=True)
                ws = wb.create_sheet(table.title)
                ws.append([c.label for c in table.columns])
                for row in table.rows:
                    ws.append(list(row))
                buf = io.BytesIO()
                wb.save(buf)
                (Path(tmp) / f"plain{n[0]}.xlsx").write_bytes(buf.getvalue())

            (t_ours, t_raw), _ = interleaved([ours, plain], repeat)
        print(f"stats --table units --out ({len(table.rows)} rows × {len(table.columns)} columns; median of {repeat})")
        print(f"  baseline: openpyxl write-only, plain lists of the same cells {t_raw * 1000:8.1f} ms")
        print(f"  stats write_workbook (text cells, atomic write, journal)    {t_ours * 1000:8.1f} ms")
        print(f"  ratio                                                    {t_ours / t_raw:8.2f}x   (target ≤ 2×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stats-vault", help="an office vault (e.g. the demo) for the 汇总 and stats --out rows")
    parser.add_argument("--stats-round", default="十二届市委第五轮巡察", help="the round of --stats-vault")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--vault", help="an office vault to run plan --check on (XUNCHA_PASSPHRASE)")
    parser.add_argument("--round", help="the round of --vault")
    parser.add_argument("--skip-check", action="store_true", help="only the propose figures")
    parser.add_argument("--repeats-only", action="store_true", help="only the repeats figures (issue 14)")
    args = parser.parse_args()
    print(f"office bench: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    if args.stats_vault:
        bench_stats(args.stats_vault, args.stats_round, min(args.repeat, 5))
    bench_repeats(args.seed, args.repeat)
    if args.repeats_only:
        return
    bench_propose(args.seed, args.repeat)
    if not args.skip_check:
        bench_check(args.seed, min(args.repeat, 5), args.vault, args.round)


if __name__ == "__main__":
    main()
