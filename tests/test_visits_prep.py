"""The 訪問準備 prep sheet: members' ages, 常時把握, 定期確認 due dates at their edges, and access."""

import datetime as dt

import pytest

from seiho.access import Role, User
from seiho.errors import AccessDenied, ParameterError, SeihoError
from seiho.records import save_draft
from seiho.visits.periodic_checks import HouseholdDueFacts, periodic_checks
from seiho.visits.plan import build_plan, save_plan
from seiho.visits.prep import prep_sheet, prep_sheets
from seiho.visits.prep_app import VisitPrepApp
from seiho.visits.route_map import day_route, route_svg

CW1 = User("cw1", "利用者 cw1", Role.CASEWORKER, "131999", "C01")
CW2 = User("cw2", "利用者 cw2", Role.CASEWORKER, "131999", "C02")
SV1 = User("sv1", "利用者 sv1", Role.SUPERVISOR, "131999", "S01")
ANA1 = User("ana1", "利用者 ana1", Role.ANALYST, "131999")
DAY = dt.date(2026, 12, 1)


def facts(**changes):
    base = dict(started_on=dt.date(2020, 4, 1), incomes=(), opinions=(), members=())
    base.update(changes)
    return HouseholdDueFacts(**base)


def checks_of(items, check_id):
    return [item for item in items if item.check_id == check_id]


def add_medical_aid(store, aid_id, opinion_due_on, care_type="入院外"):
    with store.connect() as con:
        con.execute(
            "INSERT INTO medical_aid (aid_id, case_number, member_no, care_type, institution_code, institution_name,"
            " disease_name, insurance, valid_from, opinion_due_on) VALUES (?, '00000001', 1, ?, '1310000001', '架空病院',"
            " '高血圧症', '単独', DATE '2026-01-01', ?)",
            [aid_id, care_type, opinion_due_on],
        )


def test_opinion_expiring_in_month_listed():
    items = periodic_checks(facts(opinions=(("髙橋 トメ", "入院外・架空病院", dt.date(2026, 12, 31)),)), DAY)
    found = checks_of(items, "medical_opinion")
    assert [item.due_on for item in found] == [dt.date(2026, 12, 31)]
    assert found[0].overdue is False


def test_opinion_lookahead_edge_included():
    edge = DAY + dt.timedelta(days=31)
    items = periodic_checks(facts(opinions=(("甲", "入院外・架空病院", edge),)), DAY)
    assert [item.due_on for item in checks_of(items, "medical_opinion")] == [edge]


def test_opinion_after_lookahead_excluded():
    later = DAY + dt.timedelta(days=32)
    items = periodic_checks(facts(opinions=(("甲", "入院外・架空病院", later),)), DAY)
    assert checks_of(items, "medical_opinion") == []


def test_opinion_expired_marked_overdue():
    items = periodic_checks(facts(opinions=(("甲", "入院外・架空病院", DAY - dt.timedelta(days=1)),)), DAY)
    assert checks_of(items, "medical_opinion")[0].overdue is True


def test_opinion_due_on_day_not_overdue():
    items = periodic_checks(facts(opinions=(("甲", "入院外・架空病院", DAY),)), DAY)
    assert checks_of(items, "medical_opinion")[0].overdue is False


def test_earned_income_without_due_month_end():
    items = periodic_checks(facts(incomes=(("甲", "就労収入", None),)), dt.date(2026, 12, 10))
    found = checks_of(items, "income_report_earned")
    assert [item.due_on for item in found] == [dt.date(2026, 12, 31)]
    assert found[0].member == "甲"


def test_income_due_date_from_system():
    items = periodic_checks(facts(incomes=(("甲", "年金", dt.date(2026, 12, 15)),)), DAY)
    assert [item.due_on for item in checks_of(items, "income_report_other")] == [dt.date(2026, 12, 15)]
    assert checks_of(items, "income_report_earned") == []


def test_pension_without_due_not_guessed():
    items = periodic_checks(facts(incomes=(("甲", "年金", None),)), DAY)
    assert checks_of(items, "income_report_other") == []


