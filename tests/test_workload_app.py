"""The 業務量 dashboard widgets and the chart export, driven without a browser."""

import datetime as dt

import pytest
from matplotlib import font_manager

from seiho.access import authenticate
from seiho.errors import SeihoError
from seiho.ui import LoginGate
from seiho.workload import charts
from seiho.workload.app import WorkloadApp, month_options
from seiho.workload.charts import JapaneseFontMissing, export_chart, find_japanese_font, japanese_figure

from conftest import PASSWORD
from test_workload import add_history

TODAY = dt.date(2026, 12, 4)


@pytest.fixture
def office(small_office):
    add_history(small_office)
    return small_office


def open_app(store, user_id):
    app = WorkloadApp(store, authenticate(store, user_id, PASSWORD), today=TODAY)
    app.month.value = "2026-11"
    return app


def test_gate_shows_workload_app(office):
    gate = LoginGate(office, "業務量", lambda user: WorkloadApp(office, user, today=TODAY))
    gate.user_id.value = "sv1"
    gate.password.value = PASSWORD
    gate.log_in()
    assert isinstance(gate.children[1], WorkloadApp)


def test_month_options_newest_first():
    options = month_options(dt.date(2026, 1, 15))
    assert options[0] == ("2026年1月", "2026-01")
    assert options[1] == ("2025年12月", "2025-12")


def test_app_summary_shows_standard(office):
    app = open_app(office, "sv1")
    assert "3人" in app.summary.value
    assert "未承認の記録" in app.summary.value


def test_app_caseworker_tab_has_chart(office):
    app = open_app(office, "sv1")
    assert bytes(app.tab_pages[0].children[0].value).startswith(b"\x89PNG")


def test_app_drilldown_shows_overdue(office):
    app = open_app(office, "sv1")
    app.caseworker.value = "C01"
    assert "00000002" in app.detail.value
    assert "山﨑 美咲" in app.detail.value


def test_app_team_filter_lists_teams(office):
    app = open_app(office, "sv1")
    assert [value for _, value in app.team.options] == ["", "第1係"]


def test_app_caseworker_sees_only_self(office):
    app = open_app(office, "cw2")
    assert [value for _, value in app.caseworker.options] == ["C02"]
    assert app.team.disabled


def test_app_medical_clerk_gets_error(office):
    gate = LoginGate(office, "業務量", lambda user: WorkloadApp(office, user, today=TODAY))
    gate.user_id.value = "med1"
    gate.password.value = PASSWORD
    gate.log_in()
    assert "業務量の閲覧" in gate.children[1].value


def test_app_chart_without_font_shows_message(office, monkeypatch):
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [])
    app = open_app(office, "sv1")
    assert "日本語フォント" in app.tab_pages[0].children[0].value


def test_font_lookup_empty_list_raises():
    with pytest.raises(JapaneseFontMissing) as raised:
        find_japanese_font([])
    assert "fonts-noto-cjk" in raised.value.message_ja


def test_font_lookup_finds_installed_font():
    assert find_japanese_font() in charts.JAPANESE_FONT_FAMILIES


def test_font_found_despite_stale_cache(monkeypatch):
    # fonts-noto-cjk installed after matplotlib wrote its font cache: the cached list lacks it.
    japanese_files = {entry.fname for entry in font_manager.fontManager.ttflist if entry.name in charts.JAPANESE_FONT_FAMILIES}
    without_japanese = [entry for entry in font_manager.fontManager.ttflist if entry.fname not in japanese_files]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", without_japanese)
    assert find_japanese_font() in charts.JAPANESE_FONT_FAMILIES


def test_export_refuses_without_font(tmp_path):
    figure = japanese_figure()
    with pytest.raises(JapaneseFontMissing):
        export_chart(figure, tmp_path / "chart.png", font_entries=[])
    assert not (tmp_path / "chart.png").exists()


def test_export_writes_png_and_pdf(tmp_path):
    figure = japanese_figure()
    figure.add_subplot().bar(["高齢者世帯"], [1])
    png = export_chart(figure, tmp_path / "chart.png")
    pdf = export_chart(figure, tmp_path / "chart.pdf")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_export_rejects_other_suffix(tmp_path):
    with pytest.raises(SeihoError) as raised:
        export_chart(japanese_figure(), tmp_path / "chart.svg")
    assert ".png" in raised.value.message_ja
