"""Legal visit minimums: breaches just before and after the limit, by housing and after applications."""

import datetime as dt

import pytest

from seiho.access import Role, User
from seiho.errors import AccessDenied
from seiho.parameters import parameter
from seiho.visits import find_breaches
from seiho.visits.minimums import add_months

CW1 = User("cw1", "利用者 cw1", Role.CASEWORKER, "131999", "C01")
SV1 = User("sv1", "利用者 sv1", Role.SUPERVISOR, "131999", "S01")
ANA1 = User("ana1", "利用者 ana1", Role.ANALYST, "131999")


def add_visit(connection, visit_id, case_number, visited_on, kind="家庭訪問", result="面会"):
    connection.execute(
        "INSERT INTO visits (visit_id, case_number, caseworker_id, visited_on, visit_kind, result) VALUES (?, ?, 'C01', ?, ?, ?)",
        [visit_id, case_number, visited_on, kind, result],
    )


def breaches_of(connection, user, case_number, by_date):
    return [breach for breach in find_breaches(connection, user, by_date) if breach.case_number == case_number]


def test_minimums_parameter_has_source():
    minimums = parameter("visit_minimums")
    assert minimums.at(dt.date(2026, 12, 1))["home"]["visits"] == 2
    assert "実施要領" in minimums.source_at(dt.date(2026, 12, 1))["title"]


def test_add_months_clamps_month_end():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 2, 28), -12) == dt.date(2026, 2, 28)


def test_home_minimum_on_due_day(small_office):
    with small_office.connect() as con:
        add_visit(con, "V1", "00000001", dt.date(2025, 6, 10))
        add_visit(con, "V2", "00000001", dt.date(2026, 1, 10))
        found = breaches_of(con, CW1, "00000001", dt.date(2026, 6, 10))
    assert found == []


def test_home_minimum_day_after_due(small_office):
    with small_office.connect() as con:
        add_visit(con, "V1", "00000001", dt.date(2025, 6, 10))
        add_visit(con, "V2", "00000001", dt.date(2026, 1, 10))
        found = breaches_of(con, CW1, "00000001", dt.date(2026, 6, 11))
    assert len(found) == 1
    assert found[0].minimum == "home"
    assert found[0].due_by == dt.date(2026, 6, 10)
    assert found[0].counted_visits == 1
    assert found[0].last_visit == dt.date(2026, 1, 10)
    assert found[0].days_late == 1


def test_absent_visit_not_counted(small_office):
    with small_office.connect() as con:
        add_visit(con, "V1", "00000001", dt.date(2026, 3, 10))
        add_visit(con, "V2", "00000001", dt.date(2026, 9, 10), result="不在")
        found = breaches_of(con, CW1, "00000001", dt.date(2026, 12, 1))
    assert len(found) == 1


def test_office_interview_not_counted(small_office):
    with small_office.connect() as con:
        add_visit(con, "V1", "00000001", dt.date(2026, 3, 10))
        add_visit(con, "V2", "00000001", dt.date(2026, 9, 10), kind="来所面接")
        found = breaches_of(con, CW1, "00000001", dt.date(2026, 12, 1))
    assert len(found) == 1


def test_two_recent_visits_no_breach(small_office):
    with small_office.connect() as con:
        add_visit(con, "V1", "00000001", dt.date(2026, 3, 10))
        add_visit(con, "V2", "00000001", dt.date(2026, 9, 10))
        found = breaches_of(con, CW1, "00000001", dt.date(2026, 12, 1))
    assert found == []


def test_new_household_counts_from_start(small_office):
    with small_office.connect() as con:
        con.execute("UPDATE households SET started_on = DATE '2026-03-01' WHERE case_number = '00000001'")
        before_year = breaches_of(con, CW1, "00000001", dt.date(2027, 3, 1))
        after_year = breaches_of(con, CW1, "00000001", dt.date(2027, 3, 2))
    assert before_year == []
    assert after_year[0].due_by == dt.date(2027, 3, 1)


def test_hospital_minimum_one_visit(small_office):
    with small_office.connect() as con:
        con.execute("UPDATE households SET housing = '入院' WHERE case_number = '00000003'")
        add_visit(con, "V1", "00000003", dt.date(2025, 12, 1), kind="入院先訪問")
        on_due = breaches_of(con, SV1, "00000003", dt.date(2026, 12, 1))
        after = breaches_of(con, SV1, "00000003", dt.date(2026, 12, 2))
    assert on_due == []
    assert after[0].minimum == "institution"


def test_hospital_visit_not_home_visit(small_office):
    with small_office.connect() as con:
        add_visit(con, "V1", "00000001", dt.date(2026, 3, 10))
        add_visit(con, "V2", "00000001", dt.date(2026, 9, 10), kind="入院先訪問")
        found = breaches_of(con, CW1, "00000001", dt.date(2026, 12, 1))
    assert len(found) == 1


def test_application_visit_deadline(small_office):
    with small_office.connect() as con:
        con.execute("INSERT INTO visit_applications VALUES ('A1', '00000002', '変更', DATE '2026-11-02')")
        add_visit(con, "V1", "00000002", dt.date(2026, 3, 10))
        add_visit(con, "V2", "00000002", dt.date(2026, 9, 10))
        on_due = breaches_of(con, CW1, "00000002", dt.date(2026, 11, 9))
        after = breaches_of(con, CW1, "00000002", dt.date(2026, 11, 10))
    assert on_due == []
    assert [breach.minimum for breach in after] == ["application"]


def test_application_met_by_prompt_visit(small_office):
    with small_office.connect() as con:
        con.execute("INSERT INTO visit_applications VALUES ('A1', '00000002', '変更', DATE '2026-11-02')")
        add_visit(con, "V1", "00000002", dt.date(2026, 3, 10))
        add_visit(con, "V2", "00000002", dt.date(2026, 11, 5))
        found = breaches_of(con, CW1, "00000002", dt.date(2026, 12, 1))
    assert found == []


def test_since_drops_old_breaches(small_office):
    with small_office.connect() as con:
        found = find_breaches(con, SV1, dt.date(2026, 12, 1), since=dt.date(2026, 1, 1))
    assert found == []


def test_caseworker_sees_own_breaches(small_office):
    with small_office.connect() as con:
        found = find_breaches(con, CW1, dt.date(2026, 12, 1))
    assert {breach.case_number for breach in found} == {"00000001", "00000002"}


def test_supervisor_skips_closed_households(small_office):
    with small_office.connect() as con:
        found = find_breaches(con, SV1, dt.date(2026, 12, 1))
    assert {breach.case_number for breach in found} == {"00000001", "00000002", "00000003"}


def test_breaches_denied_to_analyst(small_office):
    with small_office.connect() as con, pytest.raises(AccessDenied):
        find_breaches(con, ANA1, dt.date(2026, 12, 1))


def test_breaches_written_to_audit_log(small_office):
    with small_office.connect() as con:
        find_breaches(con, CW1, dt.date(2026, 12, 1))
        logged = con.execute("SELECT count(*) FROM audit_log WHERE action = 'view_visit_breaches'").fetchone()[0]
    assert logged == 2
