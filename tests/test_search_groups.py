"""Search grouped by kind (issue 12 item 12): every kind that matches is shown with its true count,
"show more" pages neither repeat nor skip, and a count past the cap says it is a lower bound."""

from __future__ import annotations

import pytest

from app.domain.records import Interview, Lead, Paper, Rectification, Unit
from app.services.search import more_of_kind, search, search_grouped
from app.storage import search as storage_search
from app.storage.vault import Vault


@pytest.fixture
def crowded(vault: Vault) -> Vault:
    """250 interviews and a few leads, papers and one rectification item mention 围标: the old flat
    list (200) showed only interviews and hid the other kinds."""
    vault.records.save_many([Interview(content=f"第{i}次谈话，反映工程围标问题") for i in range(250)])
    vault.records.save_many([Lead(subject_name=f"李{i}", summary="涉嫌围标串标") for i in range(12)])
    vault.records.save_many([Paper(title=f"底稿{i}", facts="围标") for i in range(3)])
    vault.records.save(Rectification(title="整改围标问题", measures="清查"))
    vault.records.save(Lead(subject_name="王某", summary="与本题无关"))
    return vault


def test_every_kind_with_its_true_count(crowded: Vault) -> None:
    assert len(search(crowded, "围标")) == 200  # the flat list stops at 200 of 266
    result = search_grouped(crowded, "围标", per_kind=10)
    counts = {g.kind: g.count for g in result.groups}
    assert counts == {"interview": 250, "lead": 12, "paper": 3, "rectification": 1}
    assert result.total == 266 and result.exact
    shown = {g.kind: len(g.hits) for g in result.groups}
    assert shown == {"interview": 10, "lead": 10, "paper": 3, "rectification": 1}
    assert all(h.kind == g.kind and "围标" in h.marked() for g in result.groups for h in g.hits)


def test_show_more_pages_neither_repeat_nor_skip(crowded: Vault) -> None:
    first = next(g for g in search_grouped(crowded, "围标", per_kind=10).groups if g.kind == "lead")
    second = more_of_kind(crowded, "围标", "lead", 10, per_kind=10)
    assert second is not None and second.count == 12 and len(second.hits) == 2
    ids = [h.record_id for h in first.hits + second.hits]
    assert len(set(ids)) == 12
    assert more_of_kind(crowded, "围标", "lead", 12) is not None  # past the end: the group, no hits
    assert more_of_kind(crowded, "围标", "handover", 0) is None
    assert search_grouped(crowded, "  ").groups == ()


def test_kinds_older_than_the_ranked_matches_still_show(crowded: Vault, monkeypatch) -> None:
    # Only the newest 5 matches are ranked (all leads/papers/rectification): the interviews,
    # older, must still appear, with their count.
    monkeypatch.setattr(storage_search, "RANK_CAP", 5)
    result = search_grouped(crowded, "围标", per_kind=4)
    counts = {g.kind: (g.count, len(g.hits)) for g in result.groups}
    assert counts == {"interview": (250, 4), "lead": (12, 4), "paper": (3, 3), "rectification": (1, 1)}
    assert result.exact


def test_a_count_past_the_cap_is_a_lower_bound(crowded: Vault, monkeypatch) -> None:
    monkeypatch.setattr(storage_search, "RANK_CAP", 5)
    monkeypatch.setattr(storage_search, "COUNT_CAP", 100)
    result = search_grouped(crowded, "围标")
    assert not result.exact and all(not g.exact for g in result.groups)
    assert result.total >= 100 and {g.kind for g in result.groups} >= {"interview"}


def test_hits_name_their_units_so_alike_titles_are_told_apart(vault: Vault) -> None:
    """On the office demo 整改事项 of many units share a title (开展公务用车专项清理): the unit tells them apart."""
    north, south = vault.records.save_many([Unit(name="某县农业农村局党组"), Unit(name="某县水务局党组")])
    vault.records.save_many([Rectification(title="开展公务用车专项清理", measures="清查", unit_id=u.id)
                             for u in (north, south)])
    vault.records.save(Rectification(title="公务用车无单位", measures="清查"))
    [group] = search_grouped(vault, "公务用车").groups
    assert sorted(h.unit for h in group.hits) == ["", "某县农业农村局党组", "某县水务局党组"]
    more = more_of_kind(vault, "公务用车", "rectification", 0, per_kind=1)
    assert more is not None and len(more.hits) == 1 and more.hits[0].unit in {"", north.name, south.name}
    [units] = search_grouped(vault, "水务局").groups
    assert units.kind == "unit" and units.hits[0].unit == ""  # a unit is not said to belong to itself
