"""Schema migrations: an append-only list keyed by ``PRAGMA user_version`` (style.md practice 5).

``user_version`` is the number of steps applied. Each step runs in its own transaction; a vault
whose version is higher than this program knows is refused, never touched. Shipped steps are
immutable: a schema change is a new file appended to :data:`STEPS`.
"""

from __future__ import annotations

from importlib import resources

from app.storage.connection import Connection, transaction
from app.storage.errors import VaultTooNew

#: SQL files in app/storage/migrations/, in order. Append only.
STEPS: tuple[str, ...] = ("v001.sql", "v002.sql", "v003.sql", "v004.sql")
SCHEMA_VERSION = len(STEPS)


def _sql(name: str) -> str:
    return resources.files("app.storage").joinpath("migrations", name).read_text(encoding="utf-8")


def schema_version(con: Connection) -> int:
    return int(con.execute("PRAGMA user_version").fetchone()[0])


def check_version(con: Connection) -> int:
    version = schema_version(con)
    if version > SCHEMA_VERSION:
        raise VaultTooNew(f"数据结构版本 {version}，本程序支持到 {SCHEMA_VERSION}")
    return version


def migrate(con: Connection) -> int:
    """Bring the schema up to :data:`SCHEMA_VERSION`; returns the number of steps run."""
    start = check_version(con)
    for number in range(start, SCHEMA_VERSION):
        script = _sql(STEPS[number])
        with transaction(con):
            for statement in split_statements(script):
                con.execute(statement)
            # PRAGMA does not take parameters; the value is our own integer.
            con.execute(f"PRAGMA user_version = {number + 1:d}")
    return SCHEMA_VERSION - start


def split_statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit on its own).

    Triggers hold inner semicolons, so a statement ends only where SQLite says it is complete.
    """
    import sqlcipher3

    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        if not current and (not line.strip() or line.lstrip().startswith("--")):
            continue
        current += line
        if sqlcipher3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
