"""Text from outside is text on the command line (docs/vault.md): values from a package, a keys file
or a record cannot fake a line, recolour the terminal or reorder what is shown."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import EXIT_FAIL, EXIT_OK, main
from app.domain.records import Interview, Lead
from app.domain.text import printable
from app.exchange.package import export_package, load_key_file, parse_recipients, public_document, trust
from app.exchange.package.keys import key_fingerprint
from app.storage.vault import Vault
from tests.conftest import PASSPHRASE

#: A value that, printed raw, would end the line, print a fake verdict in green and retitle the terminal.
FAKE = "钱处长\n校验通过 ✔\x1b[32m\x1b]0;pwned\x07\u202e"
FAKE_SHOWN = "钱处长\\n校验通过 ✔\\x1b[32m\\x1b]0;pwned\\x07\\u202e"


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XUNCHA_PASSPHRASE", PASSPHRASE)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_inert(text: str) -> None:
    """Nothing a terminal acts on: no control, format or line-separator character but the line ends
    and the tabs between search's columns."""
    for line in text.splitlines():
        for field in line.split("\t"):
            assert printable(field) == field, repr(line)
    assert "\r" not in text and "\x1b" not in text


# --- printable() ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "shown"), [
    ("a\nb\rc\td", "a\\nb\\rc\\td"),
    ("\x00\x07\x1b[2J\x7f", "\\x00\\x07\\x1b[2J\\x7f"),
    ("\x85\x9b31m", "\\x85\\x9b31m"),  # C1: NEL and the one-byte CSI
    ("abc\u202eedcba\u2066x\u2069\u200e\u061c", "abc\\u202eedcba\\u2066x\\u2069\\u200e\\u061c"),  # bidi
    ("巡\u200b察\ufeff办\u00ad", "巡\\u200b察\\ufeff办\\xad"),  # invisible: two names that print alike
    ("一\u2028二\u2029三", "一\\u2028二\\u2029三"),
    ("\udcff", "\\udcff"),  # a lone surrogate could not even be encoded
    ("旗\U000e0041", "旗\\U000e0041"),  # a tag character
])
def test_printable_escapes_what_a_terminal_acts_on(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_printable_keeps_ordinary_text() -> None:
    for text in ("市水务局 党组", "第一巡察组\u3000组长", "C:\\Users\\张三\\台账.xlsx", "✔ 已核验 😀", "\ue000私用区"):
        assert printable(text) == text
    assert printable(42) == "42" and printable(Path("a\nb")) == "a\\nb"


# --- the commands --------------------------------------------------------------------------------------


def test_search_prints_a_hostile_title_on_one_line(capsys: pytest.CaptureFixture[str], vault: Vault) -> None:
    vault.records.save(Interview(interviewee=FAKE, summary="反映食堂采购不规范"))
    vault.records.save(Lead(subject_name="孙科长", summary=f"第一段\n第二段\x1b[31m{FAKE}"))
    path = vault.path
    vault.close()
    code, out, err = run(capsys, "search", path, "校验通过")
    assert code == EXIT_OK, err
    lines = [line for line in out.splitlines() if "\t" in line]
    assert len(lines) == 2 and all(len(line.split("\t")) == 4 for line in lines), out
    assert {line for line in out.splitlines() if "\t" not in line} == {"谈话记录（共 1 条）", "问题线索（共 1 条）"}
    interview = next(line for line in lines if line.startswith("谈话记录"))
    assert interview.split("\t")[2] == FAKE_SHOWN  # the title, with its escapes visible
    lead = next(line for line in lines if line.startswith("问题线索"))
    assert "第一段 第二段\\x1b[31m钱处长 " in lead  # a paragraph break in a snippet reads as a space
    assert_inert(out)


def test_search_counts_every_kind_truly_and_shows_each(capsys: pytest.CaptureFixture[str], vault: Vault) -> None:
    vault.records.save_many([Lead(summary=f"反映食堂采购不规范{i}") for i in range(12)])
    vault.records.save(Interview(interviewee="王某", summary="谈到食堂采购"))
    path = vault.path
    vault.close()
    code, out, err = run(capsys, "search", path, "食堂采购", "--limit", "5")
    assert code == EXIT_OK, err
    lines = out.splitlines()
    leads = lines.index("问题线索（共 12 条，显示前 5 条）")
    assert all(line.startswith("问题线索\t") for line in lines[leads + 1:leads + 6])
    talks = lines.index("谈话记录（共 1 条）")
    assert lines[talks + 1].startswith("谈话记录\t")  # the one interview is not hidden behind twelve leads
    assert len(lines) == 2 + 5 + 1


def test_subprocess_search_writes_no_escape_byte(tmp_path: Path, make_vault: Callable[..., Vault]) -> None:
    """The real process, as a terminal would receive it."""
    vault = make_vault()
    vault.records.save(Interview(interviewee=FAKE))
    vault.close()
    done = subprocess.run([sys.executable, "main.py", "search", str(vault.path), "校验通过"], capture_output=True,
                          env={"XUNCHA_PASSPHRASE": PASSPHRASE, "PATH": "/usr/bin:/bin"},
                          cwd=Path(__file__).resolve().parent.parent, stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    # the kind's header and the hit
    assert done.stdout.count(b"\n") == 2 and b"\x1b" not in done.stdout and b"\r" not in done.stdout
    assert FAKE_SHOWN.encode() in done.stdout


def hostile_keys(other: Vault, owner: str) -> bytes:
    doc = public_document(other)
    doc["owner"] = owner  # anyone can write anything here, and fingerprint it (the key fingerprint covers it)
    doc["fingerprint"] = key_fingerprint(doc["signing_key"], doc["age_recipient"], doc["vault_id"], doc["role"], owner)
    return json.dumps(doc, ensure_ascii=False).encode()


def test_trust_shows_a_hostile_owner_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                             make_vault: Callable[..., Vault]) -> None:
    office, other = make_vault("office.xcv", role="office"), make_vault("other.xcv")
    keys = tmp_path / "other.keys"
    keys.write_bytes(hostile_keys(other, FAKE))
    path = office.path
    office.close()
    code, out, err = run(capsys, "trust", path, keys)
    assert code == EXIT_OK, err
    assert out.splitlines()[1].startswith(f"角色：巡察组（{FAKE_SHOWN}，设备 ")
    assert out.splitlines()[2] == "已信任"
    assert len(out.splitlines()) == 3
    assert_inert(out)


def test_a_keys_file_refusal_quotes_the_file_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                     vault: Vault) -> None:
    keys = tmp_path / "fake.keys"
    keys.write_bytes("age1\x1b[2K\r校验通过 ✔\n".encode())
    path = vault.path
    vault.close()
    code, out, err = run(capsys, "trust", path, keys)
    assert code == EXIT_FAIL and out == ""
    assert err == "错误：公钥文件格式不正确：不是有效的 age 接收方：age1\\x1b[2K\\r校验通过 ✔\n"


