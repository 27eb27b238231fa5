"""回头看: a problem of this round found again from an earlier round of the same organisation
(docs/office.md, "Follow-up: repeats and history"; issue 14 §2). Pure: no SQL, no I/O.

Identity across rounds: units with the same ``org_key`` are one organisation; a unit without one is
known by its NFKC-normalised name (:func:`org_identity`). A problem of the current round matches an
earlier one of the same organisation when both have the same 四个落实 heading and either the same
``problem_tag`` or a bigram Jaccard similarity of their title and description of at least
``revisit.similarity`` (bigrams as the search index makes them, app/domain/segmentation.py).

A match is flagged 屡改屡犯 (the problem was found before and is found again) and, when every
rectification item of the earlier problem was reported 已完成 or 已销号, also 纸面整改 (rectified on
paper only). A person accepts a flag by linking the two problems with 重复发现 (current → earlier).
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from app.domain.planning import norm
from app.domain.records import Round, Setting
from app.domain.segmentation import bigrams

#: A problem's tokens by its text, kept for the session: 汇总 and `stats --table repeats` read the same
#: problems again, and a text's bigrams are the cost of :func:`repeats` (bench/README.md, "repeats").
#: Keyed by the text itself, so an edited problem is simply a new key. About 4.4 KB an entry (36 MB full).
cached_bigrams = lru_cache(maxsize=1 << 13)(bigrams)

REPEATED = "屡改屡犯"
PAPER_ONLY = "纸面整改"
#: The rectification statuses that claim the work was done (vocab rect_status).
DONE_STATUSES = frozenset({"已完成", "已销号"})
#: Round levels from the highest down (vocab level).
LEVELS = ("省", "市", "县")


def org_identity(org_key: str, name: str) -> str:
    """One organisation across rounds: its 单位编码/统一社会信用代码, else its NFKC name."""
    key = unicodedata.normalize("NFKC", org_key or "").strip()
    if key:
        return "key:" + key.casefold()
    return "name:" + norm(name or "")


@dataclass(frozen=True)
class ProblemFacts:
    """What repeats() needs of one problem.

    Attributes:
        id: the problem's id.
        org: :func:`org_identity` of its unit.
        round_id: its unit's round.
        heading: 四个落实 heading; tag: problem_tag ("" when none).
        text: title and description, compared by bigrams.
        rect_statuses: the statuses of its rectification items.
    """

    id: str
    org: str
    round_id: str
    heading: str
    tag: str
    text: str
    rect_statuses: tuple[str, ...] = ()
    grams: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def tokens(self) -> frozenset[str]:
        return self.grams or cached_bigrams(self.text)


class Repeat(NamedTuple):
    """``current`` found again from ``earlier``: the flags, and how it matched: by the same tag
    (``similarity`` None) or by the bigram similarity of the texts. (A named tuple: thousands are
    made at once, bench/office_bench.py.)"""

    current: str
    earlier: str
    org: str
    flags: tuple[str, ...]
    similarity: float | None
    same_tag: bool

    @property
    def paper_only(self) -> bool:
        return PAPER_ONLY in self.flags


def paper_only(rect_statuses: Sequence[str]) -> bool:
    """Every rectification item claims done (已完成/已销号); a problem without items is not."""
    return bool(rect_statuses) and DONE_STATUSES.issuperset(rect_statuses)


def repeats(current: Iterable[ProblemFacts], earlier: Iterable[ProblemFacts], similarity: float) -> list[Repeat]:
    """For each current problem, its match among the earlier ones of the same organisation, in the
    order of ``current``: an earlier problem with the same heading and tag (the latest of them, as
    ``earlier`` is ordered), else the most similar one of the same heading at or above ``similarity``
    (the first of equals).

    The match by tag is a dict join on (organisation, heading, tag); bigrams are only made for the
    problems whose match depends on the text (no candidate with the same tag), once a session
    (:data:`cached_bigrams`), and a pair whose sizes alone bound its Jaccard below the threshold is
    not intersected. A match by tag carries no similarity (None): it was not needed to decide.
    """
    by_key: dict[tuple[str, str], list[ProblemFacts]] = defaultdict(list)
    by_tag: dict[tuple[str, str, str], ProblemFacts] = {}
    for past in earlier:
        by_key[(past.org, past.heading)].append(past)
        if past.tag:
            by_tag[(past.org, past.heading, past.tag)] = past  # the latest wins
    out: list[Repeat] = []
    for problem in current:
        match: ProblemFacts | None = None
        score: float | None = None
        if problem.tag:
            match = by_tag.get((problem.org, problem.heading, problem.tag))
            if match is not None and match.id == problem.id:  # the same problem given in both lists
                match = next((p for p in reversed(by_key[(problem.org, problem.heading)])
                              if p.tag == problem.tag and p.id != problem.id), None)
        if match is None:
            candidates = by_key.get((problem.org, problem.heading))
            if not candidates:
                continue
            mine = problem.tokens()
            n_mine = len(mine)
            best = -1.0
            for past in candidates:
                if past.id == problem.id:
                    continue
                theirs = past.tokens()
                n_theirs = len(theirs)
                small, large = (n_mine, n_theirs) if n_mine <= n_theirs else (n_theirs, n_mine)
                if not large or small < similarity * large:  # |a∩b|/|a∪b| ≤ min/max
                    continue
                common = len(mine & theirs)
                value = common / (n_mine + n_theirs - common)  # jaccard(): |a ∪ b| = |a| + |b| − |a ∩ b|
                if value >= similarity and value > best:
                    match, best = past, value
            if match is None:
                continue
            score = round(best, 4)
        flags = (REPEATED, PAPER_ONLY) if paper_only(match.rect_statuses) else (REPEATED,)
        out.append(Repeat(problem.id, match.id, problem.org, flags, score, score is None))
    return out


@dataclass(frozen=True)
class RoundFacts:
    """A round as the upward-finding rule needs it: ``reported`` when a lower office reported its figures
    here (:func:`reported_rounds`)."""

    id: str
    level: str
    parent_id: str | None
    reported: bool = False


#: The key of the setting that carries an office's figures for one of its rounds up, ``stats.province:<round
#: id>`` (``export --kind upward --with-stats``, app/services/stats_province.py).
REPORTED_PREFIX = "stats.province:"


def reported_rounds(settings: Iterable[Setting], vault_id: str) -> frozenset[str]:
    """The rounds whose figures another office reported up to this one: a ``stats.province:<round id>``
    setting written by another vault (its value names that vault). Such a round is a lower office's,
    whatever its level, even in a higher office's vault that has no round of its own yet."""
    out = set()
    for setting in settings:
        if setting.deleted or not setting.key.startswith(REPORTED_PREFIX):
            continue
        try:
            sender = json.loads(setting.value).get("vault_id")
        except (ValueError, AttributeError):
            continue  # a value no program of ours wrote
        if isinstance(sender, str) and sender and sender != vault_id:
            out.add(setting.key[len(REPORTED_PREFIX):])
    return frozenset(out)


