"""Workload measures on the small office with known answers, as of 2026-11-30."""

import datetime as dt

import pandas as pd

import pytest

from seiho.access import User, Role, authenticate
from seiho.errors import AccessDenied, ParameterError
from seiho.workload import caseworker_detail, workload_measures
from seiho.workload.visit_rules import load_visit_rules

from conftest import PASSWORD

MONTH = "2026-11"
TODAY = dt.date(2026, 12, 4)


def add_history(store):
    """Add visits, records and receivables whose measures are worked out by hand.

    On 2026-11-30: 00000001 (高齢者, 3か月ごと) was visited 09-15, due 12-15;
    00000002 (母子, 2か月ごと) was met 08-20, due 10-20, 41 days overdue (its
    11-05 phone call does not count); 00000003 (その他, 毎月) was met 10-10,
    due 11-10, 20 days overdue (the 10-31 visit found the household out, 不在).
    """
    with store.connect() as con:
        con.execute(
            "INSERT INTO visits VALUES"
            " ('V1', '00000001', 'C01', DATE '2026-09-15', '家庭訪問', '面会'),"
            " ('V2', '00000002', 'C01', DATE '2026-08-20', '家庭訪問', '面会'),"
            " ('V3', '00000002', 'C01', DATE '2026-11-05', '電話', '面会'),"
            " ('V4', '00000003', 'C02', DATE '2026-10-31', '家庭訪問', '不在'),"
            " ('V5', '00000003', 'C02', DATE '2026-10-10', '家庭訪問', '面会')"
        )
        con.execute(
            "INSERT INTO case_records (record_id, case_number, visit_id, caseworker_id, recorded_on, title, body, status, approved_by, approved_at) VALUES"
            " ('RV1', '00000001', 'V1', 'C01', DATE '2026-09-16', '訪問', '本文', '承認済み', 'S01', TIMESTAMP '2026-09-20 10:00:00'),"
            " ('RV2', '00000002', 'V2', 'C01', DATE '2026-08-21', '訪問', '本文', '承認待ち', NULL, NULL),"
            " ('RV5', '00000003', 'V5', 'C02', DATE '2026-10-11', '訪問', '本文', '承認済み', 'S01', TIMESTAMP '2026-12-02 09:00:00')"
        )
        con.execute(
            "INSERT INTO receivables VALUES"
            " ('K1', '00000001', '63条', DATE '2026-05-01', '年金遡及受給', 100000, 0, 30000, '納付中'),"
            " ('K2', '00000003', '78条', DATE '2026-06-01', '就労収入未申告', 50000, 20000, 0, '滞納'),"
            " ('K3', '00000002', '63条', DATE '2026-04-01', '年金遡及受給', 10000, 0, 10000, '完納'),"
            " ('K4', '00000001', '63条', DATE '2026-12-10', '年金遡及受給', 5000, 0, 0, '納付中')"
        )


@pytest.fixture
def office(small_office):
    add_history(small_office)
    return small_office


def login(store, user_id):
    return authenticate(store, user_id, PASSWORD)


def test_caseload_counts_active_households(office):
    measures = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY)
    counts = dict(zip(measures.caseload.caseloads["職員番号"], measures.caseload.caseloads["担当世帯数"]))
    assert counts == {"C01": 2, "C02": 1}


def test_caseload_required_and_actual(office):
    caseload = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).caseload
    assert caseload.households == 3
    assert caseload.required_caseworkers == 3
    assert caseload.actual_caseworkers == 2
    assert caseload.shortfall == 1


def test_caseload_share_of_standard(office):
    caseloads = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).caseload.caseloads
    assert caseloads.loc[caseloads["職員番号"] == "C01", "負担率"].item() == 2.5
    assert caseloads.loc[caseloads["職員番号"] == "C01", "標準との差"].item() == -78


@pytest.mark.parametrize("extra, expected", [(237, 3), (317, 4), (318, 5)])
def test_required_caseworkers_exact_in_database(small_office, extra, expected):
    # The office has 3 active households; 240 or fewer need 3, each 80 more add one.
    with small_office.connect() as con:
        con.execute(
            "INSERT INTO households (case_number, office_code, caseworker_id, head_name, household_type, status, started_on)"
            " SELECT printf('9%07d', i), '131999', 'C01', '架空', 'その他の世帯', '保護中', DATE '2026-01-01' FROM range(?) t(i)",
            [extra],
        )
    caseload = workload_measures(small_office, login(small_office, "sv1"), MONTH, today=TODAY).caseload
    assert caseload.households == 3 + extra
    assert caseload.required_caseworkers == expected


def test_compliance_overdue_households(office):
    compliance = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).compliance
    overdue = compliance.overdue
    assert list(overdue["case_number"]) == ["00000002", "00000003"]
    assert list(overdue["days_overdue"]) == [41, 20]


