"""訪問格付け: rules from data, the facts they test, overrides with history and role checks."""

import datetime as dt

import pytest

from seiho.access import Role, User
from seiho.errors import AccessDenied, ParameterError, SeihoError
from seiho.visits import (
    end_flag,
    household_grades,
    load_grade_rules,
    month_evaluation_date,
    override_grade,
    override_history,
    set_flag,
)
from seiho.visits.consistency import interval_conflicts
from seiho.visits.facts import age_on, whole_months_between

CW1 = User("cw1", "利用者 cw1", Role.CASEWORKER, "131999", "C01")
CW2 = User("cw2", "利用者 cw2", Role.CASEWORKER, "131999", "C02")
SV1 = User("sv1", "利用者 sv1", Role.SUPERVISOR, "131999", "S01")
ANA1 = User("ana1", "利用者 ana1", Role.ANALYST, "131999")
MED1 = User("med1", "利用者 med1", Role.MEDICAL_CLERK, "131999")

DEC_01 = dt.date(2026, 12, 1)


def grade_of(connection, user, case_number, on):
    """Return the HouseholdGrade of one household, or None when it is not in the user's scope."""
    return {grade.case_number: grade for grade in household_grades(connection, user, on)}.get(case_number)


def set_birth_date(connection, case_number, birth_date):
    connection.execute("UPDATE members SET birth_date = ? WHERE case_number = ? AND member_no = 1", [birth_date, case_number])


def test_rules_file_loads_every_grade():
    rules = load_grade_rules()
    assert set(rules.grades) == {"A", "B", "C", "D", "E"}
    assert rules.rules[-1].when == {}


def test_age_on_birthday_goes_up():
    assert age_on(dt.date(1961, 12, 20), dt.date(2026, 12, 19)) == 64
    assert age_on(dt.date(1961, 12, 20), dt.date(2026, 12, 20)) == 65


def test_age_on_leap_day_birth():
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18


def test_whole_months_shorter_end_day():
    assert whole_months_between(dt.date(2026, 6, 15), dt.date(2026, 12, 14)) == 5
    assert whole_months_between(dt.date(2026, 6, 15), dt.date(2026, 12, 15)) == 6


def test_grade_elderly_alone_stable(small_office):
    with small_office.connect() as con:
        grade = grade_of(con, CW1, "00000001", DEC_01)
    assert grade.rule.rule_id == "elderly_alone_stable"
    assert grade.grade.code == "D"


def test_grade_household_with_child(small_office):
    with small_office.connect() as con:
        grade = grade_of(con, CW1, "00000002", DEC_01)
    assert grade.rule.rule_id == "with_children"


def test_birthday_in_month_changes_band(small_office):
    with small_office.connect() as con:
        set_birth_date(con, "00000001", dt.date(1961, 12, 20))
        before = grade_of(con, CW1, "00000001", dt.date(2026, 12, 19))
        on_birthday = grade_of(con, CW1, "00000001", dt.date(2026, 12, 20))
        for_month = grade_of(con, CW1, "00000001", month_evaluation_date(dt.date(2026, 12, 1)))
    assert before.rule.rule_id == "default"
    assert on_birthday.rule.rule_id == "elderly_alone_stable"
    assert for_month.rule.rule_id == "elderly_alone_stable"


def test_month_evaluated_on_last_day():
    assert month_evaluation_date(dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)


def test_hospital_entry_mid_month(small_office):
    with small_office.connect() as con:
        con.execute(
            "INSERT INTO medical_aid (aid_id, case_number, member_no, care_type, institution_code, insurance, valid_from)"
            " VALUES ('M1', '00000003', 1, '入院', '1310000001', '単独', DATE '2026-12-15')"
        )
        before = grade_of(con, SV1, "00000003", dt.date(2026, 12, 14))
        admitted = grade_of(con, SV1, "00000003", dt.date(2026, 12, 15))
        for_month = grade_of(con, SV1, "00000003", month_evaluation_date(dt.date(2026, 12, 1)))
    assert before.facts.housing == "居宅"
    assert admitted.facts.housing == "入院"
    assert admitted.rule.rule_id == "in_hospital"
    assert for_month.grade.code == "E"


