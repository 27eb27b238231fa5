"""The package format (docs/package-format.md): names, limits, the manifest and record lines.

A package is an age file (X25519 recipients) whose plaintext is a ZIP container, stored not
compressed, holding ``manifest.json``, ``manifest.sig`` (Ed25519 over the exact manifest bytes),
``records.jsonl`` (one field write a line) and ``blobs/<sha256>`` (attachment contents). Version 2
puts ``manifest.sig`` (with the signer's public key) and ``manifest.json`` first, so a package is
authenticated before anything else in it is read (container.py).
"""

from __future__ import annotations

import functools
import json
import re
from typing import Annotated, Any

import jsonschema
import msgspec

from app.exchange.package.errors import PackageError
from app.resources import resource_path
from app.storage.store import FieldWrite

FORMAT = "xuncha-package"
FORMAT_VERSION = 2
#: Versions this program reads: 1 (manifest last, read in two passes) and 2 (manifest first).
READ_VERSIONS = (1, 2)
KINDS = ("handoff", "member", "deployment", "upward", "lead-transfer")
#: Kinds this version makes; any other is refused with "unsupported_kind".
SUPPORTED_KINDS = KINDS
#: Kinds that carry every write of the vault; the others carry a chosen scope (scope.py).
FULL_KINDS = ("handoff", "member")
#: Kinds only an office vault makes (and whose manifest must name an office as source).
OFFICE_KINDS = ("deployment", "upward", "lead-transfer")
#: The role a signer must be trusted in to send each kind (docs/package-format.md, "Keys").
SENT_BY = {"handoff": "team", "member": "team", "deployment": "office", "upward": "office",
           "lead-transfer": "office"}
#: Which vault role imports each kind. The discipline commission imports a lead-transfer with an
#: office-role vault of its own, or reads it by hand (docs/package-format.md).
IMPORTED_BY = {"handoff": "office", "member": "team", "deployment": "team", "upward": "office",
               "lead-transfer": "office"}
#: The reason code when a vault of the other role is given a package of this kind.
WRONG_ROLE = {"deployment": "wrong_role_deployment", "upward": "wrong_role_upward",
              "lead-transfer": "wrong_role_lead_transfer"}
#: The role of a recipient (named by a keys file) a package of the kind may be made for.
RECIPIENT_ROLE = {"deployment": "team", "upward": "office", "lead-transfer": "office"}
#: The record kinds a scoped package may carry; any other is refused as "out_of_scope".
CARRIES: dict[str, frozenset[str]] = {
    # problem and rectification: earlier rounds' findings on the same units, the 回头看 material
    # (issue 13); a program older than it refuses such a deployment as out_of_scope.
    "deployment": frozenset({"round", "team", "member", "unit", "person", "vocab", "template", "setting", "link",
                             "attachment", "problem", "rectification"}),
    # setting: the sending office's figures for the round, ``stats.province:<round id>`` (issue 14 §2)
    "upward": frozenset({"round", "team", "unit", "problem", "lead", "paper", "rectification", "link", "attachment",
                         "setting"}),
    "lead-transfer": frozenset({"lead", "interview", "petition", "document", "paper", "link", "attachment"}),
}

MANIFEST, SIGNATURE, RECORDS = "manifest.json", "manifest.sig", "records.jsonl"
NAME_RE = re.compile(r"^(manifest\.(json|sig)|records\.jsonl|blobs/[0-9a-f]{64})$")
SIGNATURE_SIZE = 64
#: Version 2's manifest.sig: the signer's raw Ed25519 public key (32 bytes), then the signature.
SIGNED_HEADER_SIZE = 32 + SIGNATURE_SIZE

# Limits (docs/package-format.md, "Limits"). The importer reads the package as a stream, so
# these bound work and disk, not memory; only the record lines are held until the merge.
MAX_PACKAGE = 1 << 30  # bytes of the age file
MAX_PLAINTEXT = 1 << 30  # bytes of the decrypted container
MAX_HEADER = 4096  # bytes of the age header
MAX_X25519_STANZAS = 4  # the recipients a package may have
MAX_STANZAS = MAX_X25519_STANZAS + 1  # plus one "grease" stanza, as rage adds
MAX_ENTRIES = 10_003  # manifest, signature, records and 10,000 blobs
MAX_ENTRY = 1 << 30  # bytes of one entry (an attachment streams through, so only the file cap binds it)
MAX_RECORDS = 200 << 20  # bytes of records.jsonl (its writes are held until the merge)
MAX_MANIFEST = 2 << 20  # bytes of manifest.json (it lists every blob)
MAX_DEPTH = 32  # nesting of manifest.json
MAX_LINE = 4 << 20  # bytes of one record line
MAX_DIRECTORY = 2 << 20  # bytes of the central directory and end record (10,003 entries fit)
MAX_CLOCK_AHEAD_MS = 24 * 3600 * 1000  # a write stamped further ahead of this machine's clock is refused

