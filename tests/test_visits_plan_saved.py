"""訪問計画: saved plans, the day's route, role checks, the audit log and ``seiho plan``."""

import datetime as dt

import pytest

from seiho.access import Role, User
from seiho.cli import main
from seiho.errors import AccessDenied
from seiho.visits.plan import build_office_plans, build_plan, day_plan, save_plan, saved_plan_info, saved_plan_items

CW1 = User("cw1", "利用者 cw1", Role.CASEWORKER, "131999", "C01")
SV1 = User("sv1", "利用者 sv1", Role.SUPERVISOR, "131999", "S01")
ANA1 = User("ana1", "利用者 ana1", Role.ANALYST, "131999")
MED1 = User("med1", "利用者 med1", Role.MEDICAL_CLERK, "131999")
JAN_2027 = dt.date(2027, 1, 1)
# Today for `seiho plan`, fixed so that the January 2027 plans stay whole on any date.
TODAY = "2026-12-05"


def locate_households(store):
    """Give the small office's households coordinates near the office."""
    with store.connect() as connection:
        connection.execute("UPDATE households SET latitude = 35.61, longitude = 139.61 WHERE case_number = '00000001'")
        connection.execute("UPDATE households SET latitude = 35.59, longitude = 139.62 WHERE case_number = '00000002'")


def test_saved_plan_round_trip(small_office):
    locate_households(small_office)
    plan = build_plan(small_office, CW1, "C01", JAN_2027, capacity=2)
    save_plan(small_office, CW1, plan)
    saved = saved_plan_items(small_office, CW1, "C01", JAN_2027)
    assert [visit.case_number for visit in saved] == [visit.case_number for visit in plan.all_visits]
    assert [visit.visit_date for visit in saved] == [visit.visit_date for visit in plan.all_visits]
    assert [visit.reason for visit in saved] == [visit.reason for visit in plan.all_visits]


def test_day_plan_in_route_order(small_office):
    locate_households(small_office)
    plan = build_plan(small_office, SV1, "C01", JAN_2027, capacity=6)
    crowded = plan.days[0]
    save_plan(small_office, SV1, plan)
    visits = day_plan(small_office, CW1, "C01", crowded.day)
    assert [visit.case_number for visit in visits] == [visit.case_number for visit in crowded.visits]
    assert [visit.route_order for visit in visits] == list(range(1, len(visits) + 1))
    assert visits[0].leg_distance_m == pytest.approx(crowded.visits[0].leg_distance_m)


def test_saving_again_replaces_plan(small_office):
    first = build_plan(small_office, CW1, "C01", JAN_2027, capacity=6)
    save_plan(small_office, CW1, first)
    second = build_plan(small_office, SV1, "C01", JAN_2027, capacity=1)
    plan_id = save_plan(small_office, SV1, second)
    with small_office.connect() as connection:
        plans = connection.execute("SELECT plan_id, daily_capacity FROM visit_plans WHERE caseworker_id = 'C01'").fetchall()
        items = connection.execute("SELECT count(*) FROM visit_plan_items").fetchone()[0]
    assert plans == [(plan_id, 1)]
    assert items == len(second.all_visits)
    assert saved_plan_info(small_office, CW1, "C01", JAN_2027)["created_by"] == "sv1"


def test_save_writes_audit_log(small_office):
    plan = build_plan(small_office, CW1, "C01", JAN_2027)
    save_plan(small_office, CW1, plan)
    with small_office.connect() as connection:
        logged = connection.execute(
            "SELECT DISTINCT case_number FROM audit_log WHERE action = 'save_visit_plan' AND user_id = 'cw1' ORDER BY 1"
        ).fetchall()
    assert [row[0] for row in logged] == ["00000001", "00000002"]


def test_caseworker_cannot_plan_other(small_office):
    with pytest.raises(AccessDenied, match="自分の計画だけ"):
        build_plan(small_office, CW1, "C02", JAN_2027)


def test_caseworker_cannot_read_other_day(small_office):
    save_plan(small_office, SV1, build_plan(small_office, SV1, "C02", JAN_2027))
    with pytest.raises(AccessDenied):
        day_plan(small_office, CW1, "C02", dt.date(2027, 1, 4))


def test_caseworker_cannot_save_other(small_office):
    plan = build_plan(small_office, SV1, "C02", JAN_2027)
    with pytest.raises(AccessDenied):
        save_plan(small_office, CW1, plan)


def test_analyst_and_clerk_rejected(small_office):
    with pytest.raises(AccessDenied, match="訪問計画"):
        build_plan(small_office, ANA1, "C01", JAN_2027)
    with pytest.raises(AccessDenied, match="訪問計画"):
        build_office_plans(small_office, MED1, JAN_2027)


def test_caseworker_office_plans_only_own(small_office):
    plans = build_office_plans(small_office, CW1, JAN_2027)
    assert [plan.caseworker_id for plan in plans] == ["C01"]
    assert {visit.case_number for visit in plans[0].all_visits} == {"00000001", "00000002"}