def test_one_member_in_hospital_stays_home(small_office):
    with small_office.connect() as con:
        con.execute(
            "INSERT INTO medical_aid (aid_id, case_number, member_no, care_type, institution_code, insurance, valid_from)"
            " VALUES ('M2', '00000002', 1, '入院', '1310000001', '単独', DATE '2026-11-01')"
        )
        grade = grade_of(con, CW1, "00000002", DEC_01)
    assert grade.facts.housing == "居宅"


def test_hospital_discharge_ends_grade(small_office):
    with small_office.connect() as con:
        con.execute(
            "INSERT INTO medical_aid (aid_id, case_number, member_no, care_type, institution_code, insurance, valid_from, valid_to)"
            " VALUES ('M3', '00000001', 1, '入院', '1310000001', '単独', DATE '2026-10-01', DATE '2026-11-30')"
        )
        in_november = grade_of(con, CW1, "00000001", dt.date(2026, 11, 30))
        in_december = grade_of(con, CW1, "00000001", DEC_01)
    assert in_november.rule.rule_id == "in_hospital"
    assert in_december.rule.rule_id == "elderly_alone_stable"


def test_new_case_first_months(small_office):
    with small_office.connect() as con:
        con.execute("UPDATE households SET started_on = DATE '2026-06-15' WHERE case_number = '00000001'")
        fifth_month = grade_of(con, CW1, "00000001", dt.date(2026, 12, 14))
        sixth_month = grade_of(con, CW1, "00000001", dt.date(2026, 12, 15))
    assert fifth_month.rule.rule_id == "new_case"
    assert sixth_month.rule.rule_id == "elderly_alone_stable"


def test_dv_flag_wins_over_hospital(small_office):
    with small_office.connect() as con:
        con.execute("UPDATE households SET housing = '入院' WHERE case_number = '00000002'")
        con.execute("INSERT INTO household_flags (case_number, flag, since, set_by) VALUES ('00000002', 'DV被害', DATE '2026-11-01', 'cw1')")
        grade = grade_of(con, CW1, "00000002", DEC_01)
    assert grade.rule.rule_id == "protection_flag"
    assert grade.grade.code == "A"


def test_expired_flag_no_longer_applies(small_office):
    with small_office.connect() as con:
        con.execute(
            "INSERT INTO household_flags (case_number, flag, since, until, set_by)"
            " VALUES ('00000002', '要保護児童', DATE '2026-01-01', DATE '2026-11-30', 'cw1')"
        )
        on_last_day = grade_of(con, CW1, "00000002", dt.date(2026, 11, 30))
        after = grade_of(con, CW1, "00000002", DEC_01)
    assert on_last_day.rule.rule_id == "protection_flag"
    assert after.rule.rule_id == "with_children"


def test_employment_guidance_needs_working_age(small_office):
    with small_office.connect() as con:
        con.execute("INSERT INTO household_flags (case_number, flag, since, set_by) VALUES ('00000003', '就労指導中', DATE '2026-01-01', 'sv1')")
        elderly = grade_of(con, SV1, "00000003", DEC_01)
        set_birth_date(con, "00000003", dt.date(1980, 5, 1))
        working_age = grade_of(con, SV1, "00000003", DEC_01)
    assert elderly.rule.rule_id != "employment_guidance"
    assert working_age.rule.rule_id == "employment_guidance"


def test_closed_household_not_graded(small_office):
    with small_office.connect() as con:
        grades = household_grades(con, SV1, DEC_01)
    assert "00000004" not in {grade.case_number for grade in grades}


def test_caseworker_grades_own_caseload(small_office):
    with small_office.connect() as con:
        grades = household_grades(con, CW1, DEC_01)
    assert {grade.case_number for grade in grades} == {"00000001", "00000002"}


@pytest.mark.parametrize("user", [ANA1, MED1])
def test_grades_denied_other_roles(small_office, user):
    with small_office.connect() as con, pytest.raises(AccessDenied):
        household_grades(con, user, DEC_01)


