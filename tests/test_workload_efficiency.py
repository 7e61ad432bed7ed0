"""Efficiency measures, effect sizes and the evaluation report on fixtures with known answers."""

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from seiho.access import authenticate
from seiho.errors import AccessDenied, ParameterError, SeihoError
from seiho.reporting import run_report
from seiho.workload.demo_events import generate_demo_events
from seiho.workload.effect_sizes import bootstrap_difference, cohens_h, hedges_g, proportion_difference, wilson_interval
from seiho.workload.efficiency import Group, compare_efficiency, load_events, weekdays_between
from seiho.workload.evaluation_report import build_request
from seiho.workload.events import record_workload_event

from conftest import PASSWORD
from test_workload import add_history

EVENTS_CSV = Path(__file__).parent / "data" / "workload" / "events.csv"
BEFORE = Group("導入前", dt.date(2025, 1, 6), dt.date(2025, 1, 10))
AFTER = Group("導入後", dt.date(2025, 2, 3), dt.date(2025, 2, 7))


@pytest.fixture
def office_with_events(small_office):
    events = pd.read_csv(EVENTS_CSV, parse_dates=["occurred_at"])
    with small_office.connect() as con:
        for row in events.itertuples():
            ratio = None if pd.isna(row.edit_ratio) else float(row.edit_ratio)
            record_workload_event(con, row.event_kind, "131999", row.occurred_at.to_pydatetime(), row.caseworker_id,
                                  visit_id=row.visit_id, edit_ratio=ratio)
    return small_office


@pytest.fixture
def comparison(office_with_events):
    user = authenticate(office_with_events, "ana1", PASSWORD)
    events = load_events(office_with_events, user, "131999", dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    return compare_efficiency(events, "131999", BEFORE, AFTER, few_edits_ratio=0.1, resamples=500)


def estimate(comparison, measure_index, name):
    return next(item for item in comparison.measures[measure_index].estimates if item.name == name)


def test_hedges_g_known_value():
    assert hedges_g([1, 2, 3, 4, 5], [3, 4, 5, 6, 7]).value == pytest.approx(1.14250, abs=1e-5)


def test_hedges_g_interval_width():
    result = hedges_g([1, 2, 3, 4, 5], [3, 4, 5, 6, 7])
    assert result.high - result.low == pytest.approx(2 * 1.959964 * np.sqrt(0.4 + 1.14250**2 / 20), abs=1e-4)


def test_hedges_g_rejects_no_spread():
    with pytest.raises(ValueError):
        hedges_g([1, 1], [1, 1])


def test_wilson_interval_known_value():
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)


def test_newcombe_difference_known_value():
    # Newcombe (1998), example (a): 56/70 against 48/80, interval 0.0524 to 0.3339.
    result = proportion_difference(48, 80, 56, 70)
    assert result.value == pytest.approx(0.2)
    assert result.low == pytest.approx(0.0524, abs=1e-4)
    assert result.high == pytest.approx(0.3339, abs=1e-4)


def test_cohens_h_equal_shares_zero():
    assert cohens_h(5, 10, 50, 100).value == pytest.approx(0.0)


def test_bootstrap_same_seed_same_interval():
    first = bootstrap_difference([1, 2, 3, 9], [2, 3, 4, 8], seed=3, resamples=300)
    second = bootstrap_difference([1, 2, 3, 9], [2, 3, 4, 8], seed=3, resamples=300)
    assert (first.low, first.high) == (second.low, second.high)


def test_bootstrap_interval_contains_estimate():
    result = bootstrap_difference(np.arange(50), np.arange(50) + 10, resamples=400)
    assert result.value == pytest.approx(10.0)
    assert result.low < 10 < result.high


def test_weekdays_between_one_week():
    assert weekdays_between(dt.date(2025, 1, 6), dt.date(2025, 1, 12)) == 5


def test_time_to_approval_known_means(comparison):
    measure = comparison.measures[0]
    assert sorted(measure.before.round(6)) == [2.0, 4.0, 6.0]
    assert measure.after.mean() == pytest.approx(1.8)


def test_time_to_approval_differences(comparison):
    assert estimate(comparison, 0, "平均の差（日）").value == pytest.approx(-2.2)
    assert estimate(comparison, 0, "中央値の差（日）").value == pytest.approx(-2.0)


def test_few_edits_share_known(comparison):
    measure = comparison.measures[1]
    assert measure.before.mean() == pytest.approx(1 / 3)
    assert measure.after.mean() == pytest.approx(0.8)
    assert estimate(comparison, 1, "割合の差").value == pytest.approx(0.8 - 1 / 3)


def test_visits_per_caseworker_day_known(comparison):
    measure = comparison.measures[2]
    assert sorted(measure.before) == [0.4, 0.4]
    assert sorted(measure.after) == [0.4, 0.6]
    assert estimate(comparison, 2, "平均の差（件）").value == pytest.approx(0.1)


def test_summary_table_has_three_measures(comparison):
    assert len(comparison.summary()) == 3


