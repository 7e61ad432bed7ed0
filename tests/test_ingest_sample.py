"""The committed CP932 sample export in tests/data/ingest/sample_cp932.

The files mix CRLF and LF, contain a blank line, IBM and NEC-selected byte
forms of 髙 and 﨑, NEC symbols (①, ㈱), 半角 kana, 全角 digits, 和暦 dates in
several forms, a quoted multi-line 援助方針, and four bad rows.
"""

import datetime as dt
from pathlib import Path

import pytest

from seiho.ingest import import_files

from test_ingest_fixtures import fetch, make_office

SAMPLE = Path(__file__).parent / "data" / "ingest" / "sample_cp932"


@pytest.fixture
def imported(tmp_path):
    store = make_office(tmp_path / "sample.duckdb")
    results = import_files(store, sorted(SAMPLE.glob("*.csv")), today=dt.date(2026, 12, 1))
    return store, {result.entity: result for result in results}


def test_sample_read_as_cp932(imported):
    _, results = imported
    assert {result.encoding for result in results.values()} == {"cp932"}


def test_sample_counts_per_file(imported):
    _, results = imported
    counts = {entity: (result.rows_read, result.rows_imported, result.rows_quarantined) for entity, result in results.items()}
    assert counts == {"households": (5, 3, 2), "members": (5, 3, 2), "support_plans": (2, 2, 0)}


def test_sample_blank_line_counted(imported):
    _, results = imported
    assert results["households"].blank_rows == 1


def test_sample_quarantine_lines(imported):
    store, _ = imported
    rows = fetch(store, "SELECT file_name, line_number, column_name FROM import_quarantine ORDER BY file_name, line_number")
    assert rows == [
        ("世帯.csv", 6, "ケース番号"),
        ("世帯.csv", 7, "保護開始日"),
        ("世帯員.csv", 5, "生年月日"),
        ("世帯員.csv", 6, "受給者番号"),
    ]


def test_sample_names_decoded_exactly(imported):
    store, _ = imported
    names = [row[0] for row in fetch(store, "SELECT head_name FROM households ORDER BY case_number")]
    assert names == ["髙橋 一郎", "山﨑 花子", "㈱架空 ①郎"]


def test_sample_kana_and_postal_normalised(imported):
    store, _ = imported
    rows = fetch(store, "SELECT head_name_kana, postal_code FROM households ORDER BY case_number")
    assert rows[0] == ("タカハシ イチロウ", "100-0001")
    assert rows[1] == ("ヤマサキ ハナコ", "100-0002")


def test_sample_wareki_dates_converted(imported):
    store, _ = imported
    rows = fetch(store, "SELECT started_on, closed_on FROM households ORDER BY case_number")
    assert rows == [(dt.date(2019, 5, 1), None), (dt.date(2019, 4, 30), None), (dt.date(1989, 1, 7), dt.date(2025, 3, 31))]


def test_sample_year_only_birth_date(imported):
    store, _ = imported
    born = fetch(store, "SELECT birth_date FROM members WHERE case_number = '00000102' AND member_no = 2")
    assert born == [(dt.date(2023, 10, 1),)]


def test_sample_plan_keeps_lines(imported):
    store, _ = imported
    text = fetch(store, "SELECT plan_text FROM support_plans WHERE plan_id = 'P0101'")[0][0]
    assert text == '通院を続け、服薬を確認する。\n月1回訪問する。\n"見守り"を地域と分担する。'