def test_annual_income_report_uses_system_due():
    items = periodic_checks(facts(started_on=dt.date(2016, 12, 23), incomes=(("甲", "年金", dt.date(2026, 12, 15)),)), DAY)
    found = checks_of(items, "income_report_annual")
    assert [item.due_on for item in found] == [dt.date(2026, 12, 15)]
    assert "標準システム" in found[0].basis


def test_annual_income_report_later_system_due_hidden():
    # The anniversary (23 December) is within the sheet's window, but the
    # standard system's due date is not, so the check is not due yet.
    items = periodic_checks(facts(started_on=dt.date(2016, 12, 23), incomes=(("甲", "年金", dt.date(2027, 2, 15)),)), DAY)
    assert checks_of(items, "income_report_annual") == []


def test_annual_income_report_without_due_on_anniversary():
    items = periodic_checks(facts(started_on=dt.date(2016, 12, 23), incomes=(("甲", "年金", None),)), DAY)
    found = checks_of(items, "income_report_annual")
    assert [item.due_on for item in found] == [dt.date(2026, 12, 23)]
    assert found[0].basis == "保護開始日 2016年12月23日 から 12 か月ごと"


def test_annual_income_report_ignores_earned_due():
    items = periodic_checks(facts(started_on=dt.date(2016, 12, 23), incomes=(("甲", "就労収入", dt.date(2026, 12, 10)),)), DAY)
    assert [item.due_on for item in checks_of(items, "income_report_annual")] == [dt.date(2026, 12, 23)]


def test_asset_report_on_anniversary():
    items = periodic_checks(facts(started_on=dt.date(2025, 12, 10)), DAY)
    assert [item.due_on for item in checks_of(items, "asset_report")] == [dt.date(2026, 12, 10)]
    assert [item.due_on for item in checks_of(items, "support_inquiry")] == [dt.date(2026, 12, 10)]


def test_anniversary_earlier_in_month_overdue():
    items = periodic_checks(facts(started_on=dt.date(2025, 12, 1)), dt.date(2026, 12, 20))
    found = checks_of(items, "asset_report")
    assert [item.due_on for item in found] == [dt.date(2026, 12, 1)]
    assert found[0].overdue is True


def test_new_case_first_anniversary_only():
    items = periodic_checks(facts(started_on=dt.date(2026, 11, 20)), DAY)
    assert checks_of(items, "asset_report") == []


def test_tax_survey_yearly_day():
    items = periodic_checks(facts(), dt.date(2026, 7, 15))
    assert [item.due_on for item in checks_of(items, "tax_survey")] == [dt.date(2026, 7, 31)]


def test_pension_age_on_birthday():
    items = periodic_checks(facts(members=(("乙", dt.date(1961, 12, 2)),)), DAY)
    assert [item.due_on for item in checks_of(items, "pension_claim")] == [dt.date(2026, 12, 2)]


def test_pension_age_reached_long_ago_hidden():
    items = periodic_checks(facts(members=(("乙", dt.date(1950, 12, 2)),)), DAY)
    assert checks_of(items, "pension_claim") == []


def test_pension_leap_day_birthday():
    items = periodic_checks(facts(members=(("丙", dt.date(1964, 2, 29)),)), dt.date(2029, 2, 10))
    assert [item.due_on for item in checks_of(items, "pension_claim")] == [dt.date(2029, 3, 1)]


def test_checks_sorted_by_due_date():
    items = periodic_checks(facts(
        started_on=dt.date(2025, 12, 20),
        opinions=(("甲", "入院外・架空病院", dt.date(2026, 12, 5)),),
    ), DAY)
    assert [item.due_on for item in items] == sorted(item.due_on for item in items)


def test_sheet_member_age_on_birthday(small_office):
    # Member 2 of 00000002 was born on 2016-12-02.
    before = prep_sheet(small_office, CW1, "00000002", dt.date(2026, 12, 1))
    on_birthday = prep_sheet(small_office, CW1, "00000002", dt.date(2026, 12, 2))
    assert before.members[1].age == 9
    assert on_birthday.members[1].age == 10


