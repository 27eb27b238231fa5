"""The quick record-line check never accepts what package-record.schema.json refuses."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.exchange.package.format import (
    decode_write,
    encode_write,
    plainly_valid,
    quick_decode,
    quick_decode_lines,
    record_validator,
)
from app.storage.store import FieldWrite

STAMP = "0192a3b4c5d6-0001-0123456789abcdef"
VALID: dict[str, Any] = {"id": "0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b", "kind": "interview", "field": "content",
                         "stamp": STAMP, "value": "谈话内容", "bases": [], "author": "王组长"}

# Values near every rule's edge: right and wrong types, lengths at and past the limits, lookalike
# patterns (upper case, a trailing newline, one character short), booleans posing as integers.
ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(1 << 64), max_value=1 << 64), st.floats(allow_nan=False),
    st.text(max_size=8), st.sampled_from(["", "a" * 200, "a" * 201, "x" * 1_000_000, "x" * 1_000_001,
                                          VALID["id"], VALID["id"].upper(), VALID["id"] + "\n", VALID["id"][:-1],
                                          STAMP, STAMP + "\n", STAMP.upper(), "interview", "Interview", "a" * 41,
                                          "field_1", "1field", "deleted"]),
    st.lists(st.sampled_from([STAMP, STAMP + "\n", "0192a3b4c5d6-0002-0123456789abcdef", 7, None]), max_size=66),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


#: Each key's own edges, drawn as often as everything else together.
EDGES: dict[str, list[Any]] = {
    "id": [VALID["id"].upper(), VALID["id"] + "\n", VALID["id"][:-1], VALID["id"].replace("-", "_"), "",
           VALID["id"] + "\n" + VALID["id"]],
    "kind": ["", "Interview", "a" * 40, "a" * 41, "1a", "a-b", "a\n", "interview\nunit"],
    "field": ["", "a" * 64, "a" * 65, "F", "a\n", "a-b", "a\nb"],
    "stamp": [STAMP + "\n", STAMP.upper(), STAMP[:-1], "", STAMP + "\n" + STAMP],
    "value": [True, False, 1.0, 1.5, 1 << 63, -(1 << 63) - 1, (1 << 63) - 1, "x" * 1_000_000, "x" * 1_000_001,
              [], {}],
    "bases": [[STAMP, STAMP], [STAMP] * 64, [f"0192a3b4c5d6-{i:04x}-0123456789abcdef" for i in range(65)],
              [STAMP + "\n"], [STAMP + "\n" + STAMP], [1], "x", None],
    "author": ["a" * 200, "a" * 201, "a" * 250, None, 1, ["a"]],
}


@st.composite
def lines(draw: st.DrawFn) -> Any:
    obj = dict(VALID)
    for key in draw(st.lists(st.sampled_from(sorted(VALID)), max_size=3, unique=True)):
        obj[key] = draw(st.sampled_from(EDGES[key]) if draw(st.booleans()) else ANY_VALUE)
    if draw(st.booleans()):
        obj.pop(draw(st.sampled_from(sorted(VALID))))
    if draw(st.integers(0, 9)) == 0:
        obj["extra"] = 1
    return obj if draw(st.integers(0, 19)) else draw(ANY_VALUE)


@settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(lines())
def test_the_quick_check_accepts_only_what_the_schema_accepts(obj: Any) -> None:
    if plainly_valid(obj):
        assert record_validator().is_valid(obj), obj


def _as_write(obj: dict[str, Any]) -> FieldWrite:
    return FieldWrite(obj["id"], obj["kind"], obj["field"], obj["stamp"], obj["value"], tuple(obj["bases"]),
                      obj["author"])


@settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(lines(), st.booleans())
def test_the_compiled_check_accepts_only_what_the_schema_accepts(obj: Any, ascii_only: bool) -> None:
    # The same random lines as above, as bytes (escaped or raw UTF-8; a lone surrogate stays invalid UTF-8).
    line = json.dumps(obj, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    got = quick_decode(line)
    if got is not None:
        assert record_validator().is_valid(obj), obj
        assert got == _as_write(obj)
    assert quick_decode_lines([line]) == (None if got is None else [got])  # the import's batch path


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines() | st.just(VALID), max_size=6))
def test_the_batch_check_takes_a_piece_exactly_when_the_line_check_takes_every_line(objs: list[Any]) -> None:
    encoded = [json.dumps(o, ensure_ascii=False).encode("utf-8", "surrogatepass") for o in objs]
    one_by_one = [quick_decode(line) for line in encoded]
    expected = None if any(w is None for w in one_by_one) else one_by_one
    assert quick_decode_lines(encoded) == expected


def test_every_edge_the_schema_refuses_the_compiled_check_refuses() -> None:
    # Each key's edges (the mutants above) one at a time, and each key missing or one too many.
    mutants = [dict(VALID, **{key: edge}) for key, edges in EDGES.items() for edge in edges]
    mutants += [{k: v for k, v in VALID.items() if k != key} for key in VALID] + [dict(VALID, extra=1)]
    refused = 0
    for obj in mutants:
        if not record_validator().is_valid(obj):
            refused += 1
            assert quick_decode(json.dumps(obj).encode()) is None, obj
            assert quick_decode(json.dumps(obj, ensure_ascii=False).encode()) is None, obj
            assert quick_decode_lines([json.dumps(VALID).encode(), json.dumps(obj).encode()]) is None, obj
    assert refused >= 30  # the edges are mostly invalid: the check is really exercised
    # ... and a valid line it leaves to the schema still decodes (1.0 is an integer to JSON Schema).
    odd = dict(VALID, value=1.0)
    assert quick_decode(json.dumps(odd).encode()) is None and decode_write(json.dumps(odd).encode(), 1).value == 1.0


def test_ordinary_lines_take_the_quick_path_and_decode_the_same() -> None:
    writes = [FieldWrite(VALID["id"], "interview", "content", STAMP, "谈话内容", (), "王组长"),
              FieldWrite(VALID["id"], "interview", "deleted", STAMP, 1, ("0192a3b4c5d5-0000-0123456789abcdef",), ""),
              FieldWrite(VALID["id"], "unit", "name", STAMP, None, (), "x" * 200)]
    for w in writes:
        line = encode_write(w)
        assert plainly_valid(json.loads(line))
        assert quick_decode(line) == w
        assert decode_write(line, 1) == w
    # A valid line outside the quick path (1.0 is an integer to JSON Schema) still decodes through the schema.
    odd = dict(VALID, value=1.0)
    assert not plainly_valid(odd) and record_validator().is_valid(odd)
    assert decode_write(json.dumps(odd).encode(), 1).value == 1.0


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.builds(FieldWrite, _TEXT, _TEXT, _TEXT, _TEXT,
                 st.one_of(st.none(), _TEXT, st.integers(-(1 << 63), (1 << 63) - 1), st.booleans()),
                 st.lists(_TEXT, max_size=3).map(tuple), _TEXT))
def test_a_line_is_byte_for_byte_what_json_dumps_gives(w: FieldWrite) -> None:
    # encode_write builds the common line from quoted strings (a round's deployment encodes
    # ~100,000 writes); it must equal the encoder's output, controls, quotes and non-ASCII included.
    expected = json.dumps({"id": w.record_id, "kind": w.kind, "field": w.field, "stamp": w.stamp, "value": w.value,
                           "bases": list(w.bases), "author": w.author},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
    assert encode_write(w) == expected


_STAMPS = st.sampled_from([STAMP, "0192a3b4c5d6-0002-0123456789abcdef", "0192a3b4c5d7-0000-fedcba9876543210"])


@settings(max_examples=400, deadline=None)
@given(st.builds(FieldWrite, _TEXT, _TEXT, _TEXT, _TEXT,
                 st.one_of(st.none(), _TEXT, st.integers(-(1 << 63), (1 << 63) - 1), st.floats(allow_nan=False)),
                 st.lists(_STAMPS | _TEXT, max_size=3, unique=True).map(lambda b: tuple(sorted(b))), _TEXT),
       st.booleans())
def test_a_stored_row_encodes_as_its_write(w: FieldWrite, null_bases: bool) -> None:
    # Exports encode the stored rows (bases as storage keeps them: json.dumps of the sorted list, or
    # NULL for none) without building the write: the line must be encode_write's.
    from app.exchange.package.format import encode_row

    stored = None if null_bases and not w.bases else json.dumps(list(w.bases))
    assert encode_row(w.record_id, w.kind, w.field, w.stamp, w.value, stored, w.author) == encode_write(w)


def test_the_package_schemas_are_valid_json_schema() -> None:
    # format.py no longer checks them at run time (it cost every first import a tenth of a second).
    import jsonschema

    from app.exchange.package.format import SCHEMA_DIR

    for name in ("package-manifest.schema.json", "package-record.schema.json"):
        schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema).check_schema(schema)


def test_the_compiled_check_refuses_lone_surrogates() -> None:
    # Storage skips its own UTF-8 check for the writes the compiled check took (validate_write's
    # ``shaped``): a lone surrogate, escaped or as raw bytes, must never come through it.
    for key in ("value", "author"):
        for bad in ("\udc00", "\ud800", "a\udfffb", "\ud800\ud800"):
            obj = dict(VALID, **{key: bad})
            assert quick_decode(json.dumps(obj).encode()) is None
            assert quick_decode(json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass")) is None
    assert quick_decode(json.dumps(dict(VALID, value="\ud83d\ude00")).encode()) == _as_write(dict(VALID, value="😀"))
