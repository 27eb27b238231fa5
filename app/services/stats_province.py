"""The ``province`` table: the 统计表 for the higher-level report (issue 14 §1), and the figures an
upward package carries to the higher office (``export --kind upward --with-stats``, §2).

Rows are fixed: 巡察单位数, 个别谈话人次, 受理信访件次, 发现问题数, 移交问题线索数, 其中<cadre>, 立行立改数,
整改完成率, 逾期整改数. Columns break this office's own figures down by the round's level and the unit's
mode, then 本级合计; then the lower offices' figures as they reported them (``setting`` records
``stats.province:<round id>``, one per reported round, summed per level: a newer package's figures
replace the older, they are never added twice); then the lower offices' individual findings that came
in upward packages (counted apart, never inside the own figures); then 总计.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from app.domain.records import Setting
from app.domain.revisit import REPORTED_PREFIX
from app.domain.vocab import SEED
from app.services.rounds import own_rounds
from app.services.stats import Cell, Column, StatQuery, StatTable, register
from app.services.stats_tables import UNSET, ordered
from app.storage import stats as sql
from app.storage.vault import Vault, seed_id

PREFIX = REPORTED_PREFIX
#: (count key of app/storage/stats.py per_owner, row label); 整改完成率 is rect_done / rect_items.
FIGURES = (("units", "巡察单位数"), ("interviews", "个别谈话人次"), ("petitions", "受理信访件次"),
           ("problems", "发现问题数"), ("leads_handed", "移交问题线索数"), ("leads_cadre_handed", "其中{cadre}"),
           ("rect_immediate", "立行立改数"), ("rate", "整改完成率"), ("rect_overdue", "逾期整改数"))
#: What is summed (the rate is computed from the two rect_ counts after summing).
COUNTS = ("units", "interviews", "petitions", "problems", "leads_handed", "leads_cadre_handed", "rect_immediate",
          "rect_items", "rect_done", "rect_overdue")


def _add(into: dict[str, int], more: Mapping[str, int]) -> None:
    for key in COUNTS:
        into[key] = into.get(key, 0) + int(more.get(key, 0))


def _rate(c: Mapping[str, int]) -> str | None:
    return f"{100 * c.get('rect_done', 0) / c['rect_items']:.1f}%" if c.get("rect_items") else None


def own_figures(vault: Vault, query: StatQuery, *,
                rounds: set[str] | None = None) -> dict[tuple[str, str], dict[str, int]]:
    """This office's own counts per (round level, unit mode), over ``rounds`` (default: its own rounds,
    or just ``query.round_id``)."""
    levels = sql.rounds_of(vault)
    own = rounds if rounds is not None else own_rounds(vault) | {""}  # a unit of no round is ours
    per_unit = sql.per_owner(vault, "unit", query.round_id, query.cadre, query.today)
    out: dict[tuple[str, str], dict[str, int]] = {}
    for unit_id, _name, mode, _team, round_id, _sector in sql.units_of(vault, query.round_id):
        if round_id not in own:
            continue
        cell = out.setdefault((levels.get(round_id, ("", ""))[1], mode), {})
        _add(cell, {"units": 1, **per_unit.get(unit_id, {})})
    return out


def received(vault: Vault) -> dict[str, dict[str, int]]:
    """The lower offices' reported totals (settings ``stats.province:*`` from other vaults), per level."""
    out: dict[str, dict[str, int]] = {}
    for setting in vault.records.iter(Setting):
        if not setting.key.startswith(PREFIX):
            continue
        try:
            data = json.loads(setting.value)
            if data.get("vault_id") == vault.info.vault_id or not isinstance(data.get("figures"), dict):
                continue
            figures = {k: int(v) for k, v in data["figures"].items() if k in COUNTS}
            level = str(data.get("level", ""))[:10]
        except (ValueError, TypeError, AttributeError):
            continue  # a value no program of ours wrote: not counted
        _add(out.setdefault(level, {}), figures)
    return out


