"""Export a database in the import layout, import it into a fresh one, and compare."""

import datetime as dt

import pytest

from seiho.errors import SeihoError
from seiho.ingest import import_files, load_layout, write_layout_csvs

from test_ingest_fixtures import INSTITUTION_CODE, OFFICE_CODE, PAYER_NUMBER, PROVIDER_CODE, RECIPIENT_NUMBER, fetch, make_office
from seiho.ingest.convert import household_name_key

TABLES = ["offices", "caseworkers", "households", "members", "incomes", "other_programs", "medical_aid", "care_aid", "support_plans", "vouchers"]


def fill_source(store) -> None:
    """Insert a few rows into every imported table, with the hard characters and multi-line text."""
    with store.connect() as connection:
        households = [
            ("00000001", "C01", "髙橋 一郎", "タカハシ イチロウ", "高齢者世帯", "保護中", dt.date(1989, 1, 7), None),
            ("00000002", "C02", "山﨑 ①花子", "ヤマサキ ハナコ", "母子世帯", "保護中", dt.date(2019, 5, 1), None),
            ("00000003", None, "㈱架空 三郎", None, "その他の世帯", "廃止", dt.date(2010, 4, 1), dt.date(2025, 3, 31)),
        ]
        for case_number, caseworker, name, kana, kind, status, started, closed in households:
            connection.execute(
                "INSERT INTO households (case_number, office_code, caseworker_id, head_name, head_name_kana, name_key, household_type,"
                " postal_code, address, latitude, longitude, phone, status, started_on, closed_on, housing)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, '100-0001', '架空市本町1-2-3', 35.681, 139.767, '03-0000-0000', ?, ?, ?, '居宅')",
                [case_number, OFFICE_CODE, caseworker, name, kana, household_name_key(name, kana), kind, status, started, closed],
            )
        connection.execute(
            "INSERT INTO members (case_number, member_no, name, name_kana, name_key, sex, birth_date, relationship, recipient_number, disability, in_household) VALUES"
            " ('00000001', 1, '髙橋 一郎', 'タカハシ イチロウ', ?, '男', DATE '1940-02-29', '世帯主', ?, NULL, TRUE),"
            " ('00000002', 1, '山﨑 ①花子', 'ヤマサキ ハナコ', ?, '女', DATE '1990-12-31', '世帯主', NULL, '精神2級', TRUE),"
            " ('00000002', 2, '山﨑 陽', NULL, ?, NULL, DATE '2015-01-01', '子', NULL, NULL, FALSE)",
            [
                household_name_key("髙橋 一郎", "タカハシ イチロウ"),
                RECIPIENT_NUMBER,
                household_name_key("山﨑 ①花子", "ヤマサキ ハナコ"),
                household_name_key("山﨑 陽", None),
            ],
        )
        connection.execute(
            "INSERT INTO incomes VALUES ('I1', '00000001', 1, '年金', 65000, DATE '2024-04-01', NULL, DATE '2025-07-31'),"
            " ('I2', '00000002', 1, '就労収入', 0, DATE '2024-04-01', DATE '2024-12-31', NULL)"
        )
        connection.execute("INSERT INTO other_programs (program_id, case_number, member_no, program, status, detail, since) VALUES ('O1', '00000001', 1, '老齢基礎年金', '受給中', '満額でない, 要確認', DATE '2005-03-01')")
        connection.execute(
            "INSERT INTO medical_aid (aid_id, case_number, member_no, care_type, institution_code, institution_name,"
            " disease_name, insurance, valid_from, valid_to, opinion_due_on) VALUES ('M1', '00000001', 1, '入院外', ?, '架空診療所', '高血圧症', '単独', DATE '2025-04-01', NULL, DATE '2025-10-31')",
            [INSTITUTION_CODE],
        )
        connection.execute(
            "INSERT INTO care_aid (aid_id, case_number, member_no, care_level, provider_code, provider_name, valid_from, valid_to)"
            " VALUES ('K1', '00000001', 1, '要介護2', ?, '架空介護センター', DATE '2025-04-01', DATE '2026-03-31')",
            [PROVIDER_CODE],
        )
        connection.execute(
            "INSERT INTO support_plans VALUES ('P1', '00000001', DATE '2025-04-01', ?, DATE '2026-03-31')",
            ['通院を続ける。\n"見守り"を続ける、月1回。\n家計を見直す。'],
        )
        connection.execute(
            "INSERT INTO vouchers (voucher_id, case_number, member_no, voucher_kind, month, institution_code, issue_number,"
            " payer_number, recipient_number, issued_on) VALUES ('V1', '00000001', 1, '医療券', DATE '2025-09-01', ?, 'A-0001', ?, ?, DATE '2025-09-01'),"
            " ('V2', '00000001', 1, '介護券', DATE '2025-09-01', ?, 'B-0001', ?, ?, DATE '2025-09-01')",
            [INSTITUTION_CODE, PAYER_NUMBER, RECIPIENT_NUMBER, PROVIDER_CODE, PAYER_NUMBER, RECIPIENT_NUMBER],
        )


