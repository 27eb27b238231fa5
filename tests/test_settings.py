"""Settings that cannot break the program (issue 10 item 4): a declared type and range per key, checked
on a local save and offered to the importer (``setting_violations``); readers fall back to the default
with a warning. See app/domain/settings.py and docs/vault.md "Settings"."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import EXIT_OK, main
from app.domain.clock import GENESIS_STAMP, Stamp, uuid7
from app.domain.records import Round, Setting, Team, Unit
from app.domain.settings import (
    MAX_DAYS,
    MAX_TEXT,
    SETTINGS,
    UNKNOWN,
    Parsed,
    SettingType,
    parse_setting,
    setting_problem,
    setting_violations,
    spec_of,
)
from app.domain.vocab import DEFAULT_DEADLINE_DAYS, DEFAULT_SETTINGS
from app.storage.errors import RuleViolation
from app.storage.kdf import TEST_PARAMS
from app.storage.store import FieldWrite
from app.storage.vault import Vault, seed_id

SECRET = "口令 test 2024"
NINES = "9" * 400
#: The reproductions of issue 10 item 4: what a signed package or a local edit could store.
BAD = [("deadline.rectification_report_days", "²"),
       ("deadline.rectification_report_days", NINES),
       ("deadline.lead_feedback_days", "3000000")]


def stamp(counter: int = 0) -> str:
    """A stamp of another device a minute ahead: it wins over anything this vault wrote just now."""
    return str(Stamp(int(time.time() * 1000) + 60_000, counter, "cd" * 8))


def foreign_value(key: str, value: str, counter: int = 0) -> FieldWrite:
    """Another device's write of a seeded setting's value (supersedes the genesis value)."""
    return FieldWrite(seed_id(f"setting:{key}"), "setting", "value", stamp(counter), value, (GENESIS_STAMP,), "外人")


def stored_value(vault: Vault, key: str) -> str:
    setting = vault.records.get(seed_id(f"setting:{key}"))
    assert isinstance(setting, Setting)
    return setting.value


# --- the declaration and the parser --------------------------------------------------------------


def test_every_seeded_default_is_declared_and_within_its_range() -> None:
    for key, days in DEFAULT_DEADLINE_DAYS.items():
        spec = spec_of(key)
        working = SettingType.WORKING_DAYS if key.endswith("_working_days") else SettingType.DAYS
        assert spec.key == key and spec.type is working and spec.default == days
        assert spec.low <= days <= spec.high <= MAX_DAYS
        assert parse_setting(key, str(days)).problem is None
    for key, raw in DEFAULT_SETTINGS.items():  # what a new vault stores reads back as the declared default
        parsed = parse_setting(key, raw)
        assert spec_of(key).key == key and parsed.problem is None and parsed.value == spec_of(key).default, key
    assert "deadline.rectification_plan_days" not in DEFAULT_SETTINGS  # replaced by the working-days one
    assert len({s.key for s in SETTINGS}) == len(SETTINGS)
    assert all(s.label for s in SETTINGS)


@pytest.mark.parametrize(("key", "raw", "value"), [
    ("calendar.holidays", "2024-10-01, 2024-10-03\n2024-10-02，2024-10-01",
     (dt.date(2024, 10, 1), dt.date(2024, 10, 2), dt.date(2024, 10, 3))),
    ("calendar.workdays", "  ", ()),
    ("plan.forbid_reciprocal", "false", False),
    ("plan.forbid_reciprocal", "是", True),
    ("plan.forbid_reciprocal", " TRUE ", True),
    ("revisit.similarity", "0.75", 0.75),
    ("revisit.similarity", "1", 1.0),
    ("revisit.similarity", "0", 0.0),
    ("plan.local_roles", "组长，联络员、副组长\n组长", ("组长", "联络员", "副组长")),
    ("deploy.escrow", "", ()),
    ("plan.past_post_years", "0", 0),
    ("deadline.rectification_plan_working_days", "15", 15),
])
def test_the_other_types_that_fit(key: str, raw: str, value: object) -> None:
    assert parse_setting(key, raw) == Parsed(key, value)  # type: ignore[arg-type]


@pytest.mark.parametrize(("key", "raw", "shown"), [
    ("calendar.holidays", "2024-10-01 2024-02-30", "2024-02-30"),  # the bad item is named
    ("calendar.holidays", "2024-10-01 2024/10/02", "2024/10/02"),
    ("calendar.holidays", "２０２４-10-01", "２０２４-10-01"),
    ("calendar.workdays", "2024-1-1", "2024-1-1"),
    ("plan.forbid_reciprocal", "也许", "也许"),
    ("revisit.similarity", "1.5", "1.5"),
    ("revisit.similarity", "-0.1", "-0.1"),
    ("revisit.similarity", "0.5.1", "0.5.1"),
    ("revisit.similarity", "nan", "nan"),
    ("plan.past_post_years", "51", "51"),
    ("deadline.notice_working_days", "0", "0"),
])
def test_the_other_types_that_do_not_fit(key: str, raw: str, shown: str) -> None:
    parsed = parse_setting(key, raw)
    assert parsed.value == spec_of(key).default
    assert parsed.problem is not None and key in parsed.problem and f"“{shown}”" in parsed.problem
    assert parsed.warning is not None and "已按默认值" in parsed.warning


def test_typed_reads() -> None:
    assert parse_setting("plan.past_post_years", "3").as_int() == 3
    assert parse_setting("plan.forbid_reciprocal", "否").as_bool() is False
    assert parse_setting("revisit.similarity", "").as_float() == 0.5
    assert parse_setting("plan.local_roles", "").as_list() == ("组长", "联络员")
    assert parse_setting("calendar.holidays", "2025-01-01").as_dates() == (dt.date(2025, 1, 1),)
    assert parse_setting("calendar.holidays", "x" * (MAX_TEXT + 1)).problem is not None


@pytest.mark.parametrize(("key", "raw", "value"), [
    ("deadline.lead_feedback_days", "60", 60),
    ("deadline.lead_feedback_days", " 045 ", 45),
    ("deadline.lead_feedback_days", "3650", 3650),
    ("deadline.lead_feedback_days", "1", 1),
    ("deadline.due_soon_days", "0", 0),
    ("deadline.lead_feedback_days", "", 90),  # unset: the default, nothing wrong
    ("deadline.lead_feedback_days", None, 90),
])
def test_days_that_fit(key: str, raw: str | None, value: int) -> None:
    parsed = parse_setting(key, raw)
    assert (parsed.value, parsed.problem, parsed.warning) == (value, None, None)


@pytest.mark.parametrize("raw", ["²", "٣", "１２", NINES, "3000000", "3651", "0", "-5", "+5", "1e3", "3.5", "90天",
                                 "0x10", "9_0"])
def test_days_that_do_not_fit_give_the_default_and_a_reason(raw: str) -> None:
    parsed = parse_setting("deadline.lead_feedback_days", raw)
    assert parsed.value == 90
    assert parsed.problem is not None and "deadline.lead_feedback_days" in parsed.problem
    assert "1 至 3650" in parsed.problem
    assert parsed.warning is not None and parsed.warning.endswith("已按默认值 90 计算")
    assert len(parsed.problem) < 120  # 400 nines are not printed in full


def test_due_soon_stops_at_a_year() -> None:
    assert parse_setting("deadline.due_soon_days", "365").value == 365
    assert parse_setting("deadline.due_soon_days", "366").problem is not None


def test_text_settings_and_unknown_keys() -> None:
    unit = uuid7()
    assert parse_setting(f"feedback.assessment:{unit}", "第一段。\n第二段。").value == "第一段。\n第二段。"
    long = parse_setting(f"report.recommendations:{unit}", "字" * (MAX_TEXT + 1))
    assert long.value == "" and long.problem is not None and "过长" in long.problem
    assert parse_setting("feedback.copy_to", "县纪委监委" * 200).problem is not None  # one line, not pages
    # a newer version's setting passes through as text
    assert spec_of("display.colour") is UNKNOWN
    assert parse_setting("display.colour", "蓝").value == "蓝"
    assert setting_problem("display.colour", "蓝") is None
    assert setting_problem("display.colour", "x" * (MAX_TEXT + 1)) is not None
    assert setting_problem("", "1") == "设置的键不能为空"


# --- a local save ----------------------------------------------------------------------------------


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.create(tmp_path / "v.xcv", SECRET, kdf=TEST_PARAMS) as v:
        yield v


@pytest.mark.parametrize(("key", "raw"), BAD)
def test_a_local_save_of_a_bad_value_is_refused_and_changes_nothing(vault: Vault, key: str, raw: str) -> None:
    setting = vault.records.list("setting", where={"key": key})[0]
    assert isinstance(setting, Setting)
    digest, journal = vault.records.content_digest(), len(vault.journal.entries())
    setting.value = raw
    with pytest.raises(RuleViolation) as refused:
        vault.records.save(setting)
    assert key in str(refused.value) and "1 至 3650 之间的整数" in str(refused.value)
    with pytest.raises(RuleViolation):
        vault.records.save(Setting(key=key, value=raw))  # nor as a second record
    assert vault.records.content_digest() == digest and len(vault.journal.entries()) == journal
    assert stored_value(vault, key) == str(DEFAULT_DEADLINE_DAYS[key])


def test_a_local_save_of_a_good_value_and_the_repair_of_a_bad_one(vault: Vault) -> None:
    key = "deadline.lead_feedback_days"
    setting = vault.records.list("setting", where={"key": key})[0]
    assert isinstance(setting, Setting)
    setting.value = "60"
    vault.records.save(setting)
    assert stored_value(vault, key) == "60"
    vault.records.merge([foreign_value(key, "3000000")])  # a merge is not a local save: it is stored
    assert stored_value(vault, key) == "3000000"
    repaired = vault.records.get(setting.id)
    assert isinstance(repaired, Setting)
    repaired.value = "90"
    vault.records.save(repaired)  # fixing it is allowed
    assert stored_value(vault, key) == "90"
    with pytest.raises(RuleViolation):
        vault.records.resolve(setting.id, "value", "²")  # nor through a conflict's resolution
    vault.records.merge([foreign_value(key, "²", counter=5)])
    vault.records.delete(setting.id)  # deleting a bad one is allowed (the default applies)
    assert vault.records.get(setting.id).deleted


# --- a package's writes ------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "raw"), BAD)
def test_violations_of_a_value_for_a_setting_the_vault_holds(vault: Vault, key: str, raw: str) -> None:
    writes = [foreign_value(key, raw)]
    problems = vault.records.setting_violations(writes)
    assert len(problems) == 1 and key in problems[0]
    assert vault.records.setting_violations([foreign_value(key, "60")]) == []


def test_violations_when_key_and_value_come_in_separate_writes() -> None:
    rid, s = uuid7(), stamp()
    new = [FieldWrite(rid, "setting", "deleted", s, 0),
           FieldWrite(rid, "setting", "value", s, "²"),
           FieldWrite(uuid7(), "unit", "name", s, "²"),  # not a setting: not looked at
           FieldWrite(rid, "setting", "key", s, "deadline.due_soon_days")]
    asked: list[str] = []

    def stored(record_id: str) -> tuple[str | None, str | None] | None:
        asked.append(record_id)
        return None

    problems = setting_violations(new, stored)
    assert len(problems) == 1 and "deadline.due_soon_days" in problems[0] and "“²”" in problems[0]
    assert asked == [rid]  # only the setting records are looked up
    fine = [w if w.field != "value" else FieldWrite(rid, "setting", "value", s, "3") for w in new]
    assert setting_violations(fine, stored) == []


def test_violations_when_a_package_changes_the_key_of_a_stored_record(vault: Vault) -> None:
    held = vault.records.save(Setting(key="display.note", value="一段说明文字"))
    rename = FieldWrite(held.id, "setting", "key", stamp(), "deadline.lead_feedback_days", (held.created,), "外人")
    problems = vault.records.setting_violations([rename])
    assert len(problems) == 1 and "一段说明文字" in problems[0]
    # with a fitting value in the same package the vault's old value could still win: refused too,
    # and accepted once the vault's value fits the new key
    value = FieldWrite(held.id, "setting", "value", stamp(1), "30", (held.created,), "外人")
    assert vault.records.setting_violations([rename, value]) != []
    held.value = "45"
    vault.records.save(held)
    assert vault.records.setting_violations([rename, value]) == []


def test_violations_of_a_package_with_only_good_settings_and_other_records(vault: Vault) -> None:
    writes = [FieldWrite(uuid7(), "unit", "name", stamp(), "某局"),
              foreign_value("deadline.due_soon_days", "10"),
              FieldWrite(uuid7(), "setting", "key", stamp(), "feedback.copy_to")]
    assert vault.records.setting_violations(writes) == []


# --- the command line reads a bad value without failing ------------------------------------------------


@pytest.fixture
def bad_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str]]:
    path = tmp_path / "bad.xcv"
    with Vault.create(path, SECRET, kdf=TEST_PARAMS) as v:
        rnd = v.records.save(Round(title="第三轮", committee="中共某县委员会"))
        team = v.records.save(Team(name="第一巡察组", round_id=rnd.id))
        v.records.save(Unit(name="某县测试局党组", round_id=rnd.id, team_id=team.id))
    monkeypatch.setenv("XUNCHA_PASSPHRASE", SECRET)
    yield path, "某县测试局党组"


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(path).pages))


@pytest.mark.parametrize(("key", "raw"), BAD)
@pytest.mark.parametrize("document", ["feedback", "inspection"])
def test_report_succeeds_with_a_warning(bad_vault: tuple[Path, str], tmp_path: Path, key: str, raw: str,
                                        document: str, capsys: pytest.CaptureFixture[str]) -> None:
    path, unit = bad_vault
    with Vault.open(path, SECRET) as v:
        v.records.merge([foreign_value(key, raw)])
        assert stored_value(v, key) == raw
    out = tmp_path / "doc.pdf"
    assert main(["report", document, str(path), "--unit", unit, "--out", str(out)]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.out.startswith("已生成")
    warnings = [line for line in captured.err.splitlines() if line.strip()]
    if key == "deadline.rectification_report_days":  # the documents read it: one line says so
        assert len(warnings) == 1 and warnings[0].startswith("警告：设置“整改情况报告报送期限（天）”"), warnings
        assert warnings[0].endswith("已按默认值 90 计算") and "Traceback" not in captured.err
        if document == "feedback":
            assert "自反馈之日起3个月内" in pdf_text(out)
    else:
        assert warnings == []  # the lead deadline is not read by a document
