"""訪問計画: working days, due households, capacity and carry-over, and day routes."""

import dataclasses
import datetime as dt
import random

import pytest

from seiho.access import Role, User
from seiho.errors import ParameterError
from seiho.visits.plan import closed_reason, due_visits, order_route, parse_month, working_days
from seiho.visits.plan.due import DueVisit
from seiho.visits.plan.plan import plan_from_due, planning_start
from seiho.visits.plan.schedule import assign_days, route_day
from seiho.visits.plan.route import distance_matrix, haversine_m, nearest_neighbour_order, route_length
from seiho.visits.plan.settings import PlanSettings

SV1 = User("sv1", "利用者 sv1", Role.SUPERVISOR, "131999", "S01")
SETTINGS = PlanSettings(daily_capacity=6, road_factor=1.3, route_time_limit_seconds=1)
OFFICE = (35.6, 139.6)
JAN_2027 = dt.date(2027, 1, 1)


def due(case_number, due_date, month=JAN_2027, latitude=None, longitude=None):
    """Return a DueVisit for schedule tests; overdue when due before ``month``."""
    return DueVisit(case_number, "C01", "架空 世帯", "B", "2か月ごと", "居宅", ("訪問格付けB",), due_date,
                    due_date < month, False, None, latitude, longitude)


def add_visit(connection, case_number, visited_on, kind="家庭訪問"):
    connection.execute(
        "INSERT INTO visits VALUES (?, ?, 'C01', ?, ?, '面会')",
        [f"V-{case_number}-{visited_on}", case_number, visited_on, kind],
    )


def due_by_case(store, month):
    with store.connect() as connection:
        return {visit.case_number: visit for visit in due_visits(connection, SV1, month)}


# Working days


def test_working_days_skip_new_year():
    days = working_days(JAN_2027)
    assert dt.date(2027, 1, 1) not in days
    assert dt.date(2027, 1, 2) not in days
    assert dt.date(2027, 1, 3) not in days
    assert days[0] == dt.date(2027, 1, 4)


def test_year_end_closure_from_december_29():
    assert closed_reason(dt.date(2026, 12, 29)) == "年末年始"
    assert closed_reason(dt.date(2026, 12, 28)) is None
    assert dt.date(2026, 12, 29) not in working_days(dt.date(2026, 12, 1))
    assert working_days(dt.date(2026, 12, 1))[-1] == dt.date(2026, 12, 28)


def test_substitute_holiday_is_closed():
    assert closed_reason(dt.date(2027, 3, 22)) == "振替休日"
    assert dt.date(2027, 3, 22) not in working_days(dt.date(2027, 3, 1))


def test_weekends_and_holidays_closed():
    assert closed_reason(dt.date(2027, 1, 9)) == "土曜日"
    assert closed_reason(dt.date(2027, 1, 10)) == "日曜日"
    assert closed_reason(dt.date(2027, 1, 11)) == "成人の日"
    assert len(working_days(JAN_2027)) == 19


def test_parse_month_rejects_japanese_form():
    with pytest.raises(ParameterError, match="YYYY-MM"):
        parse_month("2027年1月")


@pytest.mark.parametrize("text", ["2027-13", "2027-00"])
def test_parse_month_names_impossible_month(text):
    with pytest.raises(ParameterError, match="存在しない月"):
        parse_month(text)


def test_parse_month_accepts_december():
    assert parse_month("2027-12") == dt.date(2027, 12, 1)


# Capacity, ordering and carry-over


def test_capacity_carries_over_the_rest():
    visits = [due(f"{number:08d}", dt.date(2026, 10, 1) + dt.timedelta(days=number)) for number in range(120)]
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits, None, capacity=6, settings=SETTINGS)
    assert len(plan.planned) == 19 * 6
    assert len(plan.carried_over) == 120 - 19 * 6
    assert all(day_plan.visits for day_plan in plan.days)
    assert max(len(day_plan.visits) for day_plan in plan.days) == 6


def test_carried_over_visits_keep_reason():
    visits = [due(f"{number:08d}", dt.date(2027, 1, 5)) for number in range(5)]
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits, None, capacity=1, settings=SETTINGS)
    assert len(plan.carried_over) == 0
    crowded = plan_from_due("131999", "C01", "担当 花子", dt.date(2027, 1, 1),
                            visits * 5, None, capacity=1, settings=SETTINGS)
    assert len(crowded.carried_over) == 25 - 19
    assert all(visit.note.startswith("計画外") for visit in crowded.carried_over)
    assert all(visit.reason == "訪問格付けB" for visit in crowded.carried_over)


