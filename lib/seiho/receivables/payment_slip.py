"""納付書 as A4 PDFs: one page per installment, in three parts (納付書・領収証書・納付済通知書)."""

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from seiho.access import Role, User, require_role
from seiho.errors import ParameterError
from seiho.receivables.scope import household_in_scope, receivable_in_scope
from seiho.receivables.slip_font import slip_font
from seiho.store import Store, record_event

log = logging.getLogger(__name__)

# Parts from top to bottom. The bank keeps the first, the payer the second,
# and the third returns to the office as proof of payment.
PARTS = (
    ("納付書", "（金融機関保管）"),
    ("領収証書", "（納付者保管）"),
    ("納付済通知書", "（福祉事務所へ送付）"),
)
ARTICLE_TITLES = {"63条": "生活保護法第63条返還金", "78条": "生活保護法第78条徴収金"}
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_MM = 10
PART_HEIGHT_MM = (PAGE_HEIGHT_MM - 2 * MARGIN_MM) / len(PARTS)
VALUE_WIDTH_MM = 104
MIN_FONT_SIZE = 6


@dataclass(frozen=True)
class SlipLine:
    """The contents of one page: the payer, the receivable and one installment."""

    office_name: str
    payer_name: str
    payer_address: str
    case_number: str
    receivable_id: str
    article: str
    installment_label: str
    due_on: dt.date
    amount: int


def japanese_date(day: dt.date) -> str:
    """Return a date as 'YYYY年M月D日'."""
    return f"{day.year}年{day.month}月{day.day}日"


def slip_lines(store: Store, user: User, receivable_id: str, installment_numbers: list[int] | None = None) -> list[SlipLine]:
    """Return one slip line per unpaid installment (or the chosen ones); a receivable without a plan gets one slip for its balance."""
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN, action="納付書の作成")
    with store.connect() as connection:
        row = receivable_in_scope(connection, user, receivable_id)
        _, _, _, head_name, address = household_in_scope(connection, user, row.case_number)
        office_name = connection.execute(
            "SELECT o.name FROM offices o JOIN households h USING (office_code) WHERE h.case_number = ?", [row.case_number]
        ).fetchone()[0]
        plan = connection.execute(
            "SELECT installment_no, due_on, amount FROM receivable_installments WHERE receivable_id = ? ORDER BY installment_no", [receivable_id]
        ).fetchall()
        record_event(connection, user.user_id, "print_payment_slips", row.case_number, receivable_id)

    if row.status in ("完納", "不納欠損"):
        raise ParameterError(f"債権 {receivable_id} は{row.status}のため、納付書は作成できません。", f"receivable {receivable_id} is {row.status}")
    if not plan:
        due_on = row.due_on or row.decided_on
        plan = [(1, due_on, row.balance)]
    count = len(plan)
    chosen = set(installment_numbers) if installment_numbers else None
    if chosen:
        unknown = chosen - {number for number, _, _ in plan}
        if unknown:
            raise ParameterError(f"分納の回 {sorted(unknown)} は債権 {receivable_id} の分納計画（全{count}回）にありません。", f"unknown installments {unknown}")
    else:
        # Unpaid installments: those not covered by the amount paid so far, in order.
        covered = row.paid_amount
        chosen = set()
        for number, _, amount in plan:
            if covered >= amount:
                covered -= amount
            else:
                chosen.add(number)
                covered = 0
    return [
        SlipLine(office_name, head_name, address or "", row.case_number, receivable_id, row.article,
                 f"第{number}回（全{count}回）" if count > 1 else "一括", due_on, amount)
        for number, due_on, amount in plan if number in chosen
    ]


def write_payment_slips(lines: list[SlipLine], path: Path) -> Path:
    """Write one A4 page per slip line to ``path``; raise before writing if the font lacks a character."""
    if not lines:
        raise ParameterError("作成する納付書がありません（未納の回がありません）。", "no slip lines")
    font = slip_font()
    for line in lines:
        for text in _texts(line):
            font.check(text, f"債権 {line.receivable_id} の納付書")

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("slip", fname=str(font.path), collection_font_number=font.collection_index)
    pdf.set_title("納付書")
    pdf.set_creator("seiho workbench")
    for line in lines:
        pdf.add_page()
        for index, (title, keeper) in enumerate(PARTS):
            _draw_part(pdf, line, title, keeper, MARGIN_MM + index * PART_HEIGHT_MM)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    log.info("wrote %d payment slips", len(lines))
    return path