def test_compliance_due_date_from_last_counted_visit(office):
    households = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).compliance.households.set_index("case_number")
    assert households.loc["00000001", "due_on"] == pd.Timestamp("2026-12-15")
    assert households.loc["00000003", "last_visit"] == pd.Timestamp("2026-10-10")


def test_compliance_by_grade_rates(office):
    by_grade = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).compliance.by_grade.set_index("訪問頻度")
    assert by_grade.loc["3か月ごと", "遵守率"] == 100.0
    assert by_grade.loc["2か月ごと", "期限超過"] == 1
    assert by_grade.loc["毎月", "遵守率"] == 0.0


def test_compliance_never_visited_due_from_start(small_office):
    households = workload_measures(small_office, login(small_office, "sv1"), MONTH, today=TODAY).compliance.households.set_index("case_number")
    assert households.loc["00000001", "due_on"] == pd.Timestamp("2020-07-01")


def test_backlog_counts_unapproved_visits(office):
    backlog = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).backlog
    assert sorted(backlog.visits["visit_id"]) == ["V2", "V3", "V4", "V5"]


def test_backlog_by_caseworker_longest_wait(office):
    by_caseworker = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).backlog.by_caseworker.set_index("職員番号")
    assert by_caseworker.loc["C01", "最長経過日数"] == 102
    assert by_caseworker.loc["C02", "未承認記録"] == 2


def test_backlog_respects_days_threshold(office):
    backlog = workload_measures(office, login(office, "sv1"), MONTH, backlog_days=30, today=TODAY).backlog
    assert sorted(backlog.visits["visit_id"]) == ["V2", "V4", "V5"]


def test_backlog_rejects_negative_days(office):
    with pytest.raises(ParameterError):
        workload_measures(office, login(office, "sv1"), MONTH, backlog_days=-1, today=TODAY)


def test_approvals_waiting_per_supervisor(office):
    waiting = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).approvals_waiting
    assert waiting["査察指導員"].tolist() == ["S01"]
    assert waiting["承認待ち"].tolist() == [2]
    assert waiting["最長待ち日数"].tolist() == [101]


def test_receivables_open_per_caseworker(office):
    receivables = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).receivables.set_index("職員番号")
    assert receivables.loc["C01", "未収額"] == 70000
    assert receivables.loc["C01", "債権件数"] == 1
    assert receivables.loc["C02", "滞納件数"] == 1


def test_trends_last_month_matches_backlog(office):
    trends = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).trends
    assert len(trends) == 12
    assert trends.iloc[-1]["未承認記録"] == 4
    assert trends.iloc[-1]["世帯数"] == 3


def test_trends_month_visit_counts(office):
    trends = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).trends.set_index("月")
    assert trends.loc["2026-10-01", "訪問件数"] == 2
    assert trends.loc["2026-09-01", "承認件数"] == 1


def test_caseworker_table_joins_measures(office):
    table = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).caseworker_table().set_index("職員番号")
    assert table.loc["C01", "期限超過"] == 1
    assert table.loc["C02", "未承認記録"] == 2
    assert table.loc["C02", "未収額"] == 70000


def test_team_filter_unknown_team_empty(office):
    measures = workload_measures(office, login(office, "sv1"), MONTH, team="第9係", today=TODAY)
    assert measures.caseload.caseloads.empty
    assert measures.backlog.total == 0


def test_caseworker_sees_only_own_row(office):
    measures = workload_measures(office, login(office, "cw1"), MONTH, today=TODAY)
    assert measures.caseload.caseloads["職員番号"].tolist() == ["C01"]
    assert sorted(measures.backlog.visits["visit_id"]) == ["V2", "V3"]


def test_medical_clerk_denied_workload(office):
    with pytest.raises(AccessDenied):
        workload_measures(office, login(office, "med1"), MONTH, today=TODAY)


def test_analyst_sees_no_caseworker_names(office):
    caseloads = workload_measures(office, login(office, "ana1"), MONTH, today=TODAY).caseload.caseloads
    assert set(caseloads["担当"]) == {""}


def test_invalid_month_rejected(office):
    with pytest.raises(ParameterError):
        workload_measures(office, login(office, "sv1"), "2026/11", today=TODAY)


def test_drilldown_supervisor_lists_households(office):
    detail = caseworker_detail(office, login(office, "sv1"), "C01", MONTH, today=TODAY)
    assert detail.overdue_visits["ケース番号"].tolist() == ["00000002"]
    assert detail.overdue_visits["世帯主"].tolist() == ["山﨑 美咲"]
    assert detail.unapproved_records["ケース番号"].tolist() == ["00000002", "00000002"]


def test_drilldown_caseworker_other_denied(office):
    with pytest.raises(AccessDenied):
        caseworker_detail(office, login(office, "cw1"), "C02", MONTH, today=TODAY)


def test_drilldown_caseworker_self_allowed(office):
    detail = caseworker_detail(office, login(office, "cw1"), "C01", MONTH, today=TODAY)
    assert detail.caseworker_id == "C01"