def test_sheet_lists_expiring_opinion(small_office):
    add_medical_aid(small_office, "A1", dt.date(2026, 12, 31))
    sheet = prep_sheet(small_office, CW1, "00000001", DAY)
    found = checks_of(sheet.checks, "medical_opinion")
    assert [item.due_on for item in found] == [dt.date(2026, 12, 31)]
    assert sheet.medical_aid[0]["医療機関"] == "架空病院"


def test_sheet_always_has_flag_and_hospital(small_office):
    add_medical_aid(small_office, "A2", None, care_type="入院")
    with small_office.connect() as con:
        con.execute("INSERT INTO household_flags (case_number, flag, since, set_by) VALUES ('00000001', '病状不安定', DATE '2026-10-01', 'sv1')")
        con.execute("INSERT INTO household_flags (case_number, flag, since, until, set_by) VALUES ('00000001', 'DV被害', DATE '2025-01-01', DATE '2025-12-31', 'sv1')")
    labels = [item.label for item in prep_sheet(small_office, CW1, "00000001", DAY).always]
    assert "病状不安定" in labels
    assert "入院中" in labels
    assert "DV被害" not in labels


def test_sheet_vouchers_of_month_only(small_office):
    with small_office.connect() as con:
        for voucher_id, month in (("VC1", "2026-12-01"), ("VC2", "2026-11-01")):
            con.execute(
                "INSERT INTO vouchers VALUES (?, '00000001', 1, '医療券', ?::DATE, '1310000001', ?, '12131999', '0000018', DATE '2026-11-25')",
                [voucher_id, month, voucher_id],
            )
    sheet = prep_sheet(small_office, CW1, "00000001", DAY)
    assert [voucher["交付番号"] for voucher in sheet.vouchers] == ["VC1"]


def test_sheet_support_plan_and_records(small_office):
    for day in (dt.date(2026, 11, 20), dt.date(2026, 11, 25), dt.date(2026, 11, 28)):
        save_draft(small_office, CW1, "00000001", f"訪問 {day}", "本文", day)
    sheet = prep_sheet(small_office, CW1, "00000001", DAY)
    assert sheet.support_plan["方針"] == "健康状態の把握と見守りを継続する。"
    assert [record.recorded_on for record in sheet.latest_records] == [
        dt.date(2026, 11, 28), dt.date(2026, 11, 25), dt.date(2026, 11, 20)]


def test_sheet_other_caseworker_refused(small_office):
    with pytest.raises(AccessDenied):
        prep_sheet(small_office, CW2, "00000001", DAY)


def test_sheet_analyst_refused(small_office):
    with pytest.raises(AccessDenied):
        prep_sheet(small_office, ANA1, "00000001", DAY)


def test_sheet_supervisor_sees_office(small_office):
    assert prep_sheet(small_office, SV1, "00000003", DAY).head_name == "架空 太郎"


def test_sheet_view_audited(small_office):
    prep_sheet(small_office, SV1, "00000003", DAY)
    with pytest.raises(AccessDenied):
        prep_sheet(small_office, CW2, "00000001", DAY)
    with small_office.connect() as con:
        actions = con.execute("SELECT action, user_id FROM audit_log WHERE action LIKE 'view_prep_sheet%' ORDER BY occurred_at").fetchall()
    assert actions == [("view_prep_sheet", "sv1"), ("view_prep_sheet_denied", "cw2")]


def set_coordinates(store):
    with store.connect() as con:
        con.execute("UPDATE households SET latitude = 35.61, longitude = 139.61 WHERE case_number = '00000001'")
        con.execute("UPDATE households SET latitude = 35.62, longitude = 139.59 WHERE case_number = '00000002'")


def test_route_hand_picked_order(small_office):
    set_coordinates(small_office)
    route = day_route(small_office, CW1, DAY, case_numbers=["00000002", "00000001"])
    assert [stop.case_number for stop in route.stops] == ["00000002", "00000001"]
    assert [stop.order for stop in route.stops] == [1, 2]
    assert route.from_plan is False