def test_grades_written_to_audit_log(small_office):
    with small_office.connect() as con:
        household_grades(con, CW1, DEC_01)
        logged = con.execute("SELECT count(*) FROM audit_log WHERE user_id = 'cw1' AND action = 'view_visit_grade'").fetchone()[0]
    assert logged == 2


def test_override_applies_and_keeps_suggestion(small_office):
    with small_office.connect() as con:
        override_grade(con, CW1, "00000001", "A", "転倒が続き見守りを強める", DEC_01)
        grade = grade_of(con, CW1, "00000001", DEC_01)
    assert grade.grade.code == "A"
    assert grade.suggested.code == "D"
    assert grade.override.reason == "転倒が続き見守りを強める"


def test_override_not_before_effective_date(small_office):
    with small_office.connect() as con:
        override_grade(con, CW1, "00000001", "A", "退院後の見守り", dt.date(2026, 12, 10))
        before = grade_of(con, CW1, "00000001", dt.date(2026, 12, 9))
        after = grade_of(con, CW1, "00000001", dt.date(2026, 12, 10))
    assert before.overridden is False
    assert after.grade.code == "A"


def test_override_history_kept_after_end(small_office):
    with small_office.connect() as con:
        override_grade(con, CW1, "00000001", "A", "転倒が続き見守りを強める", DEC_01)
        override_grade(con, SV1, "00000001", None, "状態が落ち着いたため規則どおりに戻す", dt.date(2027, 1, 1))
        history = override_history(con, SV1, "00000001")
        in_january = grade_of(con, CW1, "00000001", dt.date(2027, 1, 5))
    assert [entry.grade for entry in history] == ["A", None]
    assert history[0].suggested_rule == "elderly_alone_stable"
    assert history[1].decided_role == "supervisor"
    assert in_january.grade.code == "D"


def test_caseworker_cannot_override_others(small_office):
    with small_office.connect() as con, pytest.raises(AccessDenied):
        override_grade(con, CW1, "00000003", "A", "理由", DEC_01)


def test_caseworker_cannot_read_others_history(small_office):
    with small_office.connect() as con, pytest.raises(AccessDenied):
        override_history(con, CW2, "00000001")


def test_supervisor_overrides_any_office_household(small_office):
    with small_office.connect() as con:
        override_grade(con, SV1, "00000003", "C", "就労が定着した", DEC_01)
        grade = grade_of(con, CW2, "00000003", DEC_01)
    assert grade.grade.code == "C"


def test_analyst_cannot_override(small_office):
    with small_office.connect() as con, pytest.raises(AccessDenied):
        override_grade(con, ANA1, "00000001", "A", "理由", DEC_01)


def test_override_without_reason_rejected(small_office):
    with small_office.connect() as con, pytest.raises(SeihoError, match="理由"):
        override_grade(con, CW1, "00000001", "A", "  ", DEC_01)


def test_override_unknown_grade_rejected(small_office):
    with small_office.connect() as con, pytest.raises(SeihoError, match="Z"):
        override_grade(con, CW1, "00000001", "Z", "理由", DEC_01)


def test_override_unknown_household_rejected(small_office):
    with small_office.connect() as con, pytest.raises(SeihoError, match="99999999"):
        override_grade(con, SV1, "99999999", "A", "理由", DEC_01)


def test_override_written_to_audit_log(small_office):
    with small_office.connect() as con:
        override_grade(con, CW1, "00000001", "A", "理由", DEC_01)
        logged = con.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'override_visit_grade' AND case_number = '00000001'"
        ).fetchone()[0]
    assert logged == 1


def write_rules(tmp_path, text):
    path = tmp_path / "grades.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GRADES = "grades:\n  - {code: A, label: 毎月, interval_months: 1}\n"


def test_rules_unknown_grade_rejected(tmp_path):
    path = write_rules(tmp_path, GRADES + "rules:\n  - {id: r1, label: x, grade: Q, when: {}}\n")
    with pytest.raises(ParameterError, match="r1"):
        load_grade_rules(path)


def test_rules_unknown_condition_rejected(tmp_path):
    path = write_rules(tmp_path, GRADES + "rules:\n  - {id: r1, label: x, grade: A, when: {colour: [red]}}\n")
    with pytest.raises(ParameterError, match="colour"):
        load_grade_rules(path)


