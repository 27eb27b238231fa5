"""Editing one record, as the record editor does it; free of Qt.

What an editor needs from the vault before it builds its form (:func:`load_editor_context`),
saving what the person typed (:func:`save_record`, with the working paper's second save that
moves its review state, docs/domain.md), and a record's attachments: adding files with progress
and cancel (app/domain/jobs.py), reading one into memory for the viewer, and the one way a
decrypted copy leaves the vault (:func:`save_attachment_copy`). The window runs these on its worker
(docs/architecture.md practice 7); results are data, the window translates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.fields import FieldSpec, FieldType
from app.domain.jobs import Progress
from app.domain.records import Attachment, KindSpec, Member, Person, Record, Unit, VocabEntry, kind_spec
from app.domain.rules import vocabulary_values as active_values
from app.services.links import LinkView, PendingLink, links_of, make_pending_link, new_linked
from app.storage.vault import Vault

#: Kinds whose records carry no attachments of their own (an attachment, and the vault's data).
NO_ATTACHMENTS = ("attachment", "link", "vocab", "setting")


@dataclass(frozen=True)
class RefTarget:
    """A record a REF/REFS field points to that is not among the field's options.

    Attributes:
        kind: the record's kind (storage name).
        label: its label.
        deleted: it has been deleted.
        any_kind: the field may point to any kind (an attachment's owner), so the kind is worth naming.
    """

    kind: str
    label: str
    deleted: bool = False
    any_kind: bool = False


@dataclass(frozen=True)
class Recusal:
    """The records the recusal check of docs/domain.md §3.3 reads, by id."""

    members: dict[str, Member] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)


@dataclass(frozen=True)
class EditorContext:
    """What an editor needs from the vault, loaded on the worker thread.

    Attributes:
        spec: the record kind.
        record: the record as stored (or a new, empty one).
        vocab: vocabulary name -> active values, in order.
        options: referenced kind -> [(id, label)] for REF/REFS fields.
        linked: the links of this record, both ways, each read from this record.
        recusal: for kinds with assignments (interviews), the members, people and units.
        attachments: the record's attachments.
        ref_labels: records the record refers to that are not among the options (a reference to
            any kind, like an attachment's owner; a deleted record), by id.
        pending_link: for a new record made by "新建并关联", the link its first save makes.
    """

    spec: KindSpec
    record: Record
    vocab: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    linked: list[LinkView] = field(default_factory=list)
    recusal: Recusal = field(default_factory=Recusal)
    attachments: list[Attachment] = field(default_factory=list)
    ref_labels: dict[str, RefTarget] = field(default_factory=dict)
    pending_link: PendingLink | None = None

    @property
    def is_new(self) -> bool:
        return not self.record.id


def vocabulary_values(vault: Vault, name: str) -> list[str]:
    """The values a choice offers: the vocabulary's active ones, in order (app/domain/rules.py)."""
    return active_values(vault.records.list(VocabEntry, where={"vocabulary": name}), name)


def linked_summary(vault: Vault, record_id: str) -> list[LinkView]:
    return links_of(vault, record_id)


def attachments_of(vault: Vault, owner_id: str) -> list[Attachment]:
    return [a for a in vault.attachments(owner_id) if isinstance(a, Attachment)]


def _ref_targets(vault: Vault, spec: KindSpec, record: Record,
                 options: dict[str, list[tuple[str, str]]]) -> dict[str, RefTarget]:
    out: dict[str, RefTarget] = {}
    for f in spec.fields:
        if f.type not in (FieldType.REF, FieldType.REFS):
            continue
        value = getattr(record, f.name)
        known = {i for i, _label in options.get(f.ref or "", [])}
        for ref_id in ([value] if f.type is FieldType.REF else list(value or [])):
            if ref_id and ref_id not in known and (target := vault.records.find(str(ref_id))) is not None:
                out[str(ref_id)] = RefTarget(target.KIND, target.label(), target.deleted, any_kind=not f.ref)
    return out


def _has_assignments(spec: KindSpec) -> bool:
    """Kinds that assign members to a person of a unit, so declared relations matter (§3.3)."""
    names = {f.name for f in spec.fields}
    return any(f.type is FieldType.REFS and f.ref == "member" for f in spec.fields) and "person_id" in names


def load_editor_context(vault: Vault, kind: str, record_id: str | None = None,
                        initial: dict[str, Any] | None = None) -> EditorContext:
    """The record (or a new one) and every choice its form offers; ``kind`` "" reads it from the id."""
    if not kind:
        kind = vault.records.kind_of(record_id or "")
    spec = kind_spec(kind)
    record = vault.records.get(record_id, kind) if record_id else spec.new(**(initial or {}))
    vocab: dict[str, list[str]] = {}
    options: dict[str, list[tuple[str, str]]] = {}
    for f in spec.fields:
        if f.type is FieldType.CHOICE and f.vocab and f.vocab not in vocab:
            vocab[f.vocab] = vocabulary_values(vault, f.vocab)
        if f.type in (FieldType.REF, FieldType.REFS) and f.ref and f.ref not in options:
            options[f.ref] = [(r.id, r.label()) for r in vault.records.iter(f.ref)]
    recusal = Recusal()
    if _has_assignments(spec):
        recusal = Recusal({r.id: r for r in vault.records.iter(Member)},
                          {r.id: r for r in vault.records.iter(Person)},
                          {r.id: r for r in vault.records.iter(Unit)})
    return EditorContext(
        spec, record, vocab, options,
        linked=linked_summary(vault, record_id) if record_id else [],
        recusal=recusal,
        attachments=attachments_of(vault, record_id) if record_id and kind not in NO_ATTACHMENTS else [],
        ref_labels=_ref_targets(vault, spec, record, options))


def new_linked_context(vault: Vault, source_id: str, kind: str) -> EditorContext:
    """The editor of a new record of ``kind`` made from ``source_id`` ("新建并关联",
    app/services/links.py): prefilled, and linked to the source when first saved."""
    made = new_linked(vault, source_id, kind)
    return dataclasses.replace(load_editor_context(vault, kind, None, made.initial), pending_link=made.link)


def missing_required(spec: KindSpec, values: dict[str, Any]) -> list[FieldSpec]:
    """Required fields without a value (whitespace counts as none)."""
    out = []
    for f in spec.fields:
        if not f.required:
            continue
        value = values.get(f.name)
        if value is None or (isinstance(value, str) and not value.strip()) or value == []:
            out.append(f)
    return out


# --- saving --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """A record as stored after a save, and its links now."""

    record: Record
    linked: list[LinkView]


def save_record(vault: Vault, record: Record, values: dict[str, Any], *, then_state: str = "",
                link: PendingLink | None = None) -> Saved:
    """Save the form's ``values`` over ``record``; ``then_state``: a second save moving the
    record (a working paper) to that review state. The store checks a move against the record as
    stored, so the edits that satisfy it (number, opinion, signer) are saved first. ``link``: a
    link to make with the record (a new one made by "新建并关联"), in the same transaction."""
    if link is not None:
        with vault.transaction():
            [saved] = vault.records.save_within([dataclasses.replace(record, **values)])
            make_pending_link(vault, saved, link)
    else:
        saved = vault.records.save(dataclasses.replace(record, **values))
    if then_state:
        moves: dict[str, Any] = {"state": then_state}
        saved = vault.records.save(dataclasses.replace(saved, **moves))
    return Saved(saved, linked_summary(vault, saved.id))


# --- attachments ---------------------------------------------------------------------------------


def attach_files(vault: Vault, owner_id: str, paths: Sequence[Path], *,
                 progress: Progress | None = None) -> list[Attachment]:
    """Stream files into the vault as attachments of ``owner_id``, one transaction each.

    ``progress(done, total)`` counts bytes over all the files; a :class:`~app.domain.jobs.Cancelled`
    it raises stops the file being stored (rolled back) and the ones after it."""
    sizes = [p.stat().st_size for p in paths]
    total = sum(sizes)
    added: list[Attachment] = []
    base = 0
    for path, size in zip(paths, sizes, strict=True):
        step = None if progress is None else (lambda n, _t, b=base: progress(b + n, total))
        with open(path, "rb") as stream:
            added.append(vault.attach(owner_id, stream, path.name, progress=step))
        base += size
    return added


def read_attachment(vault: Vault, attachment: Attachment) -> bytes:
    """The whole content in memory, for the viewer (nothing decrypted is written to disk)."""
    return vault.blobs.read_all(attachment.sha256)


def save_attachment_copy(vault: Vault, attachment: Attachment, dest: Path, *,
                         progress: Progress | None = None) -> None:
    """Write a decrypted copy to ``dest``, as the person asked; ``progress(done, total)`` in bytes."""
    vault.blobs.save_copy(attachment.sha256, dest, progress=progress)