def test_overdue_visits_planned_first():
    visits = [due("00000009", dt.date(2027, 1, 25)), due("00000008", dt.date(2026, 6, 1)), due("00000007", dt.date(2026, 11, 1))]
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits, None, capacity=1, settings=SETTINGS)
    planned = [visit.case_number for visit in plan.planned]
    assert planned == ["00000008", "00000007", "00000009"]
    assert plan.planned[0].visit_date == dt.date(2027, 1, 4)
    assert plan.overdue_count == 2


def test_overdue_visits_fill_first_days():
    overdue = [due(f"1{number:07d}", dt.date(2026, 11, 1) + dt.timedelta(days=number)) for number in range(8)]
    later = [due(f"2{number:07d}", dt.date(2027, 1, 5)) for number in range(4)]
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, later + overdue, None, capacity=6, settings=SETTINGS)
    dates = {visit.case_number: visit.visit_date for visit in plan.planned}
    first_day, second_day = dt.date(2027, 1, 4), dt.date(2027, 1, 5)
    assert [dates[visit.case_number] for visit in overdue[:6]] == [first_day] * 6
    assert [dates[visit.case_number] for visit in overdue[6:]] == [second_day] * 2
    assert len({dates[visit.case_number] for visit in later}) == 4


def test_breach_visit_planned_before_earlier_due():
    at_risk = DueVisit("00000005", "C01", "架空 世帯", "B", "2か月ごと", "居宅", ("訪問格付けB",), dt.date(2027, 1, 28),
                       False, True, None, None, None)
    visits = [due("00000006", dt.date(2027, 1, 10)), at_risk]
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits, None, capacity=1, settings=SETTINGS)
    assert plan.planned[0].case_number == "00000005"
    assert plan.planned[0].visit_date == dt.date(2027, 1, 4)


def test_partly_filled_day_keeps_everything():
    overdue = [due(f"1{number:07d}", dt.date(2026, 11, 1)) for number in range(5)]
    later = [due(f"2{number:07d}", dt.date(2027, 1, 20)) for number in range(19 * 2 - 5)]
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, overdue + later, None, capacity=2, settings=SETTINGS)
    assert len(plan.planned) == 38
    assert plan.carried_over == []


def test_light_month_spread_over_days():
    visits = [due(f"{number:08d}", dt.date(2027, 1, 20)) for number in range(4)]
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits, None, capacity=6, settings=SETTINGS)
    dates = [visit.visit_date for visit in plan.planned]
    assert len(set(dates)) == 4


def two_districts(due_dates):
    """Return visits that alternate between a northern and a southern district, one per due date."""
    visits = []
    for number, due_date in enumerate(due_dates):
        latitude = 35.70 if number % 2 == 0 else 35.50
        visits.append(due(f"{number:08d}", due_date, latitude=latitude + number * 0.0001, longitude=139.60))
    return visits


def test_nearby_households_share_a_day():
    # 18 households in each district, so every day can be one district's.
    visits = two_districts([dt.date(2027, 1, 29)] * 36)
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits, OFFICE, capacity=2, settings=SETTINGS)
    assert len(plan.planned) == 36
    latitudes = {visit.case_number: visit.latitude for visit in visits}
    for day_plan in plan.days:
        districts = {latitudes[visit.case_number] > 35.6 for visit in day_plan.visits}
        assert len(districts) <= 1


def test_grouping_shortens_month_routes():
    visits = two_districts([dt.date(2027, 1, 29)] * 38)
    by_place = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits, OFFICE, capacity=2, settings=SETTINGS)
    by_due, _ = assign_days(visits, list(by_place.working_days), 2, group_nearby=False)
    by_due_metres = sum(route_day(day, day_visits, OFFICE, SETTINGS).total_distance_m for day, day_visits in by_due.items())
    assert sum(day_plan.total_distance_m for day_plan in by_place.days) < 0.8 * by_due_metres


def test_grouping_keeps_due_dates():
    working = working_days(JAN_2027)
    visits = two_districts([day for day in working for _ in range(2)])
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits, OFFICE, capacity=2, settings=SETTINGS)
    assert len(plan.planned) == 38
    assert all(visit.visit_date <= visit.due_date for visit in plan.planned)


def test_grouping_without_coordinates_keeps_due_order():
    visits = [due(f"{number:08d}", dt.date(2027, 1, 5) + dt.timedelta(days=number)) for number in range(38)]
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits, None, capacity=2, settings=SETTINGS)
    planned = [visit.case_number for visit in sorted(plan.planned, key=lambda visit: (visit.visit_date, visit.case_number))]
    assert planned == [visit.case_number for visit in visits]


