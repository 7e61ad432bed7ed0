"""Tests of the receivables ledger on the small office: writes, scope, roles and the audit log."""

import datetime as dt

import pytest

from conftest import AS_OF
from seiho.access import Role, User
from seiho.errors import AccessDenied, ParameterError
from seiho.receivables import (
    AllowedItem,
    calculate_art63,
    calculate_art78,
    plan_installments,
    precedent_cases,
    receivable_history,
    record_decision,
    record_payment,
    record_receivable_event,
    request_deduction,
    save_checklist,
    set_installment_plan,
    transfer_to_receivables_staff,
    write_off,
)

D = dt.date
CW1 = User("cw1", "利用者 cw1", Role.CASEWORKER, "131999", "C01")
CW2 = User("cw2", "利用者 cw2", Role.CASEWORKER, "131999", "C02")
SV1 = User("sv1", "利用者 sv1", Role.SUPERVISOR, "131999", "S01")
ANA1 = User("ana1", "利用者 ana1", Role.ANALYST, "131999")
MED1 = User("med1", "利用者 med1", Role.MEDICAL_CLERK, "131999")


def decide(store, user=CW1, case_number="00000001", amount=300_000):
    calculation = calculate_art63(amount, 1_000_000, [])
    return record_decision(store, user, case_number, calculation, D(2026, 4, 1), D(2026, 4, 30), "年金遡及受給")


def fetch(store, sql, params=()):
    with store.connect() as connection:
        return connection.execute(sql, list(params)).fetchall()


def test_decision_writes_summary_row(small_office):
    receivable_id = decide(small_office)
    assert fetch(small_office, "SELECT article, amount, paid_amount, status FROM receivables WHERE receivable_id = ?", [receivable_id]) == [("63条", 300_000, 0, "納付中")]


def test_decision_records_notice_event(small_office):
    receivable_id = decide(small_office)
    assert fetch(small_office, "SELECT event_kind, occurred_on FROM receivable_events WHERE receivable_id = ?", [receivable_id]) == [("納入通知", D(2026, 4, 1))]


def test_decision_keeps_calculation_trace(small_office):
    receivable_id = decide(small_office)
    trace = fetch(small_office, "SELECT calculation FROM receivable_terms WHERE receivable_id = ?", [receivable_id])[0][0]
    assert "返還額（法第63条）" in trace


def test_decision_outside_scope_rejected(small_office):
    with pytest.raises(ParameterError, match="担当範囲外"):
        decide(small_office, user=CW1, case_number="00000003")


def test_decision_by_analyst_denied(small_office):
    with pytest.raises(AccessDenied):
        decide(small_office, user=ANA1)


def test_decision_due_before_decision_rejected(small_office):
    with pytest.raises(ParameterError, match="納期限"):
        record_decision(small_office, CW1, "00000001", calculate_art63(1000, 1000, []), D(2026, 4, 1), D(2026, 3, 31), "年金遡及受給")


def test_decision_surcharge_over_cap_rejected(small_office):
    calculation = calculate_art78(100_000, 0.4, D(2026, 1, 1))
    calculation.surcharge = 40_001
    with pytest.raises(ParameterError, match="上限"):
        record_decision(small_office, CW1, "00000001", calculation, D(2026, 4, 1), D(2026, 4, 30), "就労収入未申告")


def test_payment_updates_paid_amount(small_office):
    receivable_id = decide(small_office)
    record_payment(small_office, CW1, receivable_id, D(2026, 5, 10), 100_000, "窓口納付")
    assert fetch(small_office, "SELECT paid_amount, status FROM receivables WHERE receivable_id = ?", [receivable_id]) == [(100_000, "納付中")]


def test_full_payment_sets_paid_in_full(small_office):
    receivable_id = decide(small_office)
    record_payment(small_office, CW1, receivable_id, D(2026, 5, 10), 300_000, "口座振込")
    assert fetch(small_office, "SELECT status FROM receivables WHERE receivable_id = ?", [receivable_id]) == [("完納",)]


def test_payment_above_balance_rejected(small_office):
    receivable_id = decide(small_office)
    with pytest.raises(ParameterError, match="未納額"):
        record_payment(small_office, CW1, receivable_id, D(2026, 5, 10), 300_001, "窓口納付")


def test_payment_unknown_method_rejected(small_office):
    receivable_id = decide(small_office)
    with pytest.raises(ParameterError, match="納付方法"):
        record_payment(small_office, CW1, receivable_id, D(2026, 5, 10), 1000, "現金書留")


def test_payment_by_other_caseworker_rejected(small_office):
    receivable_id = decide(small_office)
    with pytest.raises(ParameterError, match="担当範囲外"):
        record_payment(small_office, CW2, receivable_id, D(2026, 5, 10), 1000, "窓口納付")


def test_missed_installment_sets_overdue(small_office):
    receivable_id = decide(small_office)
    set_installment_plan(small_office, CW1, receivable_id, plan_installments(300_000, 3, D(2026, 5, 31)), D(2026, 5, 1))
    record_payment(small_office, CW1, receivable_id, D(2026, 7, 15), 100_000, "窓口納付")
    assert fetch(small_office, "SELECT status FROM receivables WHERE receivable_id = ?", [receivable_id]) == [("滞納",)]


