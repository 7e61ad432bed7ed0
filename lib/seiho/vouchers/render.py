"""Pieces shared by the 単票 and the 連名簿: the font check, dates and text for one voucher."""

import datetime as dt

from fpdf import FPDF

from seiho.pdf import PdfFont, japanese_font
from seiho.vouchers.records import VoucherLine

FONT_NAME = "voucher"


def japanese_date(day: dt.date | None) -> str:
    """Return a date as 'YYYY年M月D日', or '' for None."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def share_text(line: VoucherLine) -> str:
    """Return the insurer's share as printed: '7割' for 70 percent, '' when 単独."""
    if not line.with_insurance or line.insurer_share_percent is None:
        return ""
    return f"{line.insurer_share_percent // 10}割" if line.insurer_share_percent % 10 == 0 else f"{line.insurer_share_percent}%"


def printed_texts(line: VoucherLine) -> list[str]:
    """Return every piece of text that a page prints for ``line``."""
    return [line.issue_number, line.voucher_kind, line.name, line.name_kana or "", line.sex or "", line.recipient_number,
            line.payer_number, line.institution_code, line.institution_name, line.care_type, line.insurance,
            line.insurer_number or "", line.disease_names, line.caseworker_name, line.remarks, share_text(line)]


def check_glyphs(font: PdfFont, lines: list[VoucherLine], fixed_text: str) -> None:
    """Raise before any page is drawn if the font lacks a character of a voucher or of the form itself.

    The error names the 交付番号 of the first voucher with a missing character.
    """
    font.check(fixed_text, "様式の文字")
    if not font.missing("".join("".join(printed_texts(line)) for line in lines)):
        return
    for line in lines:
        font.check("".join(printed_texts(line)), f"交付番号 {line.issue_number}（{line.voucher_kind}）")


def new_pdf(orientation: str) -> tuple[FPDF, PdfFont]:
    """Return an A4 FPDF with the Japanese font registered as ``FONT_NAME``."""
    font = japanese_font()
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(10, 10, 10)
    pdf.add_font(FONT_NAME, fname=str(font.path), collection_font_number=font.collection_index)
    pdf.set_font(FONT_NAME, size=9)
    pdf.set_creator("seiho workbench")
    return pdf, font
