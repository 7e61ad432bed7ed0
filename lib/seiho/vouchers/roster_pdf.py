"""連名簿: one roster per institution and month, A4 landscape, every row with its 交付番号.

単独 and 併用 vouchers share one table in 交付番号 order, each row saying which
it is. The last page of each roster closes with the counts of 単独 and 併用
and the sum of 本人支払額, computed from the rows printed above them.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from fpdf import FPDF

from seiho.pdf import wrap_japanese
from seiho.vouchers.records import VoucherLine
from seiho.vouchers.render import FONT_NAME, check_glyphs, new_pdf, share_text

log = logging.getLogger(__name__)

# (heading, width in mm, alignment); the widths fill the 277 mm between the margins.
COLUMNS = (
    ("No", 9, "R"), ("交付番号", 25, "L"), ("受給者番号", 17, "L"), ("氏名", 30, "L"), ("性別", 8, "L"),
    ("生年月日", 19, "L"), ("券", 12, "L"), ("診療別", 13, "L"), ("単独併用", 13, "L"), ("保険者番号", 18, "L"),
    ("給付割合", 12, "R"), ("本人支払額", 18, "R"), ("有効期間", 32, "L"), ("傷病名", 51, "L"),
)
ROSTER_TITLES = {False: "医療券・調剤券 連名簿", True: "介護券 連名簿"}
FIXED_TEXT = "".join(heading for heading, _, _ in COLUMNS) + "".join(ROSTER_TITLES.values()) + (
    "指定医療機関診療年月公費負担者番号福祉事務所ページ合計件数単独併用本人支払額円〜年月日/（）：0123456789,"
)
LINE_HEIGHT_MM = 4.2
TOP_MM, LEFT_MM = 10, 10
TABLE_TOP_MM = 34
TABLE_BOTTOM_MM = 192
FONT_SIZE = 7.5


@dataclass(frozen=True)
class RosterSummary:
    """One institution's roster: its counts and sums as printed on its last page."""

    institution_code: str
    institution_name: str
    care_roster: bool
    count: int
    aid_only: int
    with_insurance: int
    copayment_total: int
    pages: int
    issue_numbers: tuple[str, ...]


@dataclass(frozen=True)
class RosterDocument:
    """A PDF of rosters and what each one contains."""

    path: Path
    month: dt.date
    rosters: tuple[RosterSummary, ...]

    @property
    def count(self) -> int:
        """Number of voucher rows over all rosters."""
        return sum(roster.count for roster in self.rosters)


def roster_key(line: VoucherLine) -> tuple[str, bool]:
    """Return the roster a voucher belongs on: its institution, and whether it is a 介護券."""
    return line.institution_code, line.voucher_kind == "介護券"


def write_rosters(lines: list[VoucherLine], month: dt.date, office_name: str, path: Path) -> RosterDocument:
    """Write one roster per institution for ``lines`` to ``path``; raise before writing if a glyph is missing."""
    pdf, font = new_pdf("L")
    check_glyphs(font, lines, FIXED_TEXT + office_name)
    pdf.set_font(FONT_NAME, size=FONT_SIZE)

    summaries = []
    ordered = sorted(lines, key=lambda line: (roster_key(line), line.issue_number))
    for (institution_code, care_roster), group in groupby(ordered, key=roster_key):
        summaries.append(_draw_roster(pdf, list(group), institution_code, care_roster, month, office_name))
    if not summaries:
        pdf.add_page()
        pdf.set_font(FONT_NAME, size=12)
        pdf.text(LEFT_MM, TOP_MM + 10, f"{month.year}年{month.month}月の医療券・介護券はありません。")

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    log.info("wrote %d rosters with %d rows to %s", len(summaries), len(lines), path.name)
    return RosterDocument(path, month, tuple(summaries))


def _row_cells(pdf: FPDF, number: int, line: VoucherLine) -> list[list[str]]:
    """Return the lines of text of each cell of a row, wrapping the name and 傷病名 by the 禁則 rules."""
    period = f"{line.valid_from:%Y/%m/%d}〜{line.valid_to:%m/%d}"
    values = [
        str(number), line.issue_number, line.recipient_number, line.name, line.sex or "", f"{line.birth_date:%Y/%m/%d}",
        line.voucher_kind, line.care_type, line.insurance, line.insurer_number or "", share_text(line),
        f"{line.copayment:,}", period, line.disease_names,
    ]
    cells = []
    for (heading, width, _), value in zip(COLUMNS, values):
        if heading in ("氏名", "傷病名"):
            cells.append(wrap_japanese(value, width - 2, pdf.get_string_width))
        else:
            cells.append([value])
    return cells