def _texts(line: SlipLine) -> list[str]:
    return [line.office_name, line.payer_name, line.payer_address, ARTICLE_TITLES[line.article], line.installment_label,
            *(title + keeper for title, keeper in PARTS), "納付者 住所 氏名 ケース番号 債権番号 科目 納期限 金額 円 領収日付印 上記の金額を領収しました。 上記の金額を納付します。 年月日 ¥,0123456789"]


def _draw_part(pdf: FPDF, line: SlipLine, title: str, keeper: str, top: float) -> None:
    left, width = MARGIN_MM, PAGE_WIDTH_MM - 2 * MARGIN_MM
    pdf.set_draw_color(60, 60, 60)
    pdf.rect(left, top + 2, width, PART_HEIGHT_MM - 6)

    pdf.set_font("slip", size=16)
    pdf.set_xy(left + 4, top + 5)
    pdf.cell(80, 8, title)
    pdf.set_font("slip", size=9)
    pdf.cell(60, 8, keeper)
    pdf.set_xy(left + width - 74, top + 5)
    pdf.cell(70, 8, line.office_name, align="R")

    rows = [
        ("科目", ARTICLE_TITLES[line.article]),
        ("納付者 住所", line.payer_address),
        ("納付者 氏名", f"{line.payer_name} 様"),
        ("ケース番号", line.case_number),
        ("債権番号", f"{line.receivable_id}　{line.installment_label}"),
        ("納期限", japanese_date(line.due_on)),
    ]
    pdf.set_font("slip", size=10)
    y = top + 16
    for label, value in rows:
        pdf.set_xy(left + 4, y)
        pdf.cell(28, 7, label, border=1)
        _fitted_cell(pdf, VALUE_WIDTH_MM, 7, value, size=10)
        y += 7

    pdf.set_xy(left + 4, y + 2)
    pdf.set_font("slip", size=11)
    pdf.cell(28, 12, "金額", border=1, align="C")
    pdf.set_font("slip", size=18)
    pdf.cell(VALUE_WIDTH_MM, 12, f"¥{line.amount:,} 円", border=1, align="R")

    stamp_left = left + width - 50
    pdf.set_font("slip", size=8)
    pdf.rect(stamp_left, top + 18, 44, 44)
    pdf.set_xy(stamp_left, top + 19)
    pdf.cell(44, 5, "領収日付印", align="C")
    pdf.set_xy(left + 4, top + PART_HEIGHT_MM - 11)
    message = "上記の金額を領収しました。" if title == "領収証書" else "上記の金額を納付します。"
    pdf.cell(120, 5, message)

    # A dashed cut line between the parts.
    if title != PARTS[-1][0]:
        pdf.set_dash_pattern(dash=2, gap=2)
        pdf.line(left, top + PART_HEIGHT_MM - 1, left + width, top + PART_HEIGHT_MM - 1)
        pdf.set_dash_pattern()


def _fitted_cell(pdf: FPDF, width: float, height: float, text: str, size: float) -> None:
    # A long address shrinks to fit its box instead of running over the stamp.
    pdf.set_font("slip", size=size)
    while size > MIN_FONT_SIZE and pdf.get_string_width(text) > width - 2:
        size -= 0.5
        pdf.set_font("slip", size=size)
    pdf.cell(width, height, text, border=1)
    pdf.set_font("slip", size=10)


def payment_slips_pdf(store: Store, user: User, receivable_id: str, path: Path, installment_numbers: list[int] | None = None) -> Path:
    """Write the 納付書 for a receivable's unpaid (or chosen) installments to ``path``."""
    return write_payment_slips(slip_lines(store, user, receivable_id, installment_numbers), path)
