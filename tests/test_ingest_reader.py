"""CSV splitting: mixed line endings, line breaks inside quotes, physical line numbers."""

import pytest

from seiho.errors import ImportFileError
from seiho.ingest import import_files
from seiho.ingest.reader import split_rows

from test_ingest_fixtures import SUPPORT_PLAN_HEADER, fetch, household_row, HOUSEHOLD_HEADER, office, write_csv  # noqa: F401


def test_mixed_crlf_and_lf_rows():
    parsed = split_rows("a,b\r\n1,2\n3,4\r\n5,6\n", "x.csv")
    assert parsed.rows == [["1", "2"], ["3", "4"], ["5", "6"]]
    assert parsed.line_numbers == [2, 3, 4]


def test_quoted_line_break_keeps_start_line():
    text = 'a,b\r\n1,"first\r\nsecond\nthird"\r\n2,x\n'
    parsed = split_rows(text, "x.csv")
    assert parsed.rows[0][1] == "first\r\nsecond\nthird"
    assert parsed.line_numbers == [2, 5]


def test_blank_rows_counted_not_returned():
    parsed = split_rows("a,b\r\n1,2\r\n\r\n,\r\n3,4\r\n", "x.csv")
    assert parsed.rows == [["1", "2"], ["3", "4"]]
    assert parsed.blank_rows == 2
    assert parsed.line_numbers == [2, 5]


def test_blank_lines_before_header_skipped():
    parsed = split_rows("\r\n\r\na,b\r\n1,2\r\n", "x.csv")
    assert parsed.header == ["a", "b"]
    assert parsed.line_numbers == [4]


def test_header_only_file_has_no_rows():
    parsed = split_rows("a,b\r\n", "x.csv")
    assert parsed.rows == []


def test_broken_quote_names_file_and_line():
    with pytest.raises(ImportFileError) as raised:
        split_rows('a,b\r\n1,2\r\n3,"x"y\r\n', "援助方針.csv")
    assert "援助方針.csv" in raised.value.message_ja
    assert "3行目" in raised.value.message_ja


def test_unclosed_quote_at_end_rejected():
    with pytest.raises(ImportFileError):
        split_rows('a,b\r\n1,"never closed\r\n2,3\r\n', "x.csv")


def test_multiline_plan_imported_with_lf(office, tmp_path):
    write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001")])
    plans = tmp_path / "援助方針.csv"
    plans.write_bytes(
        (
            ",".join(SUPPORT_PLAN_HEADER) + "\r\n"
            + 'P1,00000001,2025-04-01,"通院を続ける。\r\n就労の準備をする。\n家計を見直す。",2026-03-31\n'
            + "P2,00000001,2025-04-01,一行の方針,\r\n"
        ).encode("utf-8")
    )

    results = import_files(office, [plans, tmp_path / "世帯.csv"])
    text = fetch(office, "SELECT plan_text FROM support_plans WHERE plan_id = 'P1'")[0][0]

    assert results[1].rows_inserted == 2
    assert text == "通院を続ける。\n就労の準備をする。\n家計を見直す。"


def test_quarantine_line_is_row_start(office, tmp_path):
    write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001")])
    plans = tmp_path / "援助方針.csv"
    plans.write_bytes(
        (
            ",".join(SUPPORT_PLAN_HEADER) + "\n"
            + 'P1,00000001,2025-04-01,"一行目\r\n二行目\r\n三行目",\n'
            + 'P2,00000001,令和7年2月30日,"方針",\r\n'
        ).encode("utf-8")
    )

    import_files(office, [tmp_path / "世帯.csv", plans])
    lines = fetch(office, "SELECT line_number FROM import_quarantine")

    assert lines == [(5,)]