def table_rows(store, table: str) -> list[tuple]:
    layout = load_layout()
    entity = next(entity for entity in layout.entities.values() if entity.table == table)
    columns = ", ".join([column.target for column in entity.columns] + list(entity.derived))
    keys = ", ".join(entity.key)
    return fetch(store, f"SELECT {columns} FROM {table} ORDER BY {keys}")


@pytest.fixture
def source(tmp_path):
    store = make_office(tmp_path / "source.duckdb")
    fill_source(store)
    return store


@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig"])
def test_roundtrip_reproduces_every_table(source, tmp_path, encoding):
    paths = write_layout_csvs(source, tmp_path / "export", encoding=encoding)
    target = make_office(tmp_path / "target.duckdb")
    results = import_files(target, reversed(paths))
    assert sum(result.rows_quarantined for result in results) == 0
    for table in TABLES:
        assert table_rows(target, table) == table_rows(source, table), table


def test_roundtrip_with_wareki_dates(source, tmp_path):
    paths = write_layout_csvs(source, tmp_path / "export", date_style="wareki")
    target = make_office(tmp_path / "target.duckdb")
    import_files(target, paths)
    assert table_rows(target, "households") == table_rows(source, "households")


def test_wareki_export_writes_era_names(source, tmp_path):
    write_layout_csvs(source, tmp_path / "export", date_style="wareki")
    text = (tmp_path / "export" / "世帯.csv").read_bytes().decode("cp932")
    assert "昭和64年1月7日" in text
    assert "令和元年5月1日" in text


def test_export_into_same_database_unchanged(source, tmp_path):
    paths = write_layout_csvs(source, tmp_path / "export")
    results = import_files(source, paths)
    assert sum(result.rows_inserted + result.rows_updated for result in results) == 0


def test_export_writes_cp932_extended_bytes(source, tmp_path):
    write_layout_csvs(source, tmp_path / "export")
    data = (tmp_path / "export" / "世帯.csv").read_bytes()
    # Python's cp932 codec writes 髙 in its NEC-selected form.
    assert b"\xee\xe0" in data


def test_export_rejects_unencodable_character(source, tmp_path):
    with source.connect() as connection:
        connection.execute("UPDATE members SET name = '\U00020bb7田 一' WHERE member_no = 2")
    with pytest.raises(SeihoError) as raised:
        write_layout_csvs(source, tmp_path / "export")
    assert "U+20BB7" in raised.value.message_ja
    assert not (tmp_path / "export" / "世帯員.csv").exists()


def test_export_utf8_keeps_unencodable_character(source, tmp_path):
    with source.connect() as connection:
        connection.execute(
            "UPDATE members SET name = ?, name_key = ? WHERE member_no = 2",
            ["\U00020bb7田 一", household_name_key("\U00020bb7田 一", None)],
        )
    paths = write_layout_csvs(source, tmp_path / "export", encoding="utf-8")
    target = make_office(tmp_path / "target.duckdb")
    import_files(target, paths)
    assert table_rows(target, "members") == table_rows(source, "members")
