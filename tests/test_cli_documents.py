"""``report paper|handover|inspection``: the files they write, and one-line Chinese errors that change nothing."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, main
from app.domain.records import Handover, Paper, Round, Team, Unit
from app.domain.vocab import HEADINGS
from app.storage.kdf import TEST_PARAMS
from app.storage.vault import Vault
from tests.signing import save_paper

SECRET = "口令 test 2024"
NUMBER = "[2024]3巡-1组-05号"


@pytest.fixture
def vault_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "v.xcv"
    with Vault.create(path, SECRET, kdf=TEST_PARAMS) as vault:
        rnd = vault.records.save(Round(title="第三轮", kind="常规", committee="中共某县委员会"))
        team = vault.records.save(Team(name="第一巡察组", round_id=rnd.id))
        unit = vault.records.save(Unit(name="某县测试局党组", round_id=rnd.id, team_id=team.id))
        save_paper(vault, Paper(number=NUMBER, title="会议记录不全", unit_id=unit.id, heading=HEADINGS[2],
                                 facts="2023年党组会议记录缺失3次。", state="组长签字", signed_by="张三",
                                 signed_at=dt.date(2024, 5, 6)))
        vault.records.save(Handover(title="某县测试局副局长王五问题线索", unit_id=unit.id, to_unit="纪委监委",
                                    handed_at=dt.date(2024, 6, 3)))
    monkeypatch.setenv("XUNCHA_PASSPHRASE", SECRET)
    return path


def pdf_text(path: Path) -> str:
    """The text without white space (table cells wrap their lines)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(path).pages))


def journal(path: Path) -> list[str]:
    with Vault.open(path, SECRET) as vault:
        return [e.action for e in vault.journal.entries()]


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and "Traceback" not in err[0], err
    return err[0]


def test_report_paper_by_number_with_copy_and_secrecy(vault_path: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "paper.pdf"
    assert main(["report", "paper", str(vault_path), "--id", NUMBER, "--out", str(out), "--copy", "000004",
                 "--secrecy", "秘密★1年"]) == EXIT_OK
    printed = capsys.readouterr().out.strip()
    assert re.fullmatch(rf"已生成 {re.escape(str(out))}（{re.escape(NUMBER)}，\d+ 页）", printed), printed
    text = pdf_text(out)
    for printed in ("问题底稿", NUMBER, "会议记录不全", "000004", "秘密★1年", "组长（签字）"):
        assert printed in text, printed
    assert "print-paper" in journal(vault_path)


def test_report_handover_for_all_units_and_for_one(vault_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "handover.pdf"
    assert main(["report", "handover", str(vault_path), "--out", str(out), "--watermark", "送县纪委监委"]) == EXIT_OK
    assert "某县测试局副局长王五问题线索" in pdf_text(out) and "全部被巡察单位" in pdf_text(out)
    one = tmp_path / "one.pdf"
    assert main(["report", "handover", str(vault_path), "--unit", "某县测试局党组", "--out", str(one)]) == EXIT_OK
    assert "范围：某县测试局党组" in pdf_text(one)
    page = PdfReader(one).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    assert journal(vault_path).count("print-handover") == 2


def test_report_inspection(vault_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    assert main(["report", "inspection", str(vault_path), "--unit", "某县测试局党组", "--out", str(out)]) == EXIT_OK
    text = pdf_text(out)
    for printed in ("关于巡察某县测试局党组的情况报告", "一、总体评价", "二、主要问题", "会议记录不全", "三、意见建议"):
        assert printed in text, printed
    assert "print-inspection-report" in journal(vault_path)


@pytest.mark.parametrize(("args", "code", "message"), [
    (["paper"], EXIT_USAGE, "请用 --id 指定问题底稿"),
    (["inspection"], EXIT_USAGE, "请用 --unit 指定被巡察单位"),
    (["paper", "--id", "[2024]9巡-9组-99号"], EXIT_FAIL, "没有编号为“[2024]9巡-9组-99号”的问题底稿"),
    (["inspection", "--unit", "无此单位"], EXIT_FAIL, "没有名为“无此单位”的被巡察单位"),
    (["handover", "--unit", "无此单位"], EXIT_FAIL, "没有名为“无此单位”的被巡察单位"),
])
def test_bad_input_is_one_chinese_line_and_changes_nothing(vault_path: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str], args: list[str],
                                                           code: int, message: str) -> None:
    before = journal(vault_path)
    out = tmp_path / "x.pdf"
    assert main(["report", args[0], str(vault_path), "--out", str(out), *args[1:]]) == code
    line = one_line(capsys)
    assert line.startswith("错误：") and message in line
    assert not out.exists() and journal(vault_path) == before