SCHEMA_DIR = resource_path("schemas")


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    # The schemas ship with the program: tests/test_package_format.py checks them against their
    # metaschema, which costs a tenth of a second an import here (the first of each process).
    validator: jsonschema.protocols.Validator = cls(schema)
    return validator


def manifest_validator() -> jsonschema.protocols.Validator:
    return _validator("package-manifest.schema.json")


def record_validator() -> jsonschema.protocols.Validator:
    return _validator("package-record.schema.json")


def _no_constants(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name}")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 19:
        raise ValueError("integer too large")
    return int(text)


def _depth(value: Any) -> int:
    """How deeply ``value`` nests, walked without recursion (linear in its size)."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            todo.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            todo.extend((v, depth + 1) for v in item)
    return deepest


def strict_loads(data: bytes, *, max_depth: int) -> Any:
    """JSON from UTF-8 bytes with no NaN/Infinity, no huge ints, nesting at most ``max_depth``.

    Linear time: the C parser of ``json`` (deep nesting ends in RecursionError, which callers
    catch), then a walk of the result. No regular expression over the text: one over an
    unterminated string had taken quadratic time (tests/test_package_format.py).
    """
    text = data.decode("utf-8")  # strict: invalid UTF-8 raises
    value = json.loads(text, parse_constant=_no_constants, parse_int=_bounded_int)
    if _depth(value) > max_depth:
        raise ValueError("nested too deeply")
    return value


def parse_manifest(data: bytes) -> dict[str, Any]:
    if len(data) > MAX_MANIFEST:
        raise PackageError("bad_manifest", "清单过大")
    try:
        manifest = strict_loads(data, max_depth=MAX_DEPTH)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise PackageError("bad_manifest", str(exc)[:80]) from exc
    if isinstance(manifest, dict) and type(manifest.get("format_version")) is int \
            and manifest.get("format") == FORMAT and manifest["format_version"] > FORMAT_VERSION:
        raise PackageError("format_too_new", f"格式版本 {manifest['format_version']}")
    error = jsonschema.exceptions.best_match(manifest_validator().iter_errors(manifest))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "（根）"
        raise PackageError("bad_manifest", f"{where}：{error.message[:80]}")
    assert isinstance(manifest, dict)
    return manifest


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # made once: json.dumps makes one a call
_quote: Any = json.encoder.encode_basestring  # the C function json.dumps uses


def encode_write(w: FieldWrite) -> bytes:
    """One line of records.jsonl (with its newline): compact JSON, keys in this order, UTF-8.

    The common case (text, integer or empty value; text bases) is put together from the quoted
    strings, byte for byte what ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))``
    gives (tests/test_package_format.py compares them); anything else goes through the encoder.
    """
    value, bases = w.value, w.bases
    if all(type(b) is str for b in bases):
        line = _plain_line(w.record_id, w.kind, w.field, w.stamp, value, f"[{','.join(map(_quote, bases))}]",
                           w.author)
        if line is not None:
            return line
    obj = {"id": w.record_id, "kind": w.kind, "field": w.field, "stamp": w.stamp, "value": value,
           "bases": list(bases), "author": w.author}
    return _ENCODER.encode(obj).encode("utf-8") + b"\n"


def _plain_line(record_id: str, kind: str, field: str, stamp: str, value: Any, bases: str,
                author: str) -> bytes | None:
    """The line from quoted strings and ``bases`` already as compact JSON; None for a value that is
    not text, an integer or empty (then only the encoder writes it)."""
    value_type = type(value)
    if not (value_type is str or value_type is int or value is None):
        return None
    shown = "null" if value is None else _quote(value) if value_type is str else int.__repr__(value)
    return (f'{{"id":{_quote(record_id)},"kind":{_quote(kind)},"field":{_quote(field)},'
            f'"stamp":{_quote(stamp)},"value":{shown},"bases":{bases},"author":{_quote(author)}}}\n').encode()


_AT_MOST_ONE_BASE = re.compile(r'\[(?:"[0-9a-f-]{1,64}")?\]')  # stored bases text that is already compact


def encode_row(record_id: str, kind: str, field: str, stamp: str, value: Any, bases: str | None,
               author: str) -> bytes:
    """:func:`encode_write` of a write as stored, its bases still the JSON text storage keeps: with at
    most one base (most writes) that text is already the line's, so no write object is built; the
    rest go through :func:`encode_write` (tests/test_package_format.py compares the two)."""
    bases = bases or "[]"
    if _AT_MOST_ONE_BASE.fullmatch(bases):
        line = _plain_line(record_id, kind, field, stamp, value, bases, author)
        if line is not None:
            return line
    return encode_write(FieldWrite(record_id, kind, field, stamp, value, tuple(json.loads(bases)), author))


_RECORD_KEYS = frozenset({"id", "kind", "field", "stamp", "value", "bases", "author"})
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_KIND = re.compile(r"[a-z][a-z_]{0,39}")
_FIELD = re.compile(r"[a-z][a-z0-9_]{0,63}")
_STAMP = re.compile(r"[0-9a-f]{12}-[0-9a-f]{4}-[0-9a-f]{16}")
_INT64 = (-(1 << 63), (1 << 63) - 1)


def plainly_valid(obj: Any) -> bool:
    """True only for lines package-record.schema.json accepts, in a few microseconds.

    jsonschema takes half an import's time on record lines; this check takes the common case and
    leaves everything else (to accept, or to refuse with its reason) to the schema. It may say
    False to a valid line, never True to an invalid one (tests/test_package_format.py holds it to
    that on random lines).
    """
    if type(obj) is not dict or obj.keys() != _RECORD_KEYS:
        return False
    record_id, kind, field, stamp = obj["id"], obj["kind"], obj["field"], obj["stamp"]
    if not (type(record_id) is str and _UUID.fullmatch(record_id) and type(kind) is str and _KIND.fullmatch(kind)
            and type(field) is str and _FIELD.fullmatch(field) and type(stamp) is str and _STAMP.fullmatch(stamp)):
        return False
    value = obj["value"]
    if value is not None and not (type(value) is str and len(value) <= 1_000_000
                                  or type(value) is int and _INT64[0] <= value <= _INT64[1]):
        return False
    bases, author = obj["bases"], obj["author"]
    if type(bases) is not list or len(bases) > 64 \
            or not all(type(b) is str and _STAMP.fullmatch(b) for b in bases) or len(set(bases)) != len(bases):
        return False
    return type(author) is str and len(author) <= 200


# The compiled check (msgspec, C): package-record.schema.json as a struct, each rule as strict as the
# schema's or stricter (patterns anchored with \Z where the schema's "$" also takes a trailing newline;
# no float for an integer). A line it refuses is not refused for that: it goes the schema's way, which
# accepts or refuses it with its reason (tests/test_package_format.py holds the two together).
_ID_P = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_KIND_P = r"[a-z][a-z_]{0,39}"
_FIELD_P = r"[a-z][a-z0-9_]{0,63}"
_STAMP_P = r"[0-9a-f]{12}-[0-9a-f]{4}-[0-9a-f]{16}"


def _whole(pattern: str) -> msgspec.Meta:
    return msgspec.Meta(pattern=f"^{pattern}\\Z")


_StampText = Annotated[str, _whole(_STAMP_P)]
_Value = Annotated[str, msgspec.Meta(max_length=1_000_000)] | Annotated[int, msgspec.Meta(ge=_INT64[0], le=_INT64[1])] \
    | None
_Author = Annotated[str, msgspec.Meta(max_length=200)]


class _Line(msgspec.Struct, forbid_unknown_fields=True):
    id: Annotated[str, _whole(_ID_P)]
    kind: Annotated[str, _whole(_KIND_P)]
    field: Annotated[str, _whole(_FIELD_P)]
    stamp: _StampText
    value: _Value
    bases: Annotated[list[_StampText], msgspec.Meta(max_length=64)]
    author: _Author


_LINE_DECODER = msgspec.json.Decoder(_Line)


def quick_decode(line: bytes) -> FieldWrite | None:
    """The write of a line the compiled check accepts (all seven keys, each in its shape, the bases
    distinct), else None: then only the schema can say (:func:`decode_write`)."""
    try:
        obj = _LINE_DECODER.decode(line)
    except (msgspec.DecodeError, UnicodeDecodeError):  # ValidationError is a DecodeError
        return None
    bases = tuple(obj.bases)
    if len(set(bases)) != len(bases):
        return None
    return FieldWrite(obj.id, obj.kind, obj.field, obj.stamp, obj.value, bases, obj.author)


class _Shape(msgspec.Struct, forbid_unknown_fields=True):
    """:class:`_Line` without its patterns, which :func:`quick_decode_lines` checks for many lines at
    once (msgspec runs each pattern through Python's ``re``, one call per key per line)."""

    id: str
    kind: str
    field: str
    stamp: str
    value: _Value
    bases: Annotated[list[str], msgspec.Meta(max_length=64)]
    author: _Author


_SHAPE_DECODER = msgspec.json.Decoder(_Shape)


def _every(pattern: str) -> re.Pattern[str]:
    """Items of ``pattern`` (which cannot hold a newline) joined by newlines, matched in one pass."""
    return re.compile(f"(?:{pattern})(?:\n(?:{pattern}))*")


def _all_match(every: re.Pattern[str], items: list[str]) -> bool:
    """Whether each of ``items`` matches the pattern of ``every``: the newlines of the joined text must
    be the joins alone (an item holding a newline would pass as two items otherwise)."""
    joined = "\n".join(items)
    return joined.count("\n") == len(items) - 1 and every.fullmatch(joined) is not None


_EVERY_ID = _every(_ID_P)
_EVERY_KIND = _every(_KIND_P)
_EVERY_FIELD = _every(_FIELD_P)
_EVERY_STAMP = _every(_STAMP_P)


def quick_decode_lines(lines: list[bytes]) -> list[FieldWrite] | None:
    """:func:`quick_decode` of every line, when the compiled check accepts them all (else None: then
    line by line). The same check, with the patterns of ids, kinds, fields, stamps and bases matched
    over all the lines' values joined by newlines (:func:`_all_match`)."""
    if not lines:
        return []
    if max(map(len, lines)) > MAX_LINE:
        return None
    decode = _SHAPE_DECODER.decode
    try:
        objs = [decode(line) for line in lines]
    except (msgspec.DecodeError, UnicodeDecodeError):
        return None
    bases = [b for o in objs for b in o.bases]
    if not (_all_match(_EVERY_ID, [o.id for o in objs]) and _all_match(_EVERY_KIND, [o.kind for o in objs])
            and _all_match(_EVERY_FIELD, [o.field for o in objs])
            and _all_match(_EVERY_STAMP, [o.stamp for o in objs])
            and (not bases or _all_match(_EVERY_STAMP, bases))):
        return None
    if any(len(o.bases) > 1 and len(set(o.bases)) != len(o.bases) for o in objs):
        return None
    return [FieldWrite(o.id, o.kind, o.field, o.stamp, o.value, tuple(o.bases), o.author) for o in objs]


def decode_write(line: bytes, number: int) -> FieldWrite:
    """A record line checked against package-record.schema.json (the vault then checks it again)."""
    if len(line) > MAX_LINE:
        raise PackageError("bad_record", f"第 {number} 行过长")
    quick = quick_decode(line)
    if quick is not None:
        return quick
    try:
        obj = json.loads(line.decode("utf-8"), parse_constant=_no_constants, parse_int=_bounded_int)
    except (ValueError, RecursionError) as exc:
        raise PackageError("bad_record", f"第 {number} 行不是有效的 JSON") from exc
    if plainly_valid(obj):
        return FieldWrite(obj["id"], obj["kind"], obj["field"], obj["stamp"], obj["value"], tuple(obj["bases"]),
                          obj["author"])
    validator = record_validator()
    if not validator.is_valid(obj):
        error = jsonschema.exceptions.best_match(validator.iter_errors(obj))
        raise PackageError("bad_record", f"第 {number} 行：{error.message[:80] if error else ''}")
    return FieldWrite(obj["id"], obj["kind"], obj["field"], obj["stamp"], obj["value"], tuple(obj["bases"]),
                      obj["author"])


def canonical_manifest(manifest: dict[str, Any]) -> bytes:
    """The exact bytes written (and signed): UTF-8 JSON, keys sorted, two-space indent."""
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2).encode("utf-8") + b"\n"
