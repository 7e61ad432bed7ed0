"""Tests of the 債権管理 monitor, its alerts, the handover checklist and the demo history."""

import datetime as dt

import pytest

from conftest import AS_OF
from seiho.access import Role, User
from seiho.errors import AccessDenied, ParameterError
from seiho.receivables import (
    Installment,
    calculate_art63,
    plan_installments,
    receivables_monitor,
    record_decision,
    record_payment,
    record_receivable_event,
    set_installment_plan,
)
from seiho.receivables.handover import check_handover_item, handover_overview, handover_status
from seiho.receivables.monitor import ageing_labels, fiscal_year_start

D = dt.date
CW1 = User("cw1", "利用者 cw1", Role.CASEWORKER, "131999", "C01")
CW2 = User("cw2", "利用者 cw2", Role.CASEWORKER, "131999", "C02")
SV1 = User("sv1", "利用者 sv1", Role.SUPERVISOR, "131999", "S01")
ANA1 = User("ana1", "利用者 ana1", Role.ANALYST, "131999")


def decide(store, user, case_number, amount, decided_on, due_on):
    return record_decision(store, user, case_number, calculate_art63(amount, 10_000_000, []), decided_on, due_on, "年金遡及受給")


def alert_kinds(monitor, receivable_id):
    return set(monitor.alerts.loc[monitor.alerts["債権番号"] == receivable_id, "警告"])


@pytest.fixture
def office(small_office):
    """The small office with four receivables that each break one rule."""
    ids = {}
    # No 督促, no 催告 for two years.
    ids["neglected"] = decide(small_office, CW1, "00000001", 200_000, D(2024, 10, 1), D(2024, 10, 31))
    # Well managed: 督促 and a recent payment.
    ids["managed"] = decide(small_office, CW1, "00000002", 120_000, D(2026, 6, 1), D(2026, 6, 30))
    record_receivable_event(small_office, CW1, ids["managed"], "督促", D(2026, 7, 15))
    record_payment(small_office, CW1, ids["managed"], D(2026, 11, 1), 10_000, "窓口納付")
    # 61 installments, the last one a balloon.
    ids["long_plan"] = decide(small_office, CW2, "00000003", 1_000_000, D(2026, 1, 5), D(2026, 1, 31))
    plan = [*plan_installments(600_000, 60, D(2026, 2, 28)), Installment(61, D(2031, 2, 28), 400_000)]
    set_installment_plan(small_office, CW2, ids["long_plan"], plan, D(2026, 1, 20))
    record_receivable_event(small_office, CW2, ids["long_plan"], "督促", D(2026, 2, 10))
    # Closed case: limitation near, no residence check.
    ids["closed"] = decide(small_office, CW2, "00000004", 50_000, D(2021, 5, 1), D(2021, 5, 31))
    record_receivable_event(small_office, CW2, ids["closed"], "督促", D(2021, 6, 20))
    return small_office, ids


def test_monitor_counts_by_article(office):
    store, _ = office
    monitor = receivables_monitor(store, SV1, AS_OF)
    assert monitor.by_article["件数"].tolist() == [4]


def test_monitor_caseworker_sees_own(office):
    store, _ = office
    monitor = receivables_monitor(store, CW1, AS_OF)
    assert sorted(monitor.ledger["case_number"]) == ["00000001", "00000002"]


def test_monitor_denied_to_analyst(office):
    store, _ = office
    with pytest.raises(AccessDenied):
        receivables_monitor(store, ANA1, AS_OF)


def test_alert_missing_demand(office):
    store, ids = office
    assert "督促の記録なし" in alert_kinds(receivables_monitor(store, SV1, AS_OF), ids["neglected"])


def test_alert_no_reminder_in_year(office):
    store, ids = office
    assert "1年以上催告なし" in alert_kinds(receivables_monitor(store, SV1, AS_OF), ids["neglected"])


def test_managed_debt_has_no_alert(office):
    store, ids = office
    assert alert_kinds(receivables_monitor(store, SV1, AS_OF), ids["managed"]) == set()


def test_alert_more_than_sixty_payments(office):
    store, ids = office
    assert "分納回数が多い" in alert_kinds(receivables_monitor(store, SV1, AS_OF), ids["long_plan"])


def test_alert_plan_outruns_limitation(office):
    store, ids = office
    assert "分納期間が時効期間を超える" in alert_kinds(receivables_monitor(store, SV1, AS_OF), ids["long_plan"])


def test_alert_balloon_last_payment(office):
    store, ids = office
    assert "最終回の額が過大" in alert_kinds(receivables_monitor(store, SV1, AS_OF), ids["long_plan"])


