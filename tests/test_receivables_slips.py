"""Tests of the 納付書 PDFs and the seiho receivables command."""

import datetime as dt
import shutil
import subprocess

import pytest

from seiho.access import Role, User
from seiho.cli import main
from seiho.errors import AccessDenied, ParameterError, SeihoError
from seiho.receivables import calculate_art63, plan_installments, record_decision, record_payment, set_installment_plan
from seiho.receivables.payment_slip import payment_slips_pdf, slip_lines
from seiho.receivables.slip_font import slip_font

D = dt.date
CW1 = User("cw1", "利用者 cw1", Role.CASEWORKER, "131999", "C01")
ANA1 = User("ana1", "利用者 ana1", Role.ANALYST, "131999")

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")


@pytest.fixture
def planned(small_office):
    """A receivable of 90,000 yen in three installments, the first one paid."""
    receivable_id = record_decision(small_office, CW1, "00000001", calculate_art63(90_000, 1_000_000, []), D(2026, 4, 1), D(2026, 4, 30), "年金遡及受給")
    set_installment_plan(small_office, CW1, receivable_id, plan_installments(90_000, 3, D(2026, 5, 31)), D(2026, 5, 1))
    record_payment(small_office, CW1, receivable_id, D(2026, 5, 20), 30_000, "窓口納付")
    return small_office, receivable_id


def pdf_text(path, page):
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_slips_only_unpaid_installments(planned):
    store, receivable_id = planned
    assert [line.installment_label for line in slip_lines(store, CW1, receivable_id)] == ["第2回（全3回）", "第3回（全3回）"]


def test_slip_pdf_has_three_parts(planned, tmp_path):
    store, receivable_id = planned
    text = pdf_text(payment_slips_pdf(store, CW1, receivable_id, tmp_path / "slips.pdf"), 1)
    for title in ("納付書", "領収証書", "納付済通知書"):
        assert title in text


def test_slip_pdf_shows_payer_and_amount(planned, tmp_path):
    store, receivable_id = planned
    text = pdf_text(payment_slips_pdf(store, CW1, receivable_id, tmp_path / "slips.pdf"), 2)
    assert "髙橋" in text
    assert "¥30,000" in text
    assert "2026年7月28日" in text
    assert "生活保護法第63条返還金" in text


def test_slip_pdf_one_page_per_installment(planned, tmp_path):
    store, receivable_id = planned
    path = payment_slips_pdf(store, CW1, receivable_id, tmp_path / "slips.pdf", [1, 2, 3])
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           3" in info
    assert "A4" in info


def test_slip_unknown_installment_rejected(planned, tmp_path):
    store, receivable_id = planned
    with pytest.raises(ParameterError, match="分納計画"):
        payment_slips_pdf(store, CW1, receivable_id, tmp_path / "slips.pdf", [4])


def test_slip_denied_to_analyst(planned, tmp_path):
    store, receivable_id = planned
    with pytest.raises(AccessDenied):
        payment_slips_pdf(store, ANA1, receivable_id, tmp_path / "slips.pdf")


def test_missing_glyph_fails_loudly(planned, tmp_path):
    store, receivable_id = planned
    with store.connect() as connection:
        connection.execute("UPDATE households SET head_name = '髙橋 \U000F0000' WHERE case_number = '00000001'")
    with pytest.raises(SeihoError, match="U\\+F0000"):
        payment_slips_pdf(store, CW1, receivable_id, tmp_path / "slips.pdf")
    assert not (tmp_path / "slips.pdf").exists()


def test_font_covers_variant_kanji():
    assert slip_font().missing("髙﨑𠮷") == []


def test_command_decide_and_pay(small_office, capsys):
    db = str(small_office.path)
    assert main(["receivables", "--db", db, "--user", "cw1", "decide", "00000001", "--article", "63条", "--category", "年金遡及受給",
                 "--decided-on", "2026-04-01", "--due-on", "2026-04-30", "--resources", "500000", "--assistance-paid", "400000",
                 "--item", "葬祭等の費用=50000:領収書"]) == 0
    output = capsys.readouterr().out
    assert "返還額（法第63条）: 400,000円" in output
    receivable_id = output.strip().splitlines()[-1].split()[1]
    assert main(["receivables", "--db", db, "--user", "cw1", "pay", receivable_id, "--on", "2026-05-01", "--amount", "1000"]) == 0


def test_command_unknown_user_fails(small_office, capsys):
    assert main(["receivables", "--db", str(small_office.path), "--user", "nobody", "alerts"]) == 2
    assert "登録されていない" in capsys.readouterr().err


def test_command_bad_item_fails(small_office, capsys):
    status = main(["receivables", "--db", str(small_office.path), "--user", "cw1", "decide", "00000001", "--article", "63条",
                   "--category", "年金遡及受給", "--decided-on", "2026-04-01", "--due-on", "2026-04-30", "--resources", "1",
                   "--assistance-paid", "1", "--item", "葬祭等の費用=五万円"])
    assert status == 2
    assert "項目=金額:根拠" in capsys.readouterr().err