def test_events_are_pseudonymised(office_with_events):
    user = authenticate(office_with_events, "ana1", PASSWORD)
    events = load_events(office_with_events, user, "131999", dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert events["caseworker"].str.startswith("P-").all()
    assert "C01" not in set(events["caseworker"])
    assert "caseworker_id" not in events.columns


def test_events_caseworker_denied(office_with_events):
    with pytest.raises(AccessDenied):
        load_events(office_with_events, authenticate(office_with_events, "cw1", PASSWORD), "131999", dt.date(2025, 1, 1), dt.date(2025, 3, 31))


def test_events_other_office_rejected(office_with_events):
    with pytest.raises(ParameterError):
        load_events(office_with_events, authenticate(office_with_events, "ana1", PASSWORD), "999999", dt.date(2025, 1, 1), dt.date(2025, 3, 31))


def test_pilot_team_comparison_groups(comparison, office_with_events):
    user = authenticate(office_with_events, "ana1", PASSWORD)
    events = load_events(office_with_events, user, "131999", dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    pilot = Group("試行の係", AFTER.start, AFTER.end, ("第1係",))
    others = Group("試行以外の係", AFTER.start, AFTER.end, ("第1係",), exclude_teams=True)
    result = compare_efficiency(events, "131999", others, pilot, resamples=200)
    assert len(result.measures[0].after) == 5
    assert len(result.measures[0].before) == 0


def test_record_event_rejects_unknown_kind(small_office):
    with small_office.connect() as con, pytest.raises(SeihoError):
        record_workload_event(con, "visit_cancelled", "131999", dt.datetime(2025, 1, 1, 9))


def test_record_event_rejects_bad_ratio(small_office):
    with small_office.connect() as con, pytest.raises(SeihoError):
        record_workload_event(con, "draft_approved", "131999", dt.datetime(2025, 1, 1, 9), edit_ratio=1.5)


def test_request_rejects_overlapping_periods():
    with pytest.raises(ParameterError) as raised:
        build_request("131999", "2025-01-01", "2025-06-30", "2025-04-01", "2025-12-31")
    assert "重なって" in raised.value.message_ja


def test_request_rejects_bad_date():
    with pytest.raises(ParameterError) as raised:
        build_request("131999", "2025/01/01", "2025-06-30", "2025-07-01", "2025-12-31")
    assert "before_start" in raised.value.message_ja


def test_request_pilot_teams_split():
    request = build_request("131999", "2024-01-01", "2024-06-30", "2025-01-01", "2025-06-30", pilot_teams="第1係, 第2係")
    assert request.after.teams == ("第1係", "第2係")
    assert request.before.exclude_teams


def test_demo_events_follow_visits(small_office):
    add_history(small_office)
    count = generate_demo_events(small_office, dt.date(2026, 10, 1), seed=1)
    with small_office.connect() as con:
        kinds = dict(con.execute("SELECT event_kind, count(*) FROM workload_events GROUP BY 1").fetchall())
    assert kinds["visit_done"] == 5
    assert kinds["draft_created"] == 3
    assert kinds["draft_approved"] == 2
    assert count == sum(kinds.values())


def test_demo_events_replace_previous(small_office):
    add_history(small_office)
    generate_demo_events(small_office, dt.date(2026, 10, 1), seed=1)
    second = generate_demo_events(small_office, dt.date(2026, 10, 1), seed=1)
    with small_office.connect() as con:
        stored = con.execute("SELECT count(*) FROM workload_events").fetchone()[0]
    assert stored == second


def test_demo_events_approval_after_visit(small_office):
    add_history(small_office)
    generate_demo_events(small_office, dt.date(2026, 10, 1), seed=1)
    with small_office.connect() as con:
        early = con.execute(
            "SELECT count(*) FROM workload_events a JOIN workload_events d USING (visit_id)"
            " WHERE a.event_kind = 'draft_approved' AND d.event_kind = 'visit_done' AND a.occurred_at <= d.occurred_at"
        ).fetchone()[0]
    assert early == 0


def test_evaluation_report_html_and_pdf(office_with_events, tmp_path):
    result = run_report("efficiency_evaluation", {
        "db_path": str(office_with_events.path), "user_id": "ana1", "month": "2025-03",
        "before_start": "2025-01-06", "before_end": "2025-01-10", "after_start": "2025-02-03", "after_end": "2025-02-07",
        "pdf_path": str(tmp_path / "report.pdf"),
    }, output_root=tmp_path)
    page = result.html_path.read_text(encoding="utf-8")
    assert "効果の推定" in page
    assert "C01" not in page
    assert 'src="http' not in page
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def test_evaluation_report_needs_user(office_with_events, tmp_path):
    with pytest.raises(SeihoError) as raised:
        run_report("efficiency_evaluation", {"db_path": str(office_with_events.path), "pdf_path": str(tmp_path / "r.pdf")}, output_root=tmp_path)
    assert "user_id" in raised.value.message_ja


def test_request_rejects_few_resamples():
    with pytest.raises(ParameterError) as raised:
        build_request("131999", "2024-01-01", "2024-06-30", "2025-01-01", "2025-06-30", resamples=10)
    assert "resamples" in raised.value.message_ja