def test_alert_closed_without_residence_check(office):
    store, ids = office
    assert "廃止後の居所調査なし" in alert_kinds(receivables_monitor(store, SV1, AS_OF), ids["closed"])


def test_residence_check_clears_alert(office):
    store, ids = office
    record_receivable_event(store, CW2, ids["closed"], "居所調査", D(2025, 6, 1))
    assert "廃止後の居所調査なし" not in alert_kinds(receivables_monitor(store, SV1, AS_OF), ids["closed"])


def test_limitation_soon_listed(office):
    store, ids = office
    monitor = receivables_monitor(store, SV1, D(2026, 1, 1))
    assert monitor.limitation_soon["債権番号"].tolist() == [ids["closed"]]
    assert monitor.limitation_soon["時効完成日"].tolist() == [D(2026, 6, 20)]


def test_limitation_completed_alert(office):
    store, ids = office
    assert "時効完成・不納欠損未処理" in alert_kinds(receivables_monitor(store, SV1, D(2026, 6, 21)), ids["closed"])


def test_limitation_not_completed_on_day(office):
    store, ids = office
    assert "時効完成・不納欠損未処理" not in alert_kinds(receivables_monitor(store, SV1, D(2026, 6, 20)), ids["closed"])


def test_overdue_installments_listed(office):
    store, ids = office
    overdue = receivables_monitor(store, SV1, AS_OF).overdue_installments
    assert overdue.loc[overdue["債権番号"] == ids["long_plan"], "未納の分納額"].tolist() == [100_000]


def test_collection_rate_cumulative(office):
    store, _ = office
    rates = receivables_monitor(store, SV1, AS_OF).collection
    assert rates["累計収納率"] == pytest.approx(10_000 / 1_370_000)


def test_monthly_trend_collected(office):
    store, _ = office
    trend = receivables_monitor(store, SV1, AS_OF).monthly_trend
    assert trend.loc[trend["月"] == "2026-11", "収納額"].tolist() == [10_000]


def test_ageing_labels_from_edges():
    assert ageing_labels((1, 2, 3, 5)) == ["1年未満", "1〜2年", "2〜3年", "3〜5年", "5年以上"]


def test_fiscal_year_starts_april():
    assert fiscal_year_start(D(2026, 3, 31)) == D(2025, 4, 1)
    assert fiscal_year_start(D(2026, 4, 1)) == D(2026, 4, 1)


def test_office_setting_overrides_threshold(office):
    store, ids = office
    with store.connect() as connection:
        connection.execute("INSERT INTO settings VALUES ('receivables.installment_alert_max_payments', '70')")
    assert "分納回数が多い" not in alert_kinds(receivables_monitor(store, SV1, AS_OF), ids["long_plan"])


def test_bad_office_setting_rejected(office):
    store, _ = office
    with store.connect() as connection:
        connection.execute("INSERT INTO settings VALUES ('receivables.balloon_ratio', '二倍')")
    with pytest.raises(ParameterError, match="数値として読めません"):
        receivables_monitor(store, SV1, AS_OF)


def test_handover_lists_missing_items(office):
    store, _ = office
    status = handover_status(store, CW2, "00000004")
    assert status.completeness == 0.0
    assert len(status.missing) == 5


def test_handover_item_check_counts(office):
    store, _ = office
    check_handover_item(store, CW2, "00000004", "contact_details", D(2026, 11, 1), "転居先を住民票で確認")
    assert handover_status(store, CW2, "00000004").completeness == pytest.approx(1 / 5)


def test_handover_heirs_only_after_death(office):
    store, _ = office
    with pytest.raises(ParameterError, match="当てはまりません"):
        check_handover_item(store, CW2, "00000004", "heirs", D(2026, 11, 1))


def test_handover_open_case_rejected(office):
    store, _ = office
    with pytest.raises(ParameterError, match="廃止されていません"):
        handover_status(store, CW1, "00000001")


def test_handover_overview_completeness(office):
    store, _ = office
    overview = handover_overview(store, SV1)
    assert overview[["ケース番号", "完了率"]].values.tolist() == [["00000004", "0/5"]]


def test_app_shows_monitor(office):
    from seiho.receivables.app import ReceivablesApp

    store, _ = office
    app = ReceivablesApp(store, SV1, AS_OF)
    assert "債権の件数" in app.summary.value
    assert "督促の記録なし" in app.tabs.children[0].value


def test_app_drills_down(office):
    from seiho.receivables.app import ReceivablesApp

    store, ids = office
    app = ReceivablesApp(store, SV1, AS_OF)
    app.receivable.value = ids["managed"]
    assert "督促" in app.detail.value
    assert "2031年7月15日" not in app.detail.value
    assert "2031年11月1日" in app.detail.value