def test_supervisor_sees_every_caseworker(small_office):
    plans = build_office_plans(small_office, SV1, JAN_2027)
    assert [plan.caseworker_id for plan in plans] == ["C01", "C02"]
    assert [plan.overdue_count for plan in plans] == [2, 1]


def test_unassigned_households_get_own_plan(small_office):
    with small_office.connect() as connection:
        connection.execute(
            "INSERT INTO households (case_number, office_code, caseworker_id, head_name, household_type, status, started_on, housing)"
            " VALUES ('00000009', '131999', NULL, '未割当 世帯', 'その他の世帯', '保護中', DATE '2025-01-01', '居宅')"
        )
    plans = build_office_plans(small_office, SV1, JAN_2027)
    unassigned = [plan for plan in plans if plan.caseworker_name == "未割当"]
    assert [visit.case_number for visit in unassigned[0].all_visits] == ["00000009"]


# seiho plan


def test_command_prints_own_plan(small_office, capsys):
    status = main(["plan", "--db", str(small_office.path), "--today", TODAY, "--month", "2027-01", "--user", "cw1"])
    output = capsys.readouterr().out
    assert status == 0
    assert "訪問計画 2027年1月" in output
    assert "00000002" in output
    assert "計画外 0件" in output
    assert "00000003" not in output


def test_command_supervisor_overview(small_office, capsys):
    status = main(["plan", "--db", str(small_office.path), "--today", TODAY, "--month", "2027-01", "--user", "sv1"])
    output = capsys.readouterr().out
    assert status == 0
    assert "期限超過" in output
    assert "C01" in output
    assert "C02" in output


def test_command_saves_plan(small_office, capsys):
    status = main(["plan", "--db", str(small_office.path), "--today", TODAY, "--month", "2027-01", "--user", "sv1", "--caseworker", "C02", "--save"])
    assert status == 0
    assert "保存しました" in capsys.readouterr().out
    assert [visit.case_number for visit in saved_plan_items(small_office, SV1, "C02", JAN_2027)] == ["00000003"]


def test_command_carries_over_with_capacity(small_office, capsys):
    with small_office.connect() as connection:
        for number in range(5, 30):
            connection.execute(
                "INSERT INTO households (case_number, office_code, caseworker_id, head_name, household_type, status, started_on, housing)"
                " VALUES (?, '131999', 'C02', '架空 世帯', 'その他の世帯', '保護中', DATE '2025-01-01', '居宅')",
                [f"{number:08d}"],
            )
    main(["plan", "--db", str(small_office.path), "--today", TODAY, "--month", "2027-01", "--user", "sv1", "--caseworker", "C02", "--capacity", "1"])
    output = capsys.readouterr().out
    assert "計画外 7件" in output
    assert "翌月に繰り越し" in output


def test_command_rejects_other_caseworker(small_office, capsys):
    status = main(["plan", "--db", str(small_office.path), "--today", TODAY, "--month", "2027-01", "--user", "cw1", "--caseworker", "C02"])
    assert status == 2
    assert "自分の計画だけ" in capsys.readouterr().err


def test_command_rejects_bad_month(small_office, capsys):
    status = main(["plan", "--db", str(small_office.path), "--today", TODAY, "--month", "2027/01", "--user", "cw1"])
    assert status == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_command_current_month_skips_past_days(small_office, capsys):
    status = main(["plan", "--db", str(small_office.path), "--today", "2027-01-20", "--month", "2027-01", "--user", "cw1"])
    output = capsys.readouterr().out
    assert status == 0
    assert "勤務日 8日（1月20日以降）" in output
    assert "1月4日" not in output
    assert "1月20日（水）" in output


def test_current_month_plan_starts_today(small_office):
    plan = build_plan(small_office, CW1, "C01", JAN_2027, start=dt.date(2027, 1, 20))
    assert plan.working_days[0] == dt.date(2027, 1, 20)
    assert plan.planned_from == dt.date(2027, 1, 20)
    assert all(visit.visit_date >= dt.date(2027, 1, 20) for visit in plan.planned)


def test_saved_plan_notes_visit_after_saving(small_office):
    plan = build_plan(small_office, CW1, "C01", JAN_2027)
    save_plan(small_office, CW1, plan)
    visited = plan.planned[0].case_number
    with small_office.connect() as connection:
        connection.execute("INSERT INTO visits VALUES ('V-after', ?, 'C01', current_date, '家庭訪問', '面会')", [visited])
    notes = {visit.case_number: visit.note for visit in saved_plan_items(small_office, CW1, "C01", JAN_2027)}
    assert "保存後の" in notes[visited]
    assert "訪問の記録あり" in notes[visited]
    assert all("保存後" not in note for case_number, note in notes.items() if case_number != visited)


def test_command_says_replaced_only_when_saved_before(small_office, capsys):
    command = ["plan", "--db", str(small_office.path), "--today", TODAY, "--month", "2027-01", "--user", "cw1", "--save"]
    main(command)
    assert "置き換えました" not in capsys.readouterr().out
    main(command)
    assert "同じ月の以前の計画は置き換えました" in capsys.readouterr().out
