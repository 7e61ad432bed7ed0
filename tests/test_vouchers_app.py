"""The 医療券・介護券 dashboard widgets, driven without a browser."""

import pytest

from seiho.access import authenticate
from seiho.ui import LoginGate
from seiho.vouchers.app import VoucherApp
from seiho.vouchers.institutions import import_institutions

from conftest import PASSWORD
from test_vouchers_institutions import HEADER, ROWS
from test_vouchers_records import CLINIC, MONTH, add_vouchers


@pytest.fixture
def office(small_office):
    add_vouchers(small_office)
    return small_office


def open_app(store, user_id, tmp_path):
    return VoucherApp(store, authenticate(store, user_id, PASSWORD), month=MONTH, output_dir=tmp_path / "out")


def test_gate_shows_voucher_app(office, tmp_path):
    gate = LoginGate(office, "医療券・介護券", lambda user: VoucherApp(office, user, month=MONTH, output_dir=tmp_path))
    gate.user_id.value = "med1"
    gate.password.value = PASSWORD
    gate.log_in()
    assert isinstance(gate.children[1], VoucherApp)


def test_app_lists_institutions(office, tmp_path):
    app = open_app(office, "med1", tmp_path)
    assert "架空中央クリニック" in app.table.value
    assert "架空ケアセンター" in app.table.value
    assert "3,800" in app.table.value


def test_app_shows_opinions(office, tmp_path):
    app = open_app(office, "sv1", tmp_path)
    assert "医療要否意見書" not in app.status.value
    assert "<table" in app.opinions.value


def test_app_writes_roster_pdf(office, tmp_path):
    app = open_app(office, "med1", tmp_path)
    app.institution.value = CLINIC
    path = app.write_pdf("roster")
    assert path is not None
    assert path.exists()
    assert "3 件" in app.output.value


def test_app_writes_sheet_pdf(office, tmp_path):
    app = open_app(office, "med1", tmp_path)
    path = app.write_pdf("sheet")
    assert path.name == "単票_202612_全機関.pdf"
    assert "5 枚" in app.output.value


def test_app_analyst_sees_error(office, tmp_path):
    app = open_app(office, "ana1", tmp_path)
    assert "権限" in app.status.value


def test_app_empty_month_message(office, tmp_path):
    app = open_app(office, "sv1", tmp_path)
    app.month.value = MONTH.replace(year=2025)
    app.refresh()
    assert "2025年12月の券はありません。" in app.table.value


def test_app_search_warns_similar(office, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    import_institutions(office, authenticate(office, "med1", PASSWORD), path)
    app = open_app(office, "med1", tmp_path)
    app.search_text.value = "1310123455"
    app.search()
    assert "取り違えに注意" in app.search_result.value
    assert "架空中央クリニツク" in app.search_result.value


def test_app_search_empty_text_error(office, tmp_path):
    app = open_app(office, "med1", tmp_path)
    app.search()
    assert "入力してください" in app.search_result.value


def test_app_batch_decision_issues(office, tmp_path):
    import datetime as dt

    from seiho.vouchers.decisions import submit_request

    clerk = authenticate(office, "med1", PASSWORD)
    request_id = submit_request(office, clerk, "00000003", 1, "入院外", CLINIC, "腰痛症", dt.date(2026, 12, 2))
    app = open_app(office, "med1", tmp_path)
    app.requests.value = (request_id,)
    app.decide(reject=False)
    assert "交付番号 202612000006" in app.decision_result.value
    assert app.requests.options == ()


def test_app_caseworker_no_decisions(office, tmp_path):
    app = open_app(office, "cw1", tmp_path)
    assert "医療担当が行います" in app.decision_result.value
