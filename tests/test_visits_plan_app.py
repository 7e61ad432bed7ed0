"""The 訪問計画 dashboard driven without a browser."""

import datetime as dt

from seiho.access import Role, User
from seiho.visits.plan import saved_plan_items
from seiho.visits.plan.app import VisitPlanApp, month_choices

CW1 = User("cw1", "利用者 cw1", Role.CASEWORKER, "131999", "C01")
SV1 = User("sv1", "利用者 sv1", Role.SUPERVISOR, "131999", "S01")
TODAY = dt.date(2026, 12, 5)


def test_month_choices_default_next_month():
    choices = month_choices(TODAY)
    assert choices[0] == ("2026年10月", dt.date(2026, 10, 1))
    assert choices[3] == ("2027年1月", dt.date(2027, 1, 1))


def test_app_shows_plan_by_day(small_office):
    app = VisitPlanApp(small_office, SV1, today=TODAY)
    assert app.month.value == dt.date(2027, 1, 1)
    assert "1月4日（月）" in app.tab_pages[0].value
    assert "00000002" in app.tab_pages[0].value


def test_app_supervisor_overview_lists_caseworkers(small_office):
    app = VisitPlanApp(small_office, SV1, today=TODAY)
    app.overview_button.click()
    assert "C01" in app.tab_pages[3].value
    assert "C02" in app.tab_pages[3].value


def test_app_caseworker_only_self(small_office):
    app = VisitPlanApp(small_office, CW1, today=TODAY)
    assert [value for _, value in app.caseworker.options] == ["C01"]
    assert app.caseworker.disabled
    assert "査察指導員だけ" in app.tab_pages[3].value
    assert app.overview_button.disabled


def test_app_save_button_saves(small_office):
    app = VisitPlanApp(small_office, CW1, today=TODAY)
    app.save_button.click()
    assert "保存しました" in app.status.value
    assert len(saved_plan_items(small_office, CW1, "C01", dt.date(2027, 1, 1))) == 2


def test_app_capacity_change_replans(small_office):
    app = VisitPlanApp(small_office, SV1, today=TODAY)
    app.caseworker.value = "C02"
    app.capacity.value = 1
    assert app.plan.caseworker_id == "C02"
    assert app.plan.daily_capacity == 1


def test_app_capacity_zero_rejected(small_office):
    app = VisitPlanApp(small_office, CW1, today=TODAY)
    app.capacity.value = 0
    assert app.capacity.value == 0
    assert "1件以上" in app.status.value
    assert app.plan is None
    assert app.save_button.disabled
    assert app.tab_pages[0].value == ""


def test_app_capacity_above_maximum_rejected(small_office):
    app = VisitPlanApp(small_office, CW1, today=TODAY)
    app.capacity.value = 31
    assert "30件以下" in app.status.value
    assert app.plan is None


def test_app_caseworker_has_no_overview_tab(small_office):
    app = VisitPlanApp(small_office, CW1, today=TODAY)
    assert len(app.tabs.children) == 3
    assert "担当者一覧" not in app.tabs.titles


def test_app_supervisor_has_overview_tab(small_office):
    app = VisitPlanApp(small_office, SV1, today=TODAY)
    assert app.tabs.titles[3] == "担当者一覧"


def test_app_plan_table_wraps_only_text(small_office):
    app = VisitPlanApp(small_office, SV1, today=TODAY)
    page = app.tab_pages[0].value
    assert '<div class="seiho-visit-plan">' in page
    body_rows = page.count("<tr><td")
    assert body_rows > 0
    assert page.count('<td class="seiho-wrap">') == 2 * body_rows
    assert "<td>髙橋 トメ</td>" in page or "<td>山﨑 美咲</td>" in page


def test_app_shows_saved_plan(small_office):
    app = VisitPlanApp(small_office, CW1, today=TODAY)
    assert app.view.disabled
    app.capacity.value = 1
    app.save_button.click()
    app.capacity.value = 6
    app.view.value = "saved"
    assert "1日1件" in app.status.value
    assert "1件" in app.summary.value
    assert app.save_button.disabled
    assert "00000002" in app.tab_pages[0].value


def test_app_computed_plan_says_not_saved(small_office):
    app = VisitPlanApp(small_office, CW1, today=TODAY)
    app.save_button.click()
    app.capacity.value = 3
    assert "今のデータで計算した計画" in app.status.value
    assert not app.save_button.disabled


def test_app_current_month_starts_today(small_office):
    app = VisitPlanApp(small_office, CW1, today=dt.date(2027, 1, 20))
    app.month.value = dt.date(2027, 1, 1)
    assert app.plan.working_days[0] == dt.date(2027, 1, 20)
    assert "1月20日以降" in app.summary.value


def test_app_other_role_sees_only_refusal(small_office):
    app = VisitPlanApp(small_office, User("med1", "利用者 med1", Role.MEDICAL_CLERK, "131999"), today=TODAY)
    assert len(app.children) == 2
    assert "医療担当の権限では「訪問計画」はできません" in app.children[1].value
