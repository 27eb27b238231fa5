"""The README opens with the two set-up commands, and CI runs the second one."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:] if line.strip()]
    assert commands == ["scripts/run-demo", "scripts/test"]
    for command in commands:
        assert (ROOT / command).is_file()
    assert "bash scripts/test" in (ROOT / ".ci/run").read_text(encoding="utf-8")