def round_facts(rounds: Iterable[Round], settings: Iterable[Setting], vault_id: str) -> list[RoundFacts]:
    """The facts :func:`lower_rounds` decides on, for the rounds of the vault ``vault_id``."""
    reported = reported_rounds(settings, vault_id)
    return [RoundFacts(r.id, r.level, r.parent_id, r.id in reported) for r in rounds]


def lower_rounds(rounds: Sequence[RoundFacts]) -> frozenset[str]:
    """The rounds that are not this office's own: a lower-level office's findings sent up (上下联动).

    A round whose figures a lower office reported here is a lower office's. The office's own level is
    the highest level among its other rounds (an upward package only goes up); a round of a lower
    level, or one placed under a round of this vault by its ``parent_id`` (上级统一部署), is a lower
    office's. A round without a level is the office's own unless its parent is here.
    """
    ranks = [LEVELS.index(r.level) for r in rounds if r.level in LEVELS and not r.reported]
    own = min(ranks) if ranks else None
    here = {r.id for r in rounds}
    lower = set()
    for r in rounds:
        below = own is not None and r.level in LEVELS and LEVELS.index(r.level) > own
        under = bool(r.parent_id) and r.parent_id in here and r.parent_id != r.id
        if below or under or r.reported:
            lower.add(r.id)
    return frozenset(lower)