def test_rules_unknown_flag_rejected(tmp_path):
    path = write_rules(tmp_path, GRADES + "flags: [DV被害]\nrules:\n  - {id: r1, label: x, grade: A, when: {any_flag: [DV]}}\n")
    with pytest.raises(ParameterError, match="DV"):
        load_grade_rules(path)


def test_rules_zero_interval_rejected(tmp_path):
    path = write_rules(tmp_path, "grades:\n  - {code: A, label: x, interval_months: 0}\nrules:\n  - {id: r1, label: x, grade: A}\n")
    with pytest.raises(ParameterError, match="interval_months"):
        load_grade_rules(path)


def test_rules_missing_file_rejected(tmp_path):
    with pytest.raises(ParameterError, match="ありません"):
        load_grade_rules(tmp_path / "missing.yaml")


def test_month_evaluated_first_day_setting(tmp_path):
    path = write_rules(tmp_path, GRADES + "month_evaluated_on: first_day\nrules:\n  - {id: r1, label: x, grade: A}\n")
    rules = load_grade_rules(path)
    assert month_evaluation_date(dt.date(2026, 12, 1), rules) == dt.date(2026, 12, 1)


def test_month_evaluated_unknown_setting_rejected(tmp_path):
    path = write_rules(tmp_path, GRADES + "month_evaluated_on: middle\nrules:\n  - {id: r1, label: x, grade: A}\n")
    with pytest.raises(ParameterError, match="middle"):
        load_grade_rules(path)


def test_shipped_rules_meet_minimums():
    assert interval_conflicts(DEC_01) == []


def test_yearly_home_grade_conflicts(tmp_path):
    path = write_rules(
        tmp_path,
        "grades:\n  - {code: Y, label: 年1回, interval_months: 12}\n"
        "rules:\n  - {id: yearly, label: x, grade: Y, when: {housing: [居宅, 入院]}}\n",
    )
    conflicts = interval_conflicts(DEC_01, load_grade_rules(path))
    assert [(conflict.rule_id, conflict.housing) for conflict in conflicts] == [("yearly", "居宅")]
    assert "法定の2回" in conflicts[0].message_ja


def test_override_below_minimum_rejected(small_office):
    with small_office.connect() as con, pytest.raises(SeihoError, match="法定の2回"):
        override_grade(con, CW1, "00000001", "E", "訪問を減らしたい", DEC_01)


def test_set_flag_changes_grade(small_office):
    with small_office.connect() as con:
        set_flag(con, CW1, "00000001", "病状不安定", dt.date(2026, 11, 20))
        grade = grade_of(con, CW1, "00000001", DEC_01)
    assert grade.rule.rule_id == "unstable_health"


def test_end_flag_restores_grade(small_office):
    with small_office.connect() as con:
        set_flag(con, CW1, "00000001", "病状不安定", dt.date(2026, 11, 20))
        ended = end_flag(con, CW1, "00000001", "病状不安定", dt.date(2026, 11, 30))
        grade = grade_of(con, CW1, "00000001", DEC_01)
    assert ended == 1
    assert grade.rule.rule_id == "elderly_alone_stable"


def test_end_flag_without_open_flag(small_office):
    with small_office.connect() as con, pytest.raises(SeihoError, match="病状不安定"):
        end_flag(con, CW1, "00000001", "病状不安定", DEC_01)


def test_caseworker_cannot_flag_others(small_office):
    with small_office.connect() as con, pytest.raises(AccessDenied):
        set_flag(con, CW2, "00000001", "DV被害", DEC_01)


def test_unknown_flag_rejected(small_office):
    with small_office.connect() as con, pytest.raises(SeihoError, match="虐待"):
        set_flag(con, SV1, "00000001", "虐待", DEC_01)


def test_flag_end_before_start_rejected(small_office):
    with small_office.connect() as con, pytest.raises(SeihoError, match="終了日"):
        set_flag(con, SV1, "00000001", "DV被害", DEC_01, dt.date(2026, 11, 1))
