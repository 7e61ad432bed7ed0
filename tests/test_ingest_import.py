"""Importing into DuckDB: quarantine, references, dependency order, re-imports and the audit log."""

import json

import pytest

from seiho.errors import ImportFileError
from seiho.ingest import import_files
from seiho.ingest.results import STATUS_SKIPPED

from test_ingest_fixtures import (  # noqa: F401
    CARE_AID_HEADER,
    HOUSEHOLD_HEADER,
    INCOME_HEADER,
    INSTITUTION_CODE,
    MEDICAL_AID_HEADER,
    MEMBER_HEADER,
    OTHER_PROGRAM_HEADER,
    PAYER_NUMBER,
    PROVIDER_CODE,
    RECIPIENT_NUMBER,
    VOUCHER_HEADER,
    fetch,
    household_row,
    member_row,
    office,
    write_csv,
)


def households_file(tmp_path, rows=None, name="世帯.csv", **options):
    rows = rows if rows is not None else [household_row("00000001"), household_row("00000002", 世帯主氏名="架空 花子")]
    return write_csv(tmp_path / name, HOUSEHOLD_HEADER, rows, **options)


def test_bad_row_goes_to_quarantine(office, tmp_path):
    path = households_file(tmp_path, [household_row("00000001"), household_row("1234")])
    result = import_files(office, [path])[0]
    assert result.rows_inserted == 1
    assert result.rows_quarantined == 1
    assert fetch(office, "SELECT count(*) FROM households")[0][0] == 1


def test_quarantine_row_keeps_evidence(office, tmp_path):
    path = households_file(tmp_path, [household_row("00000001"), household_row("1234")])
    import_files(office, [path])
    file_name, line, column, value, reason, raw = fetch(
        office, "SELECT file_name, line_number, column_name, value, reason, raw_row FROM import_quarantine"
    )[0]
    assert file_name == "世帯.csv"
    assert line == 3
    assert column == "ケース番号"
    assert value == "1234"
    assert "先頭の0" in reason
    assert json.loads(raw)["ケース番号"] == "1234"
    assert json.loads(raw)["世帯主氏名"] == "架空 太郎"


def test_row_with_two_problems_counted_once(office, tmp_path):
    path = households_file(tmp_path, [household_row("1234", 保護開始日="令和0年1月1日")])
    result = import_files(office, [path])[0]
    assert result.rows_quarantined == 1
    assert len(result.issues) == 2


def test_field_count_mismatch_quarantined(office, tmp_path):
    path = households_file(tmp_path, [household_row("00000001"), household_row("00000002")[:-2]])
    result = import_files(office, [path])[0]
    assert [issue.category for issue in result.issues] == ["列数の誤り"]


def test_member_of_unknown_household_quarantined(office, tmp_path):
    members = write_csv(tmp_path / "世帯員.csv", MEMBER_HEADER, [member_row("00000009")])
    result = import_files(office, [members])[0]
    assert result.rows_quarantined == 1
    assert "ケース番号 00000009 の世帯が登録されていません" in result.issues[0].reason


def test_household_in_same_batch_accepted(office, tmp_path):
    members = write_csv(tmp_path / "世帯員.csv", MEMBER_HEADER, [member_row("00000001"), member_row("00000002")])
    households = households_file(tmp_path)
    results = import_files(office, [members, households])
    assert [result.entity for result in results] == ["households", "members"]
    assert results[1].rows_inserted == 2
    assert results[1].rows_quarantined == 0


def test_member_of_quarantined_household_says_where(office, tmp_path):
    households = households_file(tmp_path, [household_row("00000001", 保護開始日="平成31年5月1日")])
    members = write_csv(tmp_path / "世帯員.csv", MEMBER_HEADER, [member_row("00000001")])
    results = import_files(office, [members, households])
    assert "世帯.csv の2行目が保留" in results[1].issues[0].reason