def _paginate(rows: list[list[list[str]]]) -> list[list[list[list[str]]]]:
    """Split rows into pages, keeping room on the last page for the totals."""
    capacity = TABLE_BOTTOM_MM - TABLE_TOP_MM - LINE_HEIGHT_MM
    pages, current, used = [], [], 0.0
    for cells in rows:
        height = LINE_HEIGHT_MM * max(len(cell) for cell in cells)
        if current and used + height > capacity:
            pages.append(current)
            current, used = [], 0.0
        current.append(cells)
        used += height
    if used + 3 * LINE_HEIGHT_MM > capacity:
        pages.append(current)
        current = []
    pages.append(current)
    return pages


def _draw_roster(pdf: FPDF, lines: list[VoucherLine], institution_code: str, care_roster: bool, month: dt.date,
                 office_name: str) -> RosterSummary:
    rows = [_row_cells(pdf, number, line) for number, line in enumerate(lines, start=1)]
    pages = _paginate(rows)

    summary = RosterSummary(
        institution_code=institution_code,
        institution_name=lines[0].institution_name,
        care_roster=care_roster,
        count=len(lines),
        aid_only=sum(1 for line in lines if not line.with_insurance),
        with_insurance=sum(1 for line in lines if line.with_insurance),
        copayment_total=sum(line.copayment for line in lines),
        pages=len(pages),
        issue_numbers=tuple(line.issue_number for line in lines),
    )
    for page_number, page_rows in enumerate(pages, start=1):
        pdf.add_page()
        _draw_header(pdf, summary, lines[0], month, office_name, page_number)
        bottom = _draw_table(pdf, page_rows)
        if page_number == len(pages):
            _draw_totals(pdf, summary, bottom)
    return summary


def _draw_header(pdf: FPDF, summary: RosterSummary, first: VoucherLine, month: dt.date, office_name: str, page_number: int) -> None:
    pdf.set_font(FONT_NAME, size=14)
    pdf.text(LEFT_MM, TOP_MM + 6, ROSTER_TITLES[summary.care_roster])
    pdf.set_font(FONT_NAME, size=9)
    pdf.text(LEFT_MM, TOP_MM + 13, f"指定医療機関：{summary.institution_code}　{summary.institution_name}")
    pdf.text(LEFT_MM, TOP_MM + 18, f"診療年月：{month.year}年{month.month}月　公費負担者番号：{first.payer_number}")
    pdf.text(LEFT_MM + 190, TOP_MM + 6, office_name)
    pdf.text(LEFT_MM + 240, TOP_MM + 18, f"{page_number}/{summary.pages} ページ")
    pdf.set_font(FONT_NAME, size=FONT_SIZE)


def _draw_table(pdf: FPDF, page_rows: list[list[list[str]]]) -> float:
    """Draw the column headings and the rows; return the y of the table's bottom edge."""
    right = LEFT_MM + sum(width for _, width, _ in COLUMNS)
    y = TABLE_TOP_MM - LINE_HEIGHT_MM
    pdf.line(LEFT_MM, y, right, y)
    _draw_texts(pdf, [[heading] for heading, _, _ in COLUMNS], y, header=True)
    y += LINE_HEIGHT_MM
    pdf.line(LEFT_MM, y, right, y)
    for cells in page_rows:
        _draw_texts(pdf, cells, y, header=False)
        y += LINE_HEIGHT_MM * max(len(cell) for cell in cells)
        pdf.line(LEFT_MM, y, right, y)

    x = LEFT_MM
    for _, width, _ in COLUMNS:
        pdf.line(x, TABLE_TOP_MM - LINE_HEIGHT_MM, x, y)
        x += width
    pdf.line(right, TABLE_TOP_MM - LINE_HEIGHT_MM, right, y)
    return y


def _draw_texts(pdf: FPDF, cells: list[list[str]], top: float, header: bool) -> None:
    x = LEFT_MM
    for (_, width, align), texts in zip(COLUMNS, cells):
        for index, text in enumerate(texts):
            baseline = top + LINE_HEIGHT_MM * (index + 1) - 1.1
            if align == "R" and not header:
                pdf.text(x + width - 1 - pdf.get_string_width(text), baseline, text)
            else:
                pdf.text(x + 1, baseline, text)
        x += width


def _draw_totals(pdf: FPDF, summary: RosterSummary, bottom: float) -> None:
    pdf.set_font(FONT_NAME, size=9)
    pdf.text(LEFT_MM, bottom + 6, f"合計 {summary.count:,} 件（単独 {summary.aid_only:,} 件・併用 {summary.with_insurance:,} 件）"
                                  f"　本人支払額合計 {summary.copayment_total:,} 円")
    pdf.set_font(FONT_NAME, size=FONT_SIZE)
