"""Comments and docstrings cite documents that exist in the repository (docs/architecture.md practice 17).

Any ``something.md`` named in the code, the tests, the scripts or the benches must be a file of
the repository: a path from its root (``docs/vault.md``), or a bare name found in ``docs/`` or at
the root (``README.md``). The specs the project was started from live outside it; what the code
relies on is written down in ``docs/``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CITED = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w-]+\.md)\b")


def cited(text: str) -> list[str]:
    return CITED.findall(text)


def resolves(name: str) -> bool:
    return (ROOT / name).is_file() or ("/" not in name and (ROOT / "docs" / name).is_file())


def test_every_cited_document_exists() -> None:
    missing = []
    for folder in ("app", "tests", "scripts", "bench"):
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or path.suffix not in {".py", ""} or "__pycache__" in path.parts \
                    or path == Path(__file__).resolve():  # its own examples of a missing document
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            for number, line in enumerate(text.splitlines(), 1):
                missing += [f"{path.relative_to(ROOT)}:{number}: {name}" for name in cited(line) if not resolves(name)]
    assert missing == []


def test_the_check_finds_a_missing_document() -> None:
    assert cited("see docs/vault.md and design.md §3, not x.mdx") == ["docs/vault.md", "design.md"]
    assert resolves("docs/vault.md") and resolves("vault.md") and resolves("README.md")
    assert not resolves("design.md") and not resolves("docs/nowhere.md")
