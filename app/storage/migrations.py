"""Schema migrations: an append-only list keyed by ``PRAGMA user_version`` (docs/architecture.md practice 5).

``user_version`` is the number of steps applied. Every step an open needs runs in one
transaction, so an upgrade is applied whole or not at all (docs/vault.md, "Schema versions"); a
step may therefore hold only statements SQLite runs inside a transaction (no VACUUM, no
journal_mode). A vault whose version is higher than this program knows is refused, never
touched. Shipped steps are immutable: a schema change is a new file appended to :data:`STEPS`.
"""

from __future__ import annotations

from importlib import resources

from app.storage.connection import Connection, DatabaseError, damage_error, transaction
from app.storage.errors import MigrationFailed, VaultTooNew

#: SQL files in app/storage/migrations/, in order. Append only.
STEPS: tuple[str, ...] = ("v001.sql", "v002.sql", "v003.sql", "v004.sql", "v005.sql", "v006.sql", "v007.sql")
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
    """Bring the schema up to :data:`SCHEMA_VERSION`; returns the number of steps run.

    All steps run in one transaction: if any statement fails, SQLite rolls every step back and
    the file is as it was (DDL, ALTER TABLE and ``user_version`` are transactional in SQLite).
    A failure is :class:`MigrationFailed`; a damaged page met on the way stays VaultDamaged.
    """
    start = check_version(con)
    if start == SCHEMA_VERSION:
        return 0
    number = start
    try:
        with transaction(con):
            for number in range(start, SCHEMA_VERSION):
                for statement in split_statements(_sql(STEPS[number])):
                    con.execute(statement)
                # PRAGMA does not take parameters; the value is our own integer.
                con.execute(f"PRAGMA user_version = {number + 1:d}")
    except DatabaseError as exc:  # a full disk is already DiskFull (a VaultError), not caught here
        raise damage_error(exc) or MigrationFailed(f"升级到第 {number + 1} 版时出错") from exc
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
