"""単票: one A4 page per voucher, with the 交付番号 at the top right."""

import logging
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from seiho.pdf import wrap_japanese
from seiho.vouchers.records import VoucherLine
from seiho.vouchers.render import FONT_NAME, check_glyphs, japanese_date, new_pdf, share_text

log = logging.getLogger(__name__)

LABEL_WIDTH_MM = 42
VALUE_WIDTH_MM = 148
ROW_HEIGHT_MM = 9
LINE_HEIGHT_MM = 5.5
LEFT_MM = 10
FIXED_TEXT = (
    "医療券調剤券介護券交付番号公費負担者番号受給者番号有効期間氏名フリガナ性別生年月日指定医療機関名コード診療別傷病名"
    "単独併用保険者番号保険給付割合本人支払額地区担当員備考福祉事務所交付日円〜年月日（）：0123456789,"
)


@dataclass(frozen=True)
class SheetDocument:
    """A PDF of single vouchers, one page each, in the order of ``issue_numbers``."""

    path: Path
    issue_numbers: tuple[str, ...]


def write_sheets(lines: list[VoucherLine], office_name: str, path: Path) -> SheetDocument:
    """Write one page per voucher to ``path``; raise before writing if a glyph is missing."""
    pdf, font = new_pdf("P")
    check_glyphs(font, lines, FIXED_TEXT + office_name)
    for line in lines:
        pdf.add_page()
        _draw_sheet(pdf, line, office_name)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    log.info("wrote %d single vouchers to %s", len(lines), path.name)
    return SheetDocument(path, tuple(line.issue_number for line in lines))


def _fields(line: VoucherLine) -> list[tuple[str, str]]:
    share = share_text(line)
    return [
        ("公費負担者番号", line.payer_number),
        ("受給者番号", line.recipient_number),
        ("有効期間", f"{japanese_date(line.valid_from)}〜{japanese_date(line.valid_to)}"),
        ("氏名", line.name),
        ("フリガナ", line.name_kana or ""),
        ("性別・生年月日", f"{line.sex or ''}　{japanese_date(line.birth_date)}"),
        ("指定医療機関", f"{line.institution_code}　{line.institution_name}"),
        ("診療別", line.care_type),
        ("傷病名", line.disease_names),
        ("単独・併用", line.insurance),
        ("保険者番号・給付割合", f"{line.insurer_number or ''}　{share}" if line.with_insurance else ""),
        ("本人支払額", f"{line.copayment:,} 円"),
        ("地区担当員", line.caseworker_name),
        ("備考", line.remarks),
    ]


def _draw_sheet(pdf: FPDF, line: VoucherLine, office_name: str) -> None:
    pdf.set_font(FONT_NAME, size=20)
    pdf.text(LEFT_MM, 22, f"生活保護法 {line.voucher_kind}（{line.month.year}年{line.month.month}月分）")
    pdf.set_font(FONT_NAME, size=11)
    pdf.text(130, 32, f"交付番号：{line.issue_number}")

    y = 40
    for label, value in _fields(line):
        pdf.set_font(FONT_NAME, size=10)
        texts = wrap_japanese(value, VALUE_WIDTH_MM - 4, pdf.get_string_width) if value else [""]
        height = max(ROW_HEIGHT_MM, LINE_HEIGHT_MM * len(texts) + 3.5)
        pdf.rect(LEFT_MM, y, LABEL_WIDTH_MM, height)
        pdf.rect(LEFT_MM + LABEL_WIDTH_MM, y, VALUE_WIDTH_MM, height)
        pdf.text(LEFT_MM + 2, y + 6, label)
        for index, text in enumerate(texts):
            pdf.text(LEFT_MM + LABEL_WIDTH_MM + 2, y + 6 + index * LINE_HEIGHT_MM, text)
        y += height

    pdf.set_font(FONT_NAME, size=10)
    pdf.text(LEFT_MM, y + 12, f"交付日：{japanese_date(line.issued_on)}")
    pdf.text(LEFT_MM + 100, y + 12, office_name)
