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


# --- the window calls services (issue 11 item 1, docs/architecture.md "Layers") ---------------------------------

#: The worker that holds the vault: the one place under app/ui where a Vault is a value.
WORKER = ROOT / "app" / "ui" / "tasks.py"


def _service_names(tree: ast.AST) -> set[str]:
    """Names this module imported from app.services (modules or functions)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app.services"):
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.asname or alias.name for alias in node.names if alias.name.startswith("app.services")}
    return names


def _names(annotation: ast.expr | None) -> set[str]:
    """The type names an annotation mentions (``Vault | None`` -> {"Vault"}; quoted ones too)."""
    if annotation is None:
        return set()
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return _names(ast.parse(annotation.value, mode="eval").body)
    return {n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(annotation)
            if isinstance(n, ast.Name | ast.Attribute)}


def vault_misuses(source: str, path: str = "<source>") -> list[str]:
    """Functions under app/ui that take a Vault, and uses of ``.vault`` other than handing it to a service."""
    tree = ast.parse(source)
    services = _service_names(tree)
    handed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            root = node.func
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in services:
                handed |= {id(arg) for arg in [*node.args, *(k.value for k in node.keywords)]}
        # `executor.vault is None` asks whether a vault is open; it does nothing with it.
        if isinstance(node, ast.Compare) and all(isinstance(c, ast.Constant) and c.value is None
                                                 for c in node.comparators):
            handed.add(id(node.left))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            args = node.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                annotation = ast.unparse(arg.annotation) if arg.annotation else ""
                if arg.arg == "vault" or "Vault" in _names(arg.annotation):
                    name = getattr(node, "name", "lambda")
                    found.append(f"{path}:{node.lineno}: {name}() takes a vault ({arg.arg}: {annotation})")
        elif isinstance(node, ast.Attribute) and node.attr == "vault" and id(node) not in handed:
            found.append(f"{path}:{node.lineno}: {ast.unparse(node)} is used, not handed to a service")
    return found


def test_no_window_code_takes_a_vault_or_works_on_one() -> None:
    """Under app/ui, a Vault is only ever handed to a function of app/services, on the worker."""
    found = []
    for path in sorted((ROOT / "app" / "ui").rglob("*.py")):
        if path != WORKER:
            found += vault_misuses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []


def test_the_vault_check_sees_what_it_looks_for() -> None:
    source = (
        "from app.services import records\n"
        "def load(vault: Vault) -> None: ...\n"
        "def shown(opened: OpenedVault, dialog: CreateVaultDialog) -> None: ...\n"
        "Op(self, lambda task: task.vault.records.list('x'))\n"
        "Op(self, lambda task: records.load_kind(task.vault, 'x'))\n"
        "if executor.vault is None: pass\n"
    )
    found = vault_misuses(source)
    assert len(found) == 2, found
    assert "load() takes a vault" in found[0] and "task.vault is used" in found[1]