def test_drilldown_other_office_denied(office):
    outsider = User("sv9", "他事務所", Role.SUPERVISOR, "999999", "S99")
    with pytest.raises(AccessDenied):
        caseworker_detail(office, outsider, "C01", MONTH, today=TODAY)


def test_drilldown_unknown_caseworker_named(office):
    with pytest.raises(ParameterError) as raised:
        caseworker_detail(office, login(office, "sv1"), "C77", MONTH, today=TODAY)
    assert "C77" in raised.value.message_ja


def test_drilldown_analyst_gets_pseudonyms(office):
    detail = caseworker_detail(office, login(office, "ana1"), "C01", MONTH, today=TODAY)
    assert detail.overdue_visits["ケース番号"].str.startswith("P-").all()
    assert "世帯主" not in detail.overdue_visits.columns
    assert "最終訪問日" not in detail.overdue_visits.columns


def test_drilldown_written_to_audit_log(office):
    caseworker_detail(office, login(office, "sv1"), "C02", MONTH, today=TODAY)
    with office.connect() as con:
        logged = con.execute(
            "SELECT case_number FROM audit_log WHERE action = 'view_workload_caseworker' AND user_id = 'sv1'"
        ).fetchall()
    assert logged == [("00000003",)]


def write_rules(tmp_path, body):
    path = tmp_path / "rules.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_visit_rules_wildcard_expands(tmp_path):
    rules = load_visit_rules(write_rules(tmp_path, "rules:\n  - {housing: 入院, household_type: '*', grade: 年1回, interval_months: 12}\n"))
    assert len(rules.table) == 5


def test_visit_rules_specific_beats_wildcard(tmp_path):
    rules = load_visit_rules(write_rules(tmp_path, (
        "rules:\n"
        "  - {housing: 居宅, household_type: '*', grade: 3か月, interval_months: 3}\n"
        "  - {housing: 居宅, household_type: 母子世帯, grade: 毎月, interval_months: 1}\n"
    )))
    table = rules.table.set_index("household_type")
    assert table.loc["母子世帯", "interval_months"] == 1
    assert table.loc["高齢者世帯", "interval_months"] == 3


def test_visit_rules_missing_field_named(tmp_path):
    with pytest.raises(ParameterError) as raised:
        load_visit_rules(write_rules(tmp_path, "rules:\n  - {housing: 居宅, household_type: '*', grade: 毎月}\n"))
    assert "interval_months" in raised.value.message_ja


def test_visit_rules_zero_interval_rejected(tmp_path):
    with pytest.raises(ParameterError):
        load_visit_rules(write_rules(tmp_path, "rules:\n  - {housing: 居宅, household_type: '*', grade: 毎月, interval_months: 0}\n"))


def test_visit_rules_duplicate_rejected(tmp_path):
    with pytest.raises(ParameterError) as raised:
        load_visit_rules(write_rules(tmp_path, (
            "rules:\n"
            "  - {housing: 居宅, household_type: 母子世帯, grade: 毎月, interval_months: 1}\n"
            "  - {housing: 居宅, household_type: 母子世帯, grade: 2か月, interval_months: 2}\n"
        )))
    assert "重複" in raised.value.message_ja


def test_visit_rules_unknown_type_rejected(tmp_path):
    with pytest.raises(ParameterError):
        load_visit_rules(write_rules(tmp_path, "rules:\n  - {housing: 居宅, household_type: 単身世帯, grade: 毎月, interval_months: 1}\n"))


def test_visit_rules_missing_file_named(tmp_path):
    with pytest.raises(ParameterError) as raised:
        load_visit_rules(tmp_path / "none.yaml")
    assert "none.yaml" in raised.value.message_ja


def test_current_month_measured_today(office):
    measures = workload_measures(office, login(office, "sv1"), MONTH, today=dt.date(2026, 11, 15))
    assert measures.as_of == dt.date(2026, 11, 15)
    assert sorted(measures.backlog.visits["visit_id"]) == ["V2", "V4", "V5"]


def test_compliance_skips_draft_record_visit(office):
    # A visit whose record is still a 下書き did not count yet, as in the visit plan.
    with office.connect() as con:
        con.execute("INSERT INTO visits VALUES ('V6', '00000003', 'C02', DATE '2026-11-20', '家庭訪問', '面会')")
        con.execute(
            "INSERT INTO case_records (record_id, case_number, visit_id, caseworker_id, recorded_on, title, body, status)"
            " VALUES ('RV6', '00000003', 'V6', 'C02', DATE '2026-11-20', '訪問', '本文', '下書き')"
        )
    households = workload_measures(office, login(office, "sv1"), MONTH, today=TODAY).compliance.households.set_index("case_number")
    assert households.loc["00000003", "last_visit"] == pd.Timestamp("2026-10-10")