def test_plan_splits_remainder_first():
    plan = plan_installments(100_001, 3, D(2026, 1, 31))
    assert [item.amount for item in plan] == [33_335, 33_333, 33_333]
    assert [item.due_on for item in plan] == [D(2026, 1, 28), D(2026, 2, 28), D(2026, 3, 28)]


def test_plan_total_must_match_balance(small_office):
    receivable_id = decide(small_office)
    with pytest.raises(ParameterError, match="合いません"):
        set_installment_plan(small_office, CW1, receivable_id, plan_installments(200_000, 2, D(2026, 5, 31)), D(2026, 5, 1))


def test_unknown_event_kind_rejected(small_office):
    receivable_id = decide(small_office)
    with pytest.raises(ParameterError, match="事象の種類"):
        record_receivable_event(small_office, CW1, receivable_id, "電話", D(2026, 6, 1))


def test_history_limitation_follows_demand(small_office):
    receivable_id = decide(small_office)
    record_receivable_event(small_office, CW1, receivable_id, "督促", D(2026, 5, 20))
    history = receivable_history(small_office, CW1, receivable_id, AS_OF)
    assert history.limitation.completes_on == D(2031, 5, 20)


def test_history_view_is_audited(small_office):
    receivable_id = decide(small_office)
    receivable_history(small_office, SV1, receivable_id, AS_OF)
    assert fetch(small_office, "SELECT count(*) FROM audit_log WHERE user_id = 'sv1' AND action = 'view_receivable'") == [(1,)]


def test_history_denied_to_medical_clerk(small_office):
    receivable_id = decide(small_office)
    with pytest.raises(AccessDenied):
        receivable_history(small_office, MED1, receivable_id, AS_OF)


def test_deduction_needs_living_check(small_office):
    receivable_id = decide(small_office)
    with pytest.raises(ParameterError, match="最低限度の生活"):
        request_deduction(small_office, CW1, receivable_id, D(2026, 5, 1), 5000, D(2026, 6, 1), " ")


def test_deduction_records_acknowledgement(small_office):
    receivable_id = decide(small_office)
    request_deduction(small_office, CW1, receivable_id, D(2026, 5, 1), 5000, D(2026, 6, 1), "月額5,000円なら最低生活費を下回らない")
    kinds = [row[0] for row in fetch(small_office, "SELECT event_kind FROM receivable_events WHERE receivable_id = ? ORDER BY occurred_on", [receivable_id])]
    assert kinds == ["納入通知", "債務承認"]


def test_write_off_caseworker_denied(small_office):
    receivable_id = decide(small_office)
    with pytest.raises(AccessDenied):
        write_off(small_office, CW1, receivable_id, D(2026, 11, 1), "時効の完成")


def test_write_off_by_supervisor(small_office):
    receivable_id = decide(small_office)
    record_payment(small_office, CW1, receivable_id, D(2026, 5, 10), 100_000, "窓口納付")
    assert write_off(small_office, SV1, receivable_id, D(2026, 11, 1), "時効の完成") == 200_000
    assert fetch(small_office, "SELECT status FROM receivables WHERE receivable_id = ?", [receivable_id]) == [("不納欠損",)]


def test_payment_after_write_off_rejected(small_office):
    receivable_id = decide(small_office)
    write_off(small_office, SV1, receivable_id, D(2026, 11, 1), "時効の完成")
    with pytest.raises(ParameterError, match="不納欠損"):
        record_payment(small_office, CW1, receivable_id, D(2026, 11, 2), 1000, "窓口納付")


def test_transfer_requires_closed_case(small_office):
    receivable_id = decide(small_office)
    with pytest.raises(ParameterError, match="廃止されていません"):
        transfer_to_receivables_staff(small_office, CW1, receivable_id, D(2026, 11, 1), "債権管理係")


def test_transfer_of_closed_case(small_office):
    receivable_id = decide(small_office, user=CW2, case_number="00000004")
    transfer_to_receivables_staff(small_office, CW2, receivable_id, D(2026, 11, 1), "債権管理係")
    assert fetch(small_office, "SELECT transferred_to FROM receivable_terms WHERE receivable_id = ?", [receivable_id]) == [("債権管理係",)]


def test_checklist_saved_with_suggestion(small_office):
    checklist_id, suggestion = save_checklist(small_office, CW1, "00000001", "年金遡及受給", {"resources_unexpected": True, "meeting_held": True})
    assert fetch(small_office, "SELECT suggestion FROM receivable_decision_checklists WHERE checklist_id = ?", [checklist_id]) == [("63条",)]


def test_precedents_by_category(small_office):
    decide(small_office)
    found = precedent_cases(small_office, CW2, "年金遡及受給")
    assert found["根拠条文"].tolist() == ["63条"]
    assert "ケース番号" not in found.columns


def test_precedents_denied_to_analyst(small_office):
    with pytest.raises(AccessDenied):
        precedent_cases(small_office, ANA1, "年金遡及受給")
