"""The planning drill from an empty vault (issue 13's acceptance, docs/office.md "Workflow"), run as a
person runs it: ``new`` → ``round`` → ``intake --as teams`` → ``intake --as units`` → ``plan --propose``
→ ``plan --accept --ack`` → ``plan --check``, on the shipped example files. Every trap the example
generator planted (app/exchange/xlsx/office_examples.py, listed in docs/office.md) must show in the
proposal's output as avoided with its reason, and the one unplaceable unit with each team's exclusion.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import EXIT_OK, main
from app.domain.planning import CODE_LABELS
from app.domain.records import Unit
from app.exchange.xlsx import office_examples
from app.storage import kdf
from app.storage import vault as vault_module
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"
TITLE = "涉粮问题专项巡视巡察"

pytestmark = pytest.mark.slow


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).splitlines()


def test_the_planning_drill_from_an_empty_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(vault_module, "calibrate", lambda *a, **k: kdf.TEST_PARAMS)  # a quick KDF for the test
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)  # `new` refuses the demo passphrase (strength check)
    monkeypatch.chdir(tmp_path)
    vault = "p.xcv"

    assert run(capsys, "new", vault, "--role", "office", "--owner", "省委巡视办")[0] == EXIT_OK
    code, lines = run(capsys, "round", vault, "--title", TITLE, "--kind", "专项", "--level", "省",
                      "--committee", "中共某省委员会", "--authorisation", "某巡领字〔2024〕9号")
    assert code == EXIT_OK, lines

    code, lines = run(capsys, "intake", vault, str(EXAMPLES / "巡察组名册.xlsx"), "--as", "teams", "--round", TITLE)
    assert code == EXIT_OK, lines
    assert lines[-1] == "已导入：新增 493，更新 0，未变 0，未导入 0（共 493 行）", lines[-3:]
    code, lines = run(capsys, "intake", vault, str(EXAMPLES / "被巡察单位名单-837.xlsx"), "--as", "units",
                      "--round", TITLE)
    assert code == EXIT_OK, lines
    assert lines[-1] == "已导入：新增 837，更新 0，未变 0，未导入 0（共 837 行）", lines[-3:]

    code, lines = run(capsys, "plan", vault, "--round", TITLE, "--propose", "--out", "分工方案.xlsx")
    assert code == EXIT_OK, lines[:5]
    assert lines[0] == "单位：837 / 已分配：836 / 未分配：1 / 分工方案中的硬冲突：0 / 软冲突提示：0"
    avoided = [line.split("\t") for line in lines if line.startswith("已避开\t")]
    traps = office_examples.build().traps
    for trap in traps:
        if trap.unit == office_examples.UNPLACEABLE:
            continue
        labels = [CODE_LABELS[code] for code in trap.code.split("/")]
        hits = [a for a in avoided if a[1] == trap.unit and a[2].startswith(f"原分工{trap.team}（")]
        assert any(label in a[2] for a in hits for label in labels), (trap, hits)
        assert all(not a[3].endswith(trap.team) for a in hits)  # proposed to another team
    assert len(avoided) == 5  # the four traps, the reciprocal pair on both of its rows
    at = lines.index(f"未分配\t{office_examples.UNPLACEABLE}：没有可承担的巡察组")
    excluded = [line.split("\t") for line in lines[at + 1:at + 84]]
    assert len({e[1] for e in excluded if e[0] == "  排除"}) == 83
    assert all(f"任职于某市审计局，为{office_examples.UNPLACEABLE}的本单位" in e[2] for e in excluded)

    sheet = {r[1]: r for r in load_workbook(tmp_path / "分工方案.xlsx").active.iter_rows(min_row=3, values_only=True)}
    assert sheet[office_examples.UNPLACEABLE][5] in (None, "") and sheet[office_examples.UNPLACEABLE][8].count(
        "巡察组：") == 83
    for trap in traps:
        if trap.unit != office_examples.UNPLACEABLE:
            assert sheet[trap.unit][7].startswith(f"原分工{trap.team}（"), trap
            assert sheet[trap.unit][5] != trap.team

    code, lines = run(capsys, "plan", vault, "--round", TITLE, "--accept", "分工方案.xlsx", "--ack", "组织部门已审核")
    assert code == EXIT_OK, lines
    code, lines = run(capsys, "plan", vault, "--round", TITLE, "--check")
    assert code == EXIT_OK, lines
    assert lines[0] == "单位：837 / 已分配：836 / 交叉巡察：287 / 硬冲突：0 / 软冲突：0"
    with Vault.open(tmp_path / vault, PASSPHRASE) as opened:
        units = list(opened.records.iter(Unit))
        assert [u.name for u in units if u.team_id is None] == [office_examples.UNPLACEABLE]
        assert [e.action for e in opened.journal.entries(limit=10)].count("plan-accept") == 1
