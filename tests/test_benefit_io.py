"""seiho.benefit input and output: the household file, the command, the store and the 保護費計算 app."""

import datetime as dt
import json
from pathlib import Path

import pytest

from seiho.access import authenticate
from seiho.benefit import HouseholdFileError, calculate_benefit, household_from_dict, read_household
from seiho.benefit.records import load_households
from seiho.cli import main
from seiho.errors import AccessDenied
from seiho.ui.benefit_calculation import BenefitCalculationApp

from conftest import PASSWORD

EXAMPLE = Path(__file__).parent / "data" / "benefit" / "example_household.yaml"
DECEMBER = dt.date(2026, 12, 1)


def minimal(**overrides) -> dict:
    content = {"級地": "1級地-1", "都道府県": "東京都", "世帯員": [{"氏名": "架空 太郎", "生年月日": "1980-01-15"}]}
    content.update(overrides)
    return content


# --- household file --------------------------------------------------------


def test_example_file_reads_three_members():
    assert read_household(EXAMPLE).size == 3


def test_example_file_reads_incomes():
    assert [income.kind for income in read_household(EXAMPLE).members[0].incomes] == ["就労収入", "手当"]


def test_json_file_reads(tmp_path):
    path = tmp_path / "household.json"
    path.write_text(json.dumps(minimal(), ensure_ascii=False), encoding="utf-8")

    assert read_household(path).grade_area == "1級地-1"


def test_missing_file_named(tmp_path):
    with pytest.raises(HouseholdFileError, match="見つかりません"):
        read_household(tmp_path / "none.yaml")


def test_broken_yaml_rejected(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("級地: [1級地-1\n", encoding="utf-8")
    with pytest.raises(HouseholdFileError, match="書式の誤り"):
        read_household(path)


def test_missing_grade_area_rejected():
    content = minimal()
    del content["級地"]
    with pytest.raises(HouseholdFileError, match="「級地」がありません"):
        household_from_dict(content)


def test_unknown_grade_area_rejected():
    with pytest.raises(HouseholdFileError, match="4級地"):
        household_from_dict(minimal(級地="4級地"))


def test_no_members_rejected():
    with pytest.raises(HouseholdFileError, match="世帯員"):
        household_from_dict(minimal(世帯員=[]))


def test_bad_birth_date_rejected():
    with pytest.raises(HouseholdFileError, match="1980/01/15"):
        household_from_dict(minimal(世帯員=[{"氏名": "架空 太郎", "生年月日": "1980/01/15"}]))


def test_age_without_date_rejected():
    with pytest.raises(HouseholdFileError, match="年齢基準日"):
        household_from_dict(minimal(世帯員=[{"氏名": "架空 太郎", "年齢": 40}]))


def test_negative_rent_rejected():
    with pytest.raises(HouseholdFileError, match="家賃"):
        household_from_dict(minimal(家賃=-1))


def test_unknown_income_kind_rejected():
    member = {"氏名": "架空 太郎", "生年月日": "1980-01-15", "収入": [{"種類": "宝くじ", "月額": 1000}]}
    with pytest.raises(HouseholdFileError, match="宝くじ"):
        household_from_dict(minimal(世帯員=[member]))


def test_high_school_rejected():
    member = {"氏名": "架空 太郎", "生年月日": "2010-01-15", "学校": "高校"}
    with pytest.raises(HouseholdFileError, match="生業扶助"):
        household_from_dict(minimal(世帯員=[member]))


# --- command line -----------------------------------------------------------


def test_command_prints_benefit(capsys):
    assert main(["benefit", str(EXAMPLE), "--date", "2026-12-15"]) == 0
    assert "保護費（月額）: 209,910円" in capsys.readouterr().out


def test_command_json_has_steps(capsys):
    main(["benefit", str(EXAMPLE), "--date", "2026-10-01", "--json"])
    output = json.loads(capsys.readouterr().out)

    assert output["計算過程"][0]["区分"] == "生活扶助"


def test_command_bad_date_exit_2(capsys):
    assert main(["benefit", str(EXAMPLE), "--date", "2026-13-01"]) == 2
    assert "--date" in capsys.readouterr().err


def test_command_stale_age_exit_2(tmp_path, capsys):
    path = tmp_path / "stale.yaml"
    path.write_text("級地: 2級地-1\n都道府県: 大阪府\n世帯員:\n  - 氏名: 古い 一子\n    年齢: 70\n    年齢基準日: 2025-04-01\n", encoding="utf-8")

    assert main(["benefit", str(path), "--date", "2026-10-01"]) == 2
    assert "古い 一子" in capsys.readouterr().err


def test_september_and_october_differ(capsys):
    main(["benefit", str(EXAMPLE), "--date", "2026-09-01", "--json"])
    september = json.loads(capsys.readouterr().out)
    main(["benefit", str(EXAMPLE), "--date", "2026-10-01", "--json"])
    october = json.loads(capsys.readouterr().out)

    assert september["生活扶助基準額"] != october["生活扶助基準額"]


# --- store ------------------------------------------------------------------


def test_store_caseworker_sees_own(small_office):
    user = authenticate(small_office, "cw1", PASSWORD)

    assert sorted(load_households(small_office, user, DECEMBER)) == ["00000001", "00000002"]


def test_store_closed_household_left_out(small_office):
    user = authenticate(small_office, "sv1", PASSWORD)

    assert "00000004" not in load_households(small_office, user, DECEMBER)


def test_store_grade_area_from_office(small_office):
    user = authenticate(small_office, "sv1", PASSWORD)

    assert load_households(small_office, user, DECEMBER)["00000002"].grade_area == "1級地-1"


def test_store_single_parent_addition(small_office):
    user = authenticate(small_office, "sv1", PASSWORD)
    result = calculate_benefit(load_households(small_office, user, DECEMBER)["00000002"], DECEMBER)

    assert any(step.label == "母子加算" for step in result.steps)


def test_store_analyst_denied(small_office):
    user = authenticate(small_office, "ana1", PASSWORD)
    with pytest.raises(AccessDenied):
        load_households(small_office, user, DECEMBER)


def test_store_writes_audit_log(small_office):
    user = authenticate(small_office, "cw1", PASSWORD)
    load_households(small_office, user, DECEMBER, ["00000001"])
    with small_office.connect() as connection:
        count = connection.execute("SELECT count(*) FROM audit_log WHERE action = 'calculate_benefit' AND case_number = '00000001'").fetchone()[0]

    assert count == 1


# --- app --------------------------------------------------------------------


def make_app(store, user_id: str = "sv1") -> BenefitCalculationApp:
    return BenefitCalculationApp(store, authenticate(store, user_id, PASSWORD), today=dt.date(2026, 12, 4))


def test_app_typed_household_shows_cost(small_office):
    app = make_app(small_office)
    app.calculate_typed()

    assert "最低生活費" in app.summary.value


def test_app_typed_error_in_japanese(small_office):
    app = make_app(small_office)
    app.typed.value = "級地: 9級地\n都道府県: 東京都\n世帯員: []\n"
    app.calculate_typed()

    assert "級地「9級地」は使えません" in app.status.value


def test_app_select_stored_household(small_office):
    app = make_app(small_office)
    app.query.value = "00000002"
    app.results.value = "00000002"

    assert "児童養育加算" in app.steps.value


def test_app_closed_household_explained(small_office):
    app = make_app(small_office)
    app.calculate_stored("00000004")

    assert "保護中の居宅世帯ではない" in app.status.value