def test_capacity_below_one_rejected():
    with pytest.raises(ParameterError, match="1件以上"):
        plan_from_due("131999", "C01", "担当 花子", JAN_2027, [], None, capacity=0, settings=SETTINGS)


# Routes


def test_route_starts_and_ends_at_office():
    stops = [(35.61, 139.61), (35.59, 139.58), (35.62, 139.57)]
    route = order_route(OFFICE, stops, 1.3)
    first = stops[route.order[0]]
    last = stops[route.order[-1]]
    assert route.leg_distances_m[0] == pytest.approx(haversine_m(OFFICE, first) * 1.3)
    assert route.return_distance_m == pytest.approx(haversine_m(last, OFFICE) * 1.3)
    assert route.total_distance_m == pytest.approx(sum(route.leg_distances_m) + route.return_distance_m)


def test_route_visits_each_stop_once():
    generator = random.Random(3)
    stops = [(35.6 + generator.uniform(-0.03, 0.03), 139.6 + generator.uniform(-0.03, 0.03)) for _ in range(10)]
    route = order_route(OFFICE, stops, 1.3)
    assert sorted(route.order) == list(range(10))


def test_route_never_longer_than_nearest_neighbour():
    generator = random.Random(11)
    for _ in range(20):
        stops = [(35.6 + generator.uniform(-0.04, 0.04), 139.6 + generator.uniform(-0.04, 0.04)) for _ in range(10)]
        matrix = distance_matrix([OFFICE, *stops], 1.3)
        nearest = route_length(matrix, nearest_neighbour_order(matrix))
        route = order_route(OFFICE, stops, 1.3)
        assert route.total_distance_m <= nearest + 1e-6


def test_route_beats_nearest_neighbour_trap():
    # Six stops within about 1 km of the office where going to the nearest stop
    # each time leaves a long way back (found by a seeded search).
    stops = [(35.6042, 139.6026), (35.5996, 139.6082), (35.5977, 139.5978), (35.607, 139.5939), (35.5959, 139.6066), (35.5913, 139.6067)]
    route = order_route(OFFICE, stops, 1.0)
    assert route.total_distance_m < route.nearest_neighbour_m
    assert route.method == "solver"


def test_household_without_coordinates_goes_last():
    visits = [due("00000001", dt.date(2027, 1, 5)), due("00000002", dt.date(2027, 1, 6), latitude=35.61, longitude=139.61)]
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits, OFFICE, capacity=6, settings=SETTINGS)
    day_visits = [visit for day_plan in plan.days for visit in day_plan.visits]
    unlocated = [visit for visit in day_visits if visit.case_number == "00000001"][0]
    assert unlocated.note.startswith("要確認")
    assert unlocated.leg_distance_m is None


def test_unlocated_after_routed_same_day():
    visits = [due("00000001", dt.date(2026, 1, 5)), due("00000002", dt.date(2026, 1, 6), latitude=35.61, longitude=139.61)]
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits, OFFICE, capacity=6,
                         settings=SETTINGS)
    assert plan.days[0].visits[0].route_order == 1
    crowded = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits + [due(f"{n:08d}", dt.date(2026, 2, 1)) for n in range(10, 44)],
                            OFFICE, capacity=2, settings=SETTINGS)
    first_day = crowded.days[0].visits
    assert [visit.case_number for visit in first_day] == ["00000002", "00000001"]


# Due households from the database


def test_due_lists_never_visited_household(small_office):
    visits = due_by_case(small_office, JAN_2027)
    assert set(visits) == {"00000001", "00000002", "00000003"}
    assert visits["00000002"].overdue


def test_recent_visit_not_due(small_office):
    with small_office.connect() as connection:
        add_visit(connection, "00000002", dt.date(2026, 12, 10))
        add_visit(connection, "00000002", dt.date(2026, 6, 10))
    visits = due_by_case(small_office, JAN_2027)
    assert "00000002" not in visits


def test_due_reason_dates_in_japanese(small_office):
    with small_office.connect() as connection:
        add_visit(connection, "00000002", dt.date(2026, 6, 10))
    reason = due_by_case(small_office, JAN_2027)["00000002"].reason
    assert "前回訪問 2026年6月10日" in reason
    assert "2026-" not in reason


