"""Tests of the 連名簿 and 単票 PDFs, read back with pdftotext, and of 禁則 line breaking."""

import dataclasses
import re
import shutil
import subprocess

import pytest

from seiho.access import authenticate
from seiho.errors import SeihoError
from seiho.pdf import japanese_font, wrap_japanese
from seiho.pdf.linebreak import NO_LINE_END, NO_LINE_START
from seiho.vouchers import print_rosters, print_sheets, voucher_lines, write_rosters

from conftest import PASSWORD
from test_vouchers_records import CLINIC, MONTH, add_vouchers


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")


def pdf_text(path) -> str:
    """Return the text of a PDF as pdftotext lays it out."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(path) -> list[str]:
    """Return the text of each page of a PDF."""
    return pdf_text(path).split("\f")[:-1]


@pytest.fixture
def voucher_office(small_office):
    add_vouchers(small_office)
    return small_office


@pytest.fixture
def clerk(voucher_office):
    return authenticate(voucher_office, "med1", PASSWORD)


@needs_pdftotext
def test_roster_rows_carry_issue_numbers(voucher_office, clerk, tmp_path):
    document = print_rosters(voucher_office, clerk, MONTH, tmp_path / "roster.pdf")
    printed = re.findall(r"\b2026120000\d\d\b", pdf_text(document.path))
    assert sorted(printed) == sorted(line.issue_number for line in voucher_lines(voucher_office, clerk, MONTH))


@needs_pdftotext
def test_roster_one_per_institution(voucher_office, clerk, tmp_path):
    document = print_rosters(voucher_office, clerk, MONTH, tmp_path / "roster.pdf")
    assert [roster.institution_code for roster in document.rosters] == [CLINIC, "1340123455", "1370000017"]
    assert len(pdf_pages(document.path)) == sum(roster.pages for roster in document.rosters)


@needs_pdftotext
def test_roster_mixes_aid_only_and_insurance(voucher_office, clerk, tmp_path):
    document = print_rosters(voucher_office, clerk, MONTH, tmp_path / "roster.pdf", institution_code=CLINIC)
    first_page = pdf_pages(document.path)[0]
    assert "単独" in first_page
    assert "併用" in first_page
    assert "06130012" in first_page


@needs_pdftotext
def test_roster_totals_reconcile_with_rows(voucher_office, clerk, tmp_path):
    document = print_rosters(voucher_office, clerk, MONTH, tmp_path / "roster.pdf", institution_code=CLINIC)
    text = pdf_text(document.path)
    rows = [line for line in text.splitlines() if re.search(r"\b2026120000\d\d\b", line)]
    amounts = [int(re.search(r"([\d,]+)\s+2026/\d\d/\d\d〜", row).group(1).replace(",", "")) for row in rows]
    totals = re.search(r"合計 (\d+) 件（単独 (\d+) 件・併用 (\d+) 件）\s*本人支払額合計 ([\d,]+) 円", text)
    assert totals is not None
    assert int(totals.group(1)) == len(rows)
    assert int(totals.group(2)) + int(totals.group(3)) == len(rows)
    assert int(totals.group(4).replace(",", "")) == sum(amounts)
    assert sum(amounts) == 3800


@needs_pdftotext
def test_roster_long_disease_wrapped(voucher_office, clerk, tmp_path):
    document = print_rosters(voucher_office, clerk, MONTH, tmp_path / "roster.pdf", institution_code=CLINIC)
    text = pdf_text(document.path)
    assert "高血圧症、2型糖尿病" in text
    assert "腰部脊柱管狭窄症「経過観察」。" in text
    assert "逆流性食道炎" in text


@needs_pdftotext
def test_roster_many_rows_paginate(voucher_office, clerk, tmp_path):
    line = voucher_lines(voucher_office, clerk, MONTH)[1]
    lines = [dataclasses.replace(line, issue_number=f"2026129{number:05d}", copayment=number) for number in range(120)]
    document = write_rosters(lines, MONTH, "架空市福祉事務所", tmp_path / "many.pdf")
    text = pdf_text(document.path)
    assert document.rosters[0].pages > 1
    assert len(set(re.findall(r"\b2026129\d{5}\b", text))) == 120
    assert f"本人支払額合計 {sum(range(120)):,} 円" in text


def test_roster_missing_glyph_fails_loudly(voucher_office, clerk, tmp_path):
    line = voucher_lines(voucher_office, clerk, MONTH)[0]
    strange = dataclasses.replace(line, name="架空 \U000f0000子")
    with pytest.raises(SeihoError, match=f"交付番号 {line.issue_number}"):
        write_rosters([strange], MONTH, "架空市福祉事務所", tmp_path / "bad.pdf")
    assert not (tmp_path / "bad.pdf").exists()


@needs_pdftotext
def test_sheets_one_page_each(voucher_office, clerk, tmp_path):
    document = print_sheets(voucher_office, clerk, MONTH, tmp_path / "sheets.pdf")
    pages = pdf_pages(document.path)
    assert len(pages) == 5
    for page, issue_number in zip(pages, document.issue_numbers):
        assert f"交付番号：{issue_number}" in page


@needs_pdftotext
def test_sheet_prints_person_and_institution(voucher_office, clerk, tmp_path):
    document = print_sheets(voucher_office, clerk, MONTH, tmp_path / "sheet.pdf", issue_numbers=["202612000003"])
    page = pdf_pages(document.path)[0]
    assert "山﨑 美咲" in page
    assert "架空中央クリニック" in page
    assert "7割" in page
    assert "1,500 円" in page
    assert "2026年12月10日〜2026年12月31日" in page


def test_sheet_unknown_issue_number_rejected(voucher_office, clerk, tmp_path):
    with pytest.raises(SeihoError, match="202612999999"):
        print_sheets(voucher_office, clerk, MONTH, tmp_path / "sheet.pdf", issue_numbers=["202612999999"])


def test_font_covers_rare_name_kanji():
    assert japanese_font().missing("髙﨑𠮷ヴぁゎヶ") == []


def test_wrap_no_forbidden_line_start():
    text = "本日、体調を確認した。「かかりつけ医」への受診を勧めた。ショートステイの利用を検討する。"
    for width in range(4, 15):
        lines = wrap_japanese(text, width, len)
        assert "".join(lines) == text
        assert all(line[0] not in NO_LINE_START for line in lines[1:])
        assert all(line[-1] not in NO_LINE_END for line in lines[:-1])
        assert all(len(line) <= width for line in lines)


def test_wrap_keeps_numbers_whole():
    lines = wrap_japanese("処方箋番号1234567890を控えた", 12, len)
    assert lines[0] == "処方箋番号"
    assert lines[1].startswith("1234567890")


def test_wrap_cuts_overlong_number():
    assert wrap_japanese("12345678901234", 8, len) == ["12345678", "901234"]


def test_wrap_newline_starts_line():
    assert wrap_japanese("一行目\n二行目", 20, len) == ["一行目", "二行目"]
