"""Tests of 重複投薬 detection from a dispensing CSV."""

import datetime as dt

import pytest

from seiho.access import authenticate
from seiho.errors import AccessDenied, ImportFileError
from seiho.vouchers.duplicates import find_duplicate_prescriptions

from conftest import PASSWORD

HEADER = "調剤年月日,ケース番号,世帯員番号,薬局コード,処方医療機関コード,成分コード,成分名,投与日数\n"
CLINIC_A, CLINIC_B, CLINIC_C = "1310123455", "1310123463", "4010123455"
ROWS = [
    # 00000001: the same ingredient from A and B, periods overlapping 2026-11-20 to 2026-11-28.
    f"2026-11-01,00000001,1,1340123455,{CLINIC_A},2149039F1,アムロジピン,28",
    f"20261120,00000001,1,1340123455,{CLINIC_B},2149039F1,アムロジピン,30",
    # 00000001: another ingredient from A and C without overlap (C starts the day after A ends).
    f"2026-11-01,00000001,1,1340123455,{CLINIC_A},1124017F1,ゾルピデム,14",
    f"2026-11-15,00000001,1,1340123455,{CLINIC_C},1124017F1,ゾルピデム,14",
    # 00000003: three institutions, one ingredient, all overlapping.
    f"2026-10-01,00000003,1,1340123455,{CLINIC_A},1149019F1,ロキソプロフェン,30",
    f"2026-10-10,00000003,1,1340123455,{CLINIC_B},1149019F1,ロキソプロフェン,30",
    f"2026-10-20,00000003,1,1340123455,{CLINIC_C},1149019F1,ロキソプロフェン,30",
    # 00000002: the same institution twice is not a duplicate.
    f"2026-11-01,00000002,1,1340123455,{CLINIC_A},2149039F1,アムロジピン,28",
    f"2026-11-10,00000002,1,1340123455,{CLINIC_A},2149039F1,アムロジピン,28",
    # Bad rows.
    f"2026-13-01,00000002,1,1340123455,{CLINIC_A},2149039F1,アムロジピン,28",
    f"2026-11-01,00000002,1,1340123455,{CLINIC_A},2149039F1,アムロジピン,0",
    f"2026-11-01,1234,1,1340123455,{CLINIC_A},2149039F1,アムロジピン,7",
]


@pytest.fixture
def records_file(tmp_path):
    path = tmp_path / "dispensing.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_duplicates_found_for_overlap(small_office, records_file):
    review = find_duplicate_prescriptions(small_office, authenticate(small_office, "sv1", PASSWORD), records_file)
    found = {(row["ケース番号"], row["成分コード"]) for _, row in review.candidates.iterrows()}
    assert found == {("00000001", "2149039F1"), ("00000003", "1149019F1")}


def test_duplicates_overlap_period(small_office, records_file):
    review = find_duplicate_prescriptions(small_office, authenticate(small_office, "sv1", PASSWORD), records_file)
    row = review.candidates[review.candidates["成分コード"] == "2149039F1"].iloc[0]
    assert row["重複開始日"].date() == dt.date(2026, 11, 20)
    assert row["重複終了日"].date() == dt.date(2026, 11, 28)
    assert row["処方医療機関"] == f"{CLINIC_A}・{CLINIC_B}"


def test_duplicates_three_institutions_first(small_office, records_file):
    review = find_duplicate_prescriptions(small_office, authenticate(small_office, "sv1", PASSWORD), records_file)
    first = review.candidates.iloc[0]
    assert first["ケース番号"] == "00000003"
    assert first["医療機関数"] == 3


def test_duplicates_rejected_rows_reported(small_office, records_file):
    review = find_duplicate_prescriptions(small_office, authenticate(small_office, "sv1", PASSWORD), records_file)
    assert review.records == 9
    assert [number for number, _ in review.rejected] == [11, 12, 13]
    assert "調剤年月日" in review.rejected[0][1]
    assert "投与日数" in review.rejected[1][1]


def test_duplicates_caseworker_scope(small_office, records_file):
    review = find_duplicate_prescriptions(small_office, authenticate(small_office, "cw2", PASSWORD), records_file)
    assert set(review.candidates["ケース番号"]) == {"00000003"}


def test_duplicates_analyst_rejected(small_office, records_file):
    with pytest.raises(AccessDenied):
        find_duplicate_prescriptions(small_office, authenticate(small_office, "ana1", PASSWORD), records_file)


def test_duplicates_missing_column_rejected(small_office, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("調剤年月日,ケース番号\n2026-11-01,00000001\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="成分コード"):
        find_duplicate_prescriptions(small_office, authenticate(small_office, "sv1", PASSWORD), path)


def test_command_duplicates_lists(small_office, records_file, capsys):
    from seiho.cli import main

    status = main(["vouchers", "--db", str(small_office.path), "--user", "sv1", "duplicates", str(records_file)])
    output = capsys.readouterr().out
    assert status == 0
    assert "重複投薬の候補は 2 件" in output
    assert "12 行目" in output