def test_birthday_changes_grade_for_month(small_office):
    # 00000003 has a single member, who turns 65 on 15 January. The month's
    # facts are read on its last day, so the rules choose 65歳以上の単身 (D,
    # 6 months) for all of January. Aged 64 on 31 December, the default B applies.
    with small_office.connect() as connection:
        connection.execute("UPDATE members SET birth_date = DATE '1962-01-15' WHERE case_number = '00000003'")
        add_visit(connection, "00000003", dt.date(2026, 3, 20))
        add_visit(connection, "00000003", dt.date(2026, 9, 20))
    december = due_by_case(small_office, dt.date(2026, 12, 1))
    january = due_by_case(small_office, JAN_2027)
    assert december["00000003"].grade == "B"
    assert december["00000003"].due_date == dt.date(2026, 11, 20)
    assert "00000003" not in january


def test_admission_mid_month_grades_hospital(small_office):
    # Admitted on 15 January: on the month's last day every member is in
    # hospital, so grade E (12 months) counts from the home visit of 20 January 2026.
    with small_office.connect() as connection:
        connection.execute(
            "INSERT INTO medical_aid (aid_id, case_number, member_no, care_type, institution_code, insurance, valid_from)"
            " VALUES ('M1', '00000001', 1, '入院', '1310000001', '単独', DATE '2027-01-15')"
        )
        add_visit(connection, "00000001", dt.date(2026, 1, 20))
    january = due_by_case(small_office, JAN_2027)
    december = due_by_case(small_office, dt.date(2026, 12, 1))
    assert january["00000001"].grade == "E"
    assert january["00000001"].due_date == dt.date(2027, 1, 20)
    assert not january["00000001"].overdue
    assert december["00000001"].grade == "D"


def test_pending_application_prompts_visit(small_office):
    with small_office.connect() as connection:
        add_visit(connection, "00000002", dt.date(2026, 12, 10))
        add_visit(connection, "00000002", dt.date(2026, 6, 10))
        connection.execute("INSERT INTO visit_applications VALUES ('AP1', '00000002', '変更', DATE '2027-01-12')")
    visit = due_by_case(small_office, JAN_2027)["00000002"]
    assert visit.due_date == dt.date(2027, 1, 19)
    assert "変更申請の受理" in visit.reason
    assert visit.breach


def test_answered_application_not_due(small_office):
    with small_office.connect() as connection:
        add_visit(connection, "00000002", dt.date(2026, 12, 10))
        add_visit(connection, "00000002", dt.date(2026, 6, 10))
        connection.execute("INSERT INTO visit_applications VALUES ('AP1', '00000002', '変更', DATE '2026-12-08')")
    assert "00000002" not in due_by_case(small_office, JAN_2027)


def test_breach_marks_household(small_office):
    visit = due_by_case(small_office, JAN_2027)["00000001"]
    assert visit.breach
    assert "法定の最低訪問" in visit.reason


def test_hospital_household_left_out_of_route():
    at_home = due("00000001", dt.date(2027, 1, 29), latitude=35.61, longitude=139.61)
    in_hospital = dataclasses.replace(due("00000002", dt.date(2027, 1, 29), latitude=35.62, longitude=139.62), housing="入院")
    day_plan = route_day(dt.date(2027, 1, 4), [in_hospital, at_home], OFFICE, SETTINGS)
    assert [visit.case_number for visit in day_plan.visits] == ["00000001", "00000002"]
    assert day_plan.visits[1].leg_distance_m is None
    assert "入院先の病院" in day_plan.visits[1].note
    assert day_plan.total_distance_m == pytest.approx(2 * haversine_m(OFFICE, (35.61, 139.61)) * SETTINGS.road_factor)


def test_planning_start_only_current_month():
    assert planning_start(dt.date(2027, 1, 1), dt.date(2027, 1, 20)) == dt.date(2027, 1, 20)
    assert planning_start(dt.date(2027, 2, 1), dt.date(2027, 1, 20)) is None
    assert planning_start(dt.date(2026, 12, 1), dt.date(2027, 1, 20)) is None


def test_carried_over_reason_counts_days_left():
    visits = [due(f"{number:08d}", dt.date(2027, 1, 29)) for number in range(10)]
    plan = plan_from_due("131999", "C01", "担当 花子", JAN_2027, visits, None, capacity=1, settings=SETTINGS,
                         start=dt.date(2027, 1, 27))
    assert len(plan.planned) == 3
    assert "1月27日以降の勤務日3日" in plan.carried_over[0].note


def test_breach_reason_states_shortfall(small_office):
    with small_office.connect() as connection:
        add_visit(connection, "00000001", dt.date(2026, 10, 1))
    visit = due_by_case(small_office, JAN_2027)["00000001"]
    assert "から不足（期間内の訪問 1回）" in visit.reason
    assert "の期限" not in visit.reason.split("／")[-1]
