"""Tests of 医療扶助 requests and their batch or single decisions."""

import datetime as dt

import pytest

from seiho.access import authenticate
from seiho.errors import AccessDenied, ParameterError
from seiho.vouchers import voucher_lines
from seiho.vouchers.decisions import decide_requests, pending_requests, submit_request

from conftest import PASSWORD
from test_vouchers_records import CLINIC, CLINIC_TWIN, MONTH, PAYER, PHARMACY, add_vouchers

DECIDED_ON = dt.date(2026, 12, 3)


@pytest.fixture
def office(small_office):
    add_vouchers(small_office)
    return small_office


@pytest.fixture
def clerk(office):
    return authenticate(office, "med1", PASSWORD)


def submit_two(office, clerk):
    first = submit_request(office, clerk, "00000003", 1, "入院外", CLINIC, "腰痛症", dt.date(2026, 12, 2))
    second = submit_request(office, clerk, "00000002", 2, "調剤", PHARMACY, "アトピー性皮膚炎", dt.date(2026, 11, 28),
                            insurance="併用", insurer_number="06130012", insurer_share_percent=70, copayment=400)
    return first, second


def test_batch_issues_next_numbers(office, clerk):
    first, second = submit_two(office, clerk)
    batch = decide_requests(office, clerk, [first, second], MONTH, DECIDED_ON)
    assert [voucher.issue_number for voucher in batch.issued] == ["202612000006", "202612000007"]
    assert [voucher.voucher_kind for voucher in batch.issued] == ["医療券", "調剤券"]


def test_batch_vouchers_reach_roster(office, clerk):
    first, second = submit_two(office, clerk)
    decide_requests(office, clerk, [first, second], MONTH, DECIDED_ON)
    lines = {line.issue_number: line for line in voucher_lines(office, clerk, MONTH)}
    assert lines["202612000006"].valid_from == dt.date(2026, 12, 2)
    assert lines["202612000006"].payer_number == PAYER
    assert lines["202612000007"].insurance == "併用"
    assert lines["202612000007"].copayment == 400
    assert lines["202612000007"].valid_from == MONTH


def test_single_decision_and_refusal(office, clerk):
    first, second = submit_two(office, clerk)
    batch = decide_requests(office, clerk, [first], MONTH, DECIDED_ON, reject=[second])
    assert len(batch.issued) == 1
    assert batch.rejected == (second,)
    assert pending_requests(office, clerk).empty


def test_decided_request_rejected_again(office, clerk):
    first, _ = submit_two(office, clerk)
    decide_requests(office, clerk, [first], MONTH, DECIDED_ON)
    with pytest.raises(ParameterError, match="決定済み"):
        decide_requests(office, clerk, [first], MONTH, DECIDED_ON)


def test_failed_batch_decides_nothing(office, clerk):
    first, second = submit_two(office, clerk)
    with office.connect() as con:
        con.execute("UPDATE members SET recipient_number = NULL WHERE case_number = '00000002' AND member_no = 2")
    with pytest.raises(ParameterError, match="受給者番号がありません"):
        decide_requests(office, clerk, [first, second], MONTH, DECIDED_ON)
    assert len(pending_requests(office, clerk)) == 2


def test_batch_rolls_back_midway(office, clerk):
    first, _ = submit_two(office, clerk)
    late = submit_request(office, clerk, "00000003", 1, "入院外", CLINIC, "腰痛症", dt.date(2027, 1, 5))
    with pytest.raises(ParameterError, match="より後です"):
        decide_requests(office, clerk, [first, late], MONTH, DECIDED_ON)
    assert len(pending_requests(office, clerk)) == 3
    assert len(voucher_lines(office, clerk, MONTH)) == 5


def test_request_after_month_rejected(office, clerk):
    late = submit_request(office, clerk, "00000003", 1, "入院外", CLINIC, "腰痛症", dt.date(2027, 1, 5))
    with pytest.raises(ParameterError, match="より後です"):
        decide_requests(office, clerk, [late], MONTH, DECIDED_ON)


def test_undesignated_institution_rejected(office, clerk):
    with pytest.raises(ParameterError, match="指定医療機関として登録されていません"):
        submit_request(office, clerk, "00000003", 1, "入院外", CLINIC_TWIN, "腰痛症", dt.date(2026, 12, 2))


def test_unlisted_institution_rejected(office, clerk):
    with pytest.raises(ParameterError, match="一覧にありません"):
        submit_request(office, clerk, "00000003", 1, "入院外", "1310000018", "腰痛症", dt.date(2026, 12, 2))


def test_closed_household_rejected(office, clerk):
    with pytest.raises(ParameterError, match="廃止"):
        submit_request(office, clerk, "00000004", 1, "入院外", CLINIC, "腰痛症", dt.date(2026, 12, 2))


def test_insurance_without_insurer_rejected(office, clerk):
    with pytest.raises(ParameterError, match="保険者番号"):
        submit_request(office, clerk, "00000003", 1, "入院外", CLINIC, "腰痛症", dt.date(2026, 12, 2), insurance="併用")


def test_caseworker_cannot_decide(office, clerk):
    first, _ = submit_two(office, clerk)
    caseworker = authenticate(office, "cw2", PASSWORD)
    with pytest.raises(AccessDenied):
        decide_requests(office, caseworker, [first], MONTH, DECIDED_ON)