def test_income_of_unknown_member_quarantined(office, tmp_path):
    households = households_file(tmp_path)
    members = write_csv(tmp_path / "世帯員.csv", MEMBER_HEADER, [member_row("00000001")])
    incomes = write_csv(
        tmp_path / "収入.csv",
        INCOME_HEADER,
        [["I1", "00000001", "1", "年金", "65,000", "R6.4.1", "", ""], ["I2", "00000001", "2", "就労収入", "30000", "R6.4.1", "", ""]],
    )
    result = import_files(office, [incomes, members, households])[2]
    assert result.rows_inserted == 1
    assert "世帯員が登録されていません" in result.issues[0].reason


def test_household_unknown_caseworker_quarantined(office, tmp_path):
    path = households_file(tmp_path, [household_row("00000001", 地区担当員コード="C99")])
    result = import_files(office, [path])[0]
    assert "地区担当員が登録されていません" in result.issues[0].reason


def test_duplicate_keys_all_quarantined(office, tmp_path):
    path = households_file(tmp_path, [household_row("00000001"), household_row("00000002"), household_row("00000001", 世帯主氏名="別人")])
    result = import_files(office, [path])[0]
    assert result.rows_quarantined == 2
    assert result.rows_inserted == 1
    assert "2行目、4行目" in result.issues[0].reason


def test_date_order_violation_quarantined(office, tmp_path):
    path = households_file(tmp_path, [household_row("00000001", 保護状況="廃止", 廃止日="2019-03-31")])
    result = import_files(office, [path])[0]
    assert result.issues[0].category == "日付の前後の誤り"


def test_identical_reimport_skipped(office, tmp_path):
    path = households_file(tmp_path)
    import_files(office, [path])
    result = import_files(office, [path])[0]
    assert result.status == STATUS_SKIPPED
    assert fetch(office, "SELECT count(*) FROM import_runs")[0][0] == 1


def test_reimport_does_not_double_quarantine(office, tmp_path):
    path = households_file(tmp_path, [household_row("00000001"), household_row("1234")])
    import_files(office, [path])
    import_files(office, [path])
    assert fetch(office, "SELECT count(*) FROM import_quarantine")[0][0] == 1


def test_forced_reimport_replaces_quarantine(office, tmp_path):
    path = households_file(tmp_path, [household_row("00000001"), household_row("1234")])
    import_files(office, [path])
    result = import_files(office, [path], force=True)[0]
    assert result.rows_unchanged == 1
    assert fetch(office, "SELECT count(*) FROM import_quarantine")[0][0] == 1
    assert fetch(office, "SELECT count(DISTINCT import_run_id) FROM import_quarantine")[0][0] == 1


def test_forced_reimport_changes_no_rows(office, tmp_path):
    path = households_file(tmp_path)
    import_files(office, [path])
    before = fetch(office, "SELECT * FROM households ORDER BY case_number")
    import_files(office, [path], force=True)
    assert fetch(office, "SELECT * FROM households ORDER BY case_number") == before


def test_same_rows_other_bytes_unchanged(office, tmp_path):
    # The same data as CP932 with LF endings is a different file but changes nothing.
    import_files(office, [households_file(tmp_path)])
    before = fetch(office, "SELECT * FROM households ORDER BY case_number")
    other = households_file(tmp_path, name="世帯_2.csv", encoding="cp932", newline="\n")
    result = import_files(office, [other])[0]
    assert result.rows_unchanged == 2
    assert fetch(office, "SELECT * FROM households ORDER BY case_number") == before


def test_changed_export_updates_by_key(office, tmp_path):
    import_files(office, [households_file(tmp_path)])
    later = households_file(
        tmp_path,
        [household_row("00000001", 保護状況="廃止", 廃止日="令和7年3月31日", 廃止理由="転出"), household_row("00000003")],
        name="世帯_2.csv",
    )
    result = import_files(office, [later])[0]
    rows = fetch(office, "SELECT case_number, status, closed_on::VARCHAR FROM households ORDER BY case_number")
    assert (result.rows_inserted, result.rows_updated) == (1, 1)
    assert rows == [("00000001", "廃止", "2025-03-31"), ("00000002", "保護中", None), ("00000003", "保護中", None)]


