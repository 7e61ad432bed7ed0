"""Importing 福祉事務所 and 地区担当員 before the households that point at them."""

from seiho.ingest import import_files, write_layout_csvs
from seiho.store import Store

from test_ingest_fixtures import HOUSEHOLD_HEADER, OFFICE_CODE, fetch, household_row, make_office, write_csv

OFFICE_HEADER = ["実施機関コード", "福祉事務所名", "設置区分", "都道府県", "市区町村", "級地", "緯度", "経度"]
CASEWORKER_HEADER = ["地区担当員コード", "実施機関コード", "氏名", "氏名カナ", "係", "査察指導員コード", "職種", "配属日"]


def office_row(**changes: str) -> list[str]:
    row = dict(zip(OFFICE_HEADER, [OFFICE_CODE, "架空市福祉事務所", "市", "東京都", "架空市", "1級地-1", "35.6", "139.6"]))
    row.update(changes)
    return [row[name] for name in OFFICE_HEADER]


def caseworker_row(caseworker_id: str, role: str, **changes: str) -> list[str]:
    values = [caseworker_id, OFFICE_CODE, "担当 花子", "たんとう はなこ", "保護第一係", "S01", role, "令和7年4月1日"]
    row = dict(zip(CASEWORKER_HEADER, values))
    row.update(changes)
    return [row[name] for name in CASEWORKER_HEADER]


def staff_files(folder, caseworker_rows):
    offices = write_csv(folder / "福祉事務所.csv", OFFICE_HEADER, [office_row()], encoding="cp932")
    caseworkers = write_csv(folder / "地区担当員.csv", CASEWORKER_HEADER, caseworker_rows, encoding="cp932")
    return offices, caseworkers


def test_empty_database_imports_office_staff_households(tmp_path):
    store = Store(tmp_path / "empty.duckdb")
    offices, caseworkers = staff_files(tmp_path, [caseworker_row("S01", "査察指導員"), caseworker_row("C01", "地区担当員")])
    households = write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001")])
    results = import_files(store, [households, caseworkers, offices])
    assert sum(result.rows_quarantined for result in results) == 0
    assert fetch(store, "SELECT caseworker_id FROM households") == [("C01",)]


def test_caseworker_role_read_from_japanese_title(tmp_path):
    store = Store(tmp_path / "empty.duckdb")
    rows = [caseworker_row("S01", "査察指導員"), caseworker_row("C01", "ケースワーカー"), caseworker_row("C02", "1")]
    import_files(store, staff_files(tmp_path, rows))
    roles = fetch(store, "SELECT caseworker_id, role FROM caseworkers ORDER BY caseworker_id")
    assert roles == [("C01", "caseworker"), ("C02", "caseworker"), ("S01", "supervisor")]


def test_caseworker_kana_and_wareki_normalised(tmp_path):
    store = Store(tmp_path / "empty.duckdb")
    import_files(store, staff_files(tmp_path, [caseworker_row("C01", "地区担当員")]))
    row = fetch(store, "SELECT name_kana, CAST(started_on AS VARCHAR) FROM caseworkers")[0]
    assert row[0] == "タントウ ハナコ"
    assert row[1] == "2025-04-01"


def test_unknown_role_quarantined_in_japanese(tmp_path):
    store = Store(tmp_path / "empty.duckdb")
    import_files(store, staff_files(tmp_path, [caseworker_row("C01", "課長")]))
    reasons = fetch(store, "SELECT line_number, reason FROM import_quarantine")
    assert reasons[0][0] == 2
    assert "地区担当員、査察指導員" in reasons[0][1]
    assert "caseworker" not in reasons[0][1]


def test_caseworker_of_missing_office_quarantined(tmp_path):
    store = Store(tmp_path / "empty.duckdb")
    path = write_csv(tmp_path / "地区担当員.csv", CASEWORKER_HEADER, [caseworker_row("C01", "地区担当員")])
    import_files(store, [path])
    reasons = [reason for (reason,) in fetch(store, "SELECT reason FROM import_quarantine")]
    assert len(reasons) == 1
    assert "福祉事務所が登録されていません" in reasons[0]


def test_office_change_audited_without_case(tmp_path):
    store = make_office(tmp_path / "office.duckdb")
    path = write_csv(tmp_path / "福祉事務所.csv", OFFICE_HEADER, [office_row(福祉事務所名="架空市中央福祉事務所")])
    import_files(store, [path])
    assert fetch(store, "SELECT name FROM offices") == [("架空市中央福祉事務所",)]
    assert fetch(store, "SELECT count(*), count(case_number) FROM audit_log WHERE action = 'import_change'") == [(1, 0)]


def test_export_writes_role_japanese_title(tmp_path):
    store = make_office(tmp_path / "office.duckdb")
    write_layout_csvs(store, tmp_path / "export", encoding="utf-8")
    text = (tmp_path / "export" / "地区担当員.csv").read_text(encoding="utf-8")
    assert ",地区担当員," in text
    assert "caseworker" not in text