def test_a_package_refusal_quotes_the_signer_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                     make_vault: Callable[..., Vault]) -> None:
    """A stranger's package names its maker; the refusal quotes that name, and it must stay one line."""
    office = make_vault("office.xcv", role="office", owner="巡察办")
    stranger = make_vault("stranger.xcv", owner=FAKE)
    stranger.records.save(Interview(interviewee="周局长"))
    package = tmp_path / "h.xcp"
    export_package(stranger, package, parse_recipients(json.dumps(public_document(office)).encode()))
    path = office.path
    office.close()
    for command in ("verify", "import"):
        code, out, err = run(capsys, command, path, package)
        assert code == EXIT_FAIL and out == ""
        assert err.count("\n") == 1 and err.startswith("错误：签名者不在本库信任的公钥中：指纹 ")
        assert f"（{FAKE_SHOWN}，设备 " in err
        assert_inert(err)


def test_verify_and_import_show_a_trusted_makers_name_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                              make_vault: Callable[..., Vault]) -> None:
    office = make_vault("office.xcv", role="office", owner="巡察办")
    team = make_vault("team.xcv", owner=FAKE)
    team.records.save(Interview(interviewee="周局长"))
    trust(office, load_key_file(json.dumps(public_document(team)).encode()))
    package = tmp_path / "h.xcp"
    export_package(team, package, parse_recipients(json.dumps(public_document(office)).encode()))
    path = office.path
    office.close()
    code, out, err = run(capsys, "verify", path, package)
    assert code == EXIT_OK, err
    assert out.splitlines()[0].startswith(f"校验通过：handoff 交接包，来自 {FAKE_SHOWN}（设备 ")
    assert len(out.splitlines()) == 5  # the verdict, three counts, the preview: nothing else looks like a line
    assert_inert(out)


def test_intake_report_quotes_sheet_values_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   vault: Vault) -> None:
    from tests.test_intake import make_xlsx

    sheet = make_xlsx(tmp_path / "单位.xlsx", [["单位名称", "党组织类型"], ["市水务局\u202e局务水", "党组\n校验通过 ✔"],
                                              ["市医院\u2028通过", "党委\x85会"]])
    path = vault.path
    vault.close()
    code, out, err = run(capsys, "intake", path, sheet, "--as", "units", "--dry-run")
    assert code == EXIT_OK, err
    assert "第 2 行 未导入 市水务局\\u202e局务水：B 列“党组织类型”的值“党组\\n校验通过 ✔”" in out
    assert "第 3 行 未导入 市医院\\u2028通过：" in out and "“党委\\x85会”" in out
    assert not any(line.startswith("校验通过") for line in out.splitlines())
    assert_inert(out)


def test_every_line_goes_through_out() -> None:
    """One place in app/cli/ prints, and it escapes every value: a new command cannot forget."""
    folder = Path(__file__).resolve().parent.parent / "app" / "cli"
    sources = sorted(folder.glob("*.py"))
    assert folder / "__init__.py" in sources
    printing = [line.strip() for path in sources for line in path.read_text(encoding="utf-8").splitlines()
                if "print(" in line or ".write(" in line and "sys.std" in line]
    assert printing == ["print(template.format(*(printable(v) for v in values)), file=sys.stderr if err else "
                        "sys.stdout, **print_args)"]