def test_import_run_records_file_hash(office, tmp_path):
    path = households_file(tmp_path)
    result = import_files(office, [path], user_id="cw1")[0]
    run = fetch(office, "SELECT file_name, file_sha256, entity, encoding, rows_total, rows_imported, imported_by FROM import_runs")[0]
    assert run == ("世帯.csv", result.sha256, "households", "utf-8", 2, 2, "cw1")


def test_import_writes_audit_events(office, tmp_path):
    import_files(office, [households_file(tmp_path)], user_id="cw1")
    events = fetch(office, "SELECT action, case_number FROM audit_log WHERE user_id = 'cw1' ORDER BY action, case_number")
    assert events == [("import", None), ("import_change", "00000001"), ("import_change", "00000002")]


def test_bad_file_stops_whole_batch(office, tmp_path):
    good = households_file(tmp_path)
    bad = write_csv(tmp_path / "不明.csv", ["番号", "金額"], [["1", "2"]])
    with pytest.raises(ImportFileError) as raised:
        import_files(office, [good, bad])
    assert "不明.csv" in raised.value.message_ja
    assert fetch(office, "SELECT count(*) FROM households")[0][0] == 0


def test_every_bad_file_reported(office, tmp_path):
    first = write_csv(tmp_path / "a.csv", ["番号"], [["1"]])
    second = tmp_path / "b.csv"
    with pytest.raises(ImportFileError) as raised:
        import_files(office, [first, second])
    assert "a.csv" in raised.value.message_ja
    assert "b.csv" in raised.value.message_ja


def test_vouchers_check_code_by_kind(office, tmp_path):
    households = households_file(tmp_path)
    members = write_csv(tmp_path / "世帯員.csv", MEMBER_HEADER, [member_row("00000001")])
    vouchers = write_csv(
        tmp_path / "医療券.csv",
        VOUCHER_HEADER,
        [
            ["V1", "00000001", "1", "01", "令和7年9月", INSTITUTION_CODE, "A-1", PAYER_NUMBER, RECIPIENT_NUMBER, "R7.9.1"],
            ["V2", "00000001", "1", "介護券", "2025-09", PROVIDER_CODE, "A-2", PAYER_NUMBER, RECIPIENT_NUMBER, "R7.9.1"],
            ["V3", "00000001", "1", "医療券", "2025-09", PROVIDER_CODE, "A-3", PAYER_NUMBER, RECIPIENT_NUMBER, "R7.9.1"],
        ],
    )
    result = import_files(office, [households, members, vouchers])[2]
    assert result.rows_inserted == 2
    assert [issue.line_number for issue in result.issues] == [4]


def test_all_aid_entities_import(office, tmp_path):
    households = households_file(tmp_path)
    members = write_csv(tmp_path / "世帯員.csv", MEMBER_HEADER, [member_row("00000001")])
    others = write_csv(tmp_path / "他法他施策.csv", OTHER_PROGRAM_HEADER, [["O1", "00000001", "1", "老齢基礎年金", "受給中", "", "H30.4.1"]])
    medical = write_csv(
        tmp_path / "医療扶助.csv",
        MEDICAL_AID_HEADER,
        [["M1", "00000001", "1", "入院外", INSTITUTION_CODE, "架空診療所", "高血圧症", "01", "R7.4.1", "", "R7.10.31"]],
    )
    care = write_csv(tmp_path / "介護扶助.csv", CARE_AID_HEADER, [["K1", "00000001", "1", "要介護２", PROVIDER_CODE, "架空介護", "R7.4.1", ""]])
    results = import_files(office, [care, medical, others, members, households])
    assert [result.rows_inserted for result in results] == [2, 1, 1, 1, 1]
    assert fetch(office, "SELECT insurance, care_type FROM medical_aid") == [("単独", "入院外")]