def test_route_hand_picked_other_refused(small_office):
    with pytest.raises(AccessDenied, match="00000003"):
        day_route(small_office, CW1, DAY, case_numbers=["00000001", "00000003"])


def test_route_from_saved_plan(small_office):
    with small_office.connect() as con:
        con.execute("INSERT INTO visit_plans (plan_id, office_code, caseworker_id, month, created_by, daily_capacity, status)"
                    " VALUES ('P1', '131999', 'C01', DATE '2026-12-01', 'cw1', 8, '保存済み')")
        con.execute("INSERT INTO visit_plan_items (plan_id, visit_date, route_order, case_number, reason, due_date, overdue)"
                    " VALUES ('P1', DATE '2026-12-01', 2, '00000001', '定期訪問', DATE '2026-12-31', FALSE),"
                    " ('P1', DATE '2026-12-01', 1, '00000002', '期限切れ', DATE '2026-11-30', TRUE),"
                    " ('P1', DATE '2026-12-02', 1, '00000001', '別の日', NULL, FALSE)")
    route = day_route(small_office, CW1, DAY)
    assert [stop.case_number for stop in route.stops] == ["00000002", "00000001"]
    assert route.stops[0].reason == "期限切れ"
    assert route.from_plan is True


def test_route_svg_draws_offline(small_office):
    set_coordinates(small_office)
    svg = route_svg(day_route(small_office, CW1, DAY, case_numbers=["00000001", "00000002"]))
    assert svg.startswith("<svg")
    assert svg.count("<circle") == 2
    assert "<polyline" in svg
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "髙橋" not in svg


def test_route_svg_without_coordinates(small_office):
    with small_office.connect() as con:
        con.execute("UPDATE offices SET latitude = NULL, longitude = NULL")
    route = day_route(small_office, CW1, DAY, case_numbers=["00000001"])
    with pytest.raises(SeihoError, match="位置情報"):
        route_svg(route)


def test_sheets_refused_household_in_place(small_office):
    sheets = prep_sheets(small_office, CW1, ["00000001", "00000003", "00000002"], DAY)
    assert sheets[0].case_number == "00000001"
    assert isinstance(sheets[1], AccessDenied)
    assert sheets[2].case_number == "00000002"


def test_checks_entry_missing_key_named(monkeypatch):
    broken = {"lookahead_days": 31, "checks": [{"id": "asset_report", "label": "資産申告", "rule": "anniversary"}]}
    monkeypatch.setattr("seiho.visits.periodic_checks.parameter", lambda name: type("P", (), {"at": lambda self, day: broken})())
    with pytest.raises(ParameterError, match="asset_report.*interval_months"):
        periodic_checks(facts(), DAY)


def test_checks_entry_unknown_rule_named(monkeypatch):
    broken = {"lookahead_days": 31, "checks": [{"id": "x-check", "label": "何か", "rule": "weekly"}]}
    monkeypatch.setattr("seiho.visits.periodic_checks.parameter", lambda name: type("P", (), {"at": lambda self, day: broken})())
    with pytest.raises(ParameterError, match="x-check.*weekly"):
        periodic_checks(facts(), DAY)


# Why a day of the 訪問準備 screen has no households


def test_prep_app_names_holiday(small_office):
    app = VisitPrepApp(small_office, CW1, dt.date(2027, 1, 11))
    assert "2027年1月11日は成人の日のため勤務日ではありません" in app.message.value


def test_prep_app_says_plan_not_saved(small_office):
    app = VisitPrepApp(small_office, CW1, dt.date(2027, 1, 7))
    assert "2027年1月の訪問計画はまだ保存されていません" in app.message.value


def test_prep_app_says_saved_plan_day_empty(small_office):
    plan = build_plan(small_office, CW1, "C01", dt.date(2027, 1, 1))
    save_plan(small_office, CW1, plan)
    empty_day = next(day.day for day in plan.days if not day.visits)
    app = VisitPrepApp(small_office, CW1, empty_day)
    assert "保存された訪問計画では" in app.message.value