@register("province", "巡察工作统计表（上报）")
def province(vault: Vault, query: StatQuery) -> StatTable:
    own = own_figures(vault, query)
    levels_order = SEED["level"][2]
    modes_order = SEED["inspection_mode"][2]
    levels = ordered({lv for lv, _m in own}, levels_order)
    keys = [(lv, m) for lv in levels for m in ordered({m for l2, m in own if l2 == lv}, modes_order)]
    lower = received(vault) if query.round_id is None else {}
    lower_levels = ordered(lower, levels_order)
    others = own_rounds(vault) | {""}
    found = {"problems": 0, "leads_handed": 0}
    if query.round_id is None:  # the lower offices' individual findings: units of rounds not this office's
        per_unit = sql.per_owner(vault, "unit", None, query.cadre, query.today)
        for unit_id, *_rest, round_id, _sector in sql.units_of(vault, None):
            if round_id not in others:
                found["problems"] += per_unit.get(unit_id, {}).get("problems", 0)
                found["leads_handed"] += per_unit.get(unit_id, {}).get("leads_handed", 0)
    total_own: dict[str, int] = {}
    for key in keys:
        _add(total_own, own[key])
    grand = dict(total_own)
    for level in lower_levels:
        _add(grand, lower[level])
    columns = [Column("figure", "统计项目", "text")]
    columns += [Column(f"{lv or UNSET}·{m or UNSET}", f"{lv or UNSET}级·{m or UNSET}",
                       label_en=f"Level {lv or UNSET} · {m or UNSET}") for lv, m in keys]
    columns.append(Column("本级合计", "本级合计"))
    columns += [Column(f"下级{lv or UNSET}", f"下级{lv or UNSET}级报送", label_en=f"Sent up by level {lv or UNSET}")
                for lv in lower_levels]
    if query.round_id is None:
        columns.append(Column("下级个案", "上报个案（另计）"))
    columns.append(Column("总计", "总计"))
    rows: list[tuple[Cell, ...]] = []
    for figure, label in FIGURES:
        def value(c: Mapping[str, int], k: str = figure) -> Cell:
            return _rate(c) if k == "rate" else int(c.get(k, 0))

        cells: list[Cell] = [label.format(cadre=query.cadre)]
        cells += [value(own[k]) for k in keys]
        cells.append(value(total_own))
        cells += [value(lower[lv]) for lv in lower_levels]
        if query.round_id is None:
            cells.append(found[figure] if figure in found else None)
        cells.append(value(grand))
        rows.append(tuple(cells))
    return StatTable("province", "巡察工作统计表（上报）", tuple(
        Column(c.key, c.label, "text" if i == 0 else "int", c.label_en) for i, c in enumerate(columns)), rows)


def stats_setting_id(vault: Vault, round_id: str) -> str:
    """The id of this vault's ``stats.province:<round id>`` setting (the same in every package it goes in)."""
    return seed_id(f"{vault.info.vault_id}:{PREFIX}{round_id}")


def stats_setting(vault: Vault, round_id: str, query: StatQuery) -> Setting:
    """Write (or rewrite) the setting ``stats.province:<round id>``: this office's own figures for the
    round, for an upward package to carry. Its id comes from the vault and round, so a newer package's
    figures replace the older ones at the higher office instead of adding to them."""
    levels = sql.rounds_of(vault)
    total: dict[str, int] = {}
    for counts in own_figures(vault, query, rounds={round_id}).values():
        _add(total, counts)
    value = json.dumps({"vault_id": vault.info.vault_id, "office": vault.info.owner,
                        "round": levels.get(round_id, ("", ""))[0], "level": levels.get(round_id, ("", ""))[1],
                        "cadre": query.cadre, "as_of": query.today.isoformat(),
                        "figures": {k: total.get(k, 0) for k in COUNTS}}, ensure_ascii=False, sort_keys=True)
    key = f"{PREFIX}{round_id}"
    record_id = stats_setting_id(vault, round_id)
    found = vault.records.find(record_id, Setting)
    if found is not None and found.value == value and not found.deleted:
        return found
    saved = vault.records.save(Setting(id=record_id, key=key, value=value))
    assert isinstance(saved, Setting)
    return saved
