"""The round's progress at a glance, as figures: what the overview page shows, free of Qt.

:func:`compute_overview` reads the vault once into an :class:`OverviewData` of numbers, vocabulary
values and deadline states (data, not text: the window translates its own words). Counts by a
vocabulary follow the vocabulary's order (:func:`app.domain.rules.vocabulary_values`) and the
rectification items' deadline states are :meth:`app.domain.rules.Deadlines.due`, as the ledger's
(docs/domain.md §3.6).

It also says what a first day needs (:attr:`OverviewData.setup`: rounds, teams, members and units, the
four an empty vault lacks, issue 12 item 9) and lists the records that already break a status-date rule
(:func:`app.services.checks.missing_dates`, :func:`app.domain.rules.missing_date_problems`): they were
imported or written before the rule held, are listed for a person and never rewritten (docs/domain.md
§3.6). Each is a :class:`app.services.checks.MissingDates`, the row the 督办 page lists too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.domain.records import Document, Interview, Lead, Paper, Person, Rectification, Setting, Unit, VocabEntry
from app.domain.rules import (
    DOCUMENT_SETTLED,
    DUE_URGENCY,
    Deadlines,
    Due,
    interview_final,
    vocabulary_values,
)
from app.domain.settings import Parsed, parse_setting
from app.domain.vocab import PAPER_STATES
from app.services.checks import MissingDates, missing_dates
from app.storage.vault import Vault

#: The value a count of records without one is listed under (the window shows 未填).
UNSET = ""


@dataclass(frozen=True)
class FileFacts:
    """The open vault file: its name, whose it is (``"team"`` or ``"office"``) and its user."""

    file_name: str
    role: str
    owner: str


def file_facts(vault: Vault) -> FileFacts:
    return FileFacts(vault.path.name, "office" if vault.info.role == "office" else "team", vault.info.owner)


@dataclass(frozen=True)
class RectItem:
    """One rectification item as the overview lists it."""

    record_id: str
    title: str
    unit: str
    deadline: dt.date | None
    status: str
    due: Due


#: What a team is set up from, in the order a person sets it up by hand (issue 12 item 9).
SETUP_KINDS = ("round", "team", "member", "unit")


#: (value, count) pairs; the value is a vocabulary value, or :data:`UNSET`.
Tally = list[tuple[str, int]]


@dataclass
class OverviewData:
    """Everything the overview shows; plain values, computed on the worker."""

    about: FileFacts = FileFacts("", "team", "")
    #: Records per kind plural, and ``"conflicts"`` (Vault.counts).
    counts: dict[str, int] = field(default_factory=dict)
    mandatory_total: int = 0
    mandatory_done: int = 0
    mandatory_pending: list[str] = field(default_factory=list)
    interviews_total: int = 0
    interviews_final: int = 0
    leads_by_status: Tally = field(default_factory=list)
    leads_by_route: Tally = field(default_factory=list)
    documents_total: int = 0
    documents_outstanding: Tally = field(default_factory=list)
    papers_by_state: Tally = field(default_factory=list)
    rect_by_status: Tally = field(default_factory=list)
    #: Rectification items per deadline state, most urgent first (states with none left out).
    rect_by_due: list[tuple[Due, int]] = field(default_factory=list)
    #: Most urgent first, then by deadline and title.
    rect_items: list[RectItem] = field(default_factory=list)
    #: Settings whose stored value was refused (the default stands); shown as a notice.
    setting_problems: list[Parsed] = field(default_factory=list)
    #: Records of each of :data:`SETUP_KINDS` (an empty vault has none).
    setup: dict[str, int] = field(default_factory=dict)
    #: Records that break a status-date rule (leads, then rectification items).
    incomplete: list[MissingDates] = field(default_factory=list)

    @property
    def set_up(self) -> bool:
        """Every one of round, team, members and units exists."""
        return all(self.setup.get(kind, 0) for kind in SETUP_KINDS)

    @property
    def documents_outstanding_total(self) -> int:
        return sum(n for _s, n in self.documents_outstanding)

    @property
    def rect_overdue(self) -> int:
        return sum(1 for i in self.rect_items if i.due is Due.OVERDUE)

    @property
    def rect_soon(self) -> int:
        return sum(1 for i in self.rect_items if i.due is Due.SOON)


def vocab_order(vault: Vault, name: str) -> list[str]:
    """A vocabulary's values in the vault's order, active or not (records may still hold a retired one)."""
    return vocabulary_values(vault.records.list(VocabEntry, where={"vocabulary": name}), name, active_only=False)


def tally(values: Iterable[str], order: list[str], *, keep_zero: bool = True) -> Tally:
    """Counts per value: ``order`` first (zeros too when ``keep_zero``), then others, then unset."""
    counts = Counter(v.strip() for v in values)
    out = [(v, counts.pop(v, 0)) for v in order]
    if not keep_zero:
        out = [(v, n) for v, n in out if n]
    unset = counts.pop(UNSET, 0)
    out += sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if unset:
        out.append((UNSET, unset))
    return out


def _name(text: str) -> str:
    return "".join(str(text or "").split())


def compute_overview(vault: Vault, today: dt.date) -> OverviewData:
    """Every figure of the overview in one pass over the vault; deadline states as of ``today``."""
    records = vault.records
    data = OverviewData(about=file_facts(vault), counts=vault.counts())
    data.setup = {kind: records.count(kind) for kind in SETUP_KINDS}

    interviews = records.list(Interview)
    data.interviews_total = len(interviews)
    data.interviews_final = sum(1 for i in interviews if interview_final(i))
    # a mandatory person counts as interviewed when an interview links them, or names them
    seen_ids = {i.person_id for i in interviews if i.person_id}
    seen_names = {_name(i.interviewee) for i in interviews}
    mandatory = [p for p in records.list(Person) if p.mandatory]
    data.mandatory_total = len(mandatory)
    for person in mandatory:
        if person.id in seen_ids or _name(person.name) in seen_names:
            data.mandatory_done += 1
        else:
            data.mandatory_pending.append(person.name)

    leads = records.list(Lead)
    data.leads_by_status = tally((r.status for r in leads), vocab_order(vault, "lead_status"))
    data.leads_by_route = tally((r.disposal_route for r in leads),
                                vocab_order(vault, "disposal_route"), keep_zero=False)

    documents = records.list(Document)
    data.documents_total = len(documents)
    outstanding = [d.return_status for d in documents if d.return_status not in DOCUMENT_SETTLED]
    order = [v for v in vocab_order(vault, "return_status") if v not in DOCUMENT_SETTLED]
    data.documents_outstanding = tally(outstanding, order, keep_zero=False)

    papers = records.list(Paper)
    data.papers_by_state = tally((p.state for p in papers), list(PAPER_STATES))

    settings = records.list(Setting)
    deadlines = Deadlines.from_settings(settings, lambda: today)
    checked = (parse_setting(s.key, s.value) for s in settings)
    data.setting_problems = list(dict.fromkeys(p for p in checked if p.problem))  # once each
    units = {u.id: u.label() for u in records.iter(Unit)}
    rectifications = records.list(Rectification)
    data.incomplete = missing_dates([*leads, *rectifications])
    items = [RectItem(r.id, r.label(), units.get(r.unit_id or "", ""), r.deadline, r.status, deadlines.due(r))
             for r in rectifications]
    far = dt.date.max
    items.sort(key=lambda i: (DUE_URGENCY.index(i.due), i.deadline or far, i.title))
    data.rect_items = items
    data.rect_by_status = tally((i.status for i in items), vocab_order(vault, "rect_status"), keep_zero=False)
    by_due = Counter(i.due for i in items)
    data.rect_by_due = [(d, by_due[d]) for d in DUE_URGENCY if by_due[d]]
    return data
