"""The vault is the only door to storage (issue 11 item 2, docs/vault.md "Schema versions").

Code outside ``app/storage`` reaches the database only through the vault's stores
(``vault.records``, ``vault.blobs``, ``vault.keys``, ``vault.drafts``, ``vault.journal``) and
``vault.transaction()``: it never touches the connection, and no code calls a store's private
methods. The import-linter contracts in pyproject.toml hold the layers; this holds what they cannot.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORES = {"records", "blobs", "keys", "drafts", "journal", "search_index"}


def _sources(*, outside: str | None = None) -> list[Path]:
    files = sorted((ROOT / "app").rglob("*.py"))
    return [p for p in files if outside is None or not p.is_relative_to(ROOT / outside)]


def test_no_code_outside_storage_touches_the_connection() -> None:
    found = []
    for path in _sources(outside="app/storage"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"con", "_con"}:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def test_no_code_calls_a_stores_private_methods() -> None:
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")):
                continue
            base = node.value
            if isinstance(base, ast.Attribute) and base.attr in STORES \
                    or isinstance(base, ast.Name) and base.id in STORES | {"store"}:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def test_the_checks_see_what_they_look_for(tmp_path: Path) -> None:
    """The walks above find a forbidden access when there is one (so an empty result means something)."""
    tree = ast.parse("vault.con.execute('x')\nvault.records._save_within([])\n")
    attrs = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute)]
    assert any(n.attr == "con" for n in attrs)
    assert any(n.attr == "_save_within" and isinstance(n.value, ast.Attribute) and n.value.attr in STORES
               for n in attrs)
