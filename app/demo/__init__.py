"""Invented sample data for demonstrations, training and load tests (``python main.py demo``).

Everything here is made up: people's names are random surname + given-name combinations,
units are the generic "某县…" organisations of docs/domain.md §5 (office scale adds lettered
counties, "A县…" to "Z县…"), phone numbers are masked and e-mail addresses use example.org.
The round and team records say so in their notes.

Content is built from the domain (docs/domain.md §1–§3, §5):

* one round 十五届县委第三轮巡察 (team scale) or 十二届市委第五轮巡察 with 83 teams and
  837 inspected units (office scale, the size of one province-wide round, docs/domain.md §1);
* per team its members with pledges and recusal declarations (one declaration per team names a
  real roster person of an inspected unit, and one names an inspected unit, so that recusal
  warnings can be shown), the inspected units with rosters (leadership and other mandatory
  interviewees flagged), interview records in question/answer form with outline answers,
  petitions from every channel, leads across the six disciplines and every status, document
  request lines from the 巡察手册 baseline list, working papers in every review state written in
  三段式, feedback problems under the four "四个落实" headings, rectification items and handovers,
  small attachments (hand-made PNG and PDF files) and the links between all of them.

The eight sample problem descriptions of docs/domain.md §5 appear verbatim in the first team
(:data:`SAMPLE_PROBLEMS`), as ``Problem.description`` and as the ``facts`` of the working paper
the problem came from. **The "（一）…（四）" prefix is stripped** from the stored text, because it
names the heading, which is stored in the ``heading`` field; everything after the prefix is kept
exactly. The lead example of §5 is :data:`LEAD_EXAMPLE` (拟移交 县纪委监委, 接收方处置 初步核实).

Dates are fixed around 2024 (entry in April, feedback in July). Rectification deadlines are set
so that, as of :data:`AS_OF` (2024-12-31), some items are overdue and others are done, ongoing
or not yet due. The same seed gives the same records with the same text; only ids, write stamps
and the audit trail's wall-clock times differ between two runs.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from pathlib import Path

from app.demo.content import AS_OF, BATCH, DEMO_NOTE, SAMPLE_PROBLEMS, SCALES, Scale, cn_number
from app.demo.generator import _Generator, _made_elsewhere, merge_from_device
from app.demo.keys import trust_team_keys
from app.demo.office import OfficeGenerator
from app.domain.records import CHECK_KINDS, Record, kind_spec
from app.storage.vault import Vault

__all__ = ["AS_OF", "DEMO_NOTE", "SAMPLE_PROBLEMS", "SCALES", "Scale", "cn_number", "fill", "merge_from_device",
           "trust_sample_keys"]


def fill(vault: Vault, *, scale: str = "team", seed: int = 1,
         progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Fill an open, empty vault; returns counts per kind plural. Deterministic for a seed (same records,
    same text; ids/stamps may differ).

    Everything is generated in memory first (about 2 s for the office scale), then attachment contents
    are stored in one transaction and the records (links last) in ``save_many`` batches of
    :data:`BATCH`, calling ``progress(done, total)`` before the first batch and after each one. A
    failure part-way leaves the batches already saved; the CLI fills a vault it has just created.
    Raises ValueError for an unknown scale or a vault that already holds records.
    """
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}, not {scale!r}")
    if any(vault.records.count(kind) for kind in CHECK_KINDS):
        raise ValueError("演示数据只能写入空的保密库")
    gen = OfficeGenerator(random.Random(seed), seed) if scale == "office" else _Generator(random.Random(seed), scale)
    gen.build()
    elsewhere = _made_elsewhere(gen.records)
    records: list[Record] = [*gen.records, *gen.links]
    with vault.transaction():
        for sha, data in gen.blobs.items():
            stored, _ = vault.blobs.put_bytes(data)
            assert stored == sha
    total = len(records)
    if progress is not None:
        progress(0, total)
    for start in range(0, total, BATCH):
        vault.records.save_many(records[start:start + BATCH])
        if progress is not None:
            progress(min(start + BATCH, total), total)
    for author, changes in elsewhere.items():
        merge_from_device(vault, author, changes, source="演示：组长设备")
    if isinstance(gen, OfficeGenerator):
        trust_team_keys(vault, gen.team_keys)
    counts: dict[str, int] = {}
    for record in records:
        plural = kind_spec(record.KIND).plural
        counts[plural] = counts.get(plural, 0) + 1
    return counts


def trust_sample_keys(vault: Vault, folder: Path, passphrase: str) -> None:
    """Two trusted keys for the keys page's screenshot: the office's, confirmed, and a member's
    trusted before key fingerprints (schema v004), so marked 需重新核对 (docs/package-format.md, "Keys").

    The two vaults whose keys they are are made in ``folder`` and closed again.
    """
    import json

    from app.exchange.package import load_key_file, public_document, trust
    from app.storage.kdf import TEST_PARAMS

    for name, owner, role in (("office.xcv", "市委巡察办", "office"), ("member.xcv", "组员乙", "team")):
        other = Vault.create(folder / name, passphrase, role=role, owner=owner, kdf=TEST_PARAMS)
        try:
            key = load_key_file(json.dumps(public_document(other), ensure_ascii=False).encode())
        finally:
            other.close()
        trust(vault, key)
        if role == "team":
            with vault.transaction():
                vault.keys.put_trusted(dataclasses.replace(key, verified=False))
