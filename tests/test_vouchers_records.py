"""Tests of voucher reading and number checks, with the shared voucher fixture."""

import datetime as dt

import pytest

from seiho.access import authenticate
from seiho.errors import AccessDenied, ParameterError
from seiho.vouchers import check_institution_code, check_payer_number, check_recipient_number, voucher_lines

from conftest import PASSWORD

MONTH = dt.date(2026, 12, 1)
PAYER = "12139994"
CLINIC = "1310123455"
CLINIC_TWIN = "1310123463"
PHARMACY = "1340123455"
CARE_PROVIDER = "1370000017"
LONG_DISEASE = "高血圧症、2型糖尿病（合併症なし）、腰部脊柱管狭窄症「経過観察」。慢性胃炎・逆流性食道炎"


def add_vouchers(store) -> None:
    """Add medical and care aid decisions and five vouchers for December 2026 to the small office.

    00000001 has an old-style 入院外 voucher whose details come from its
    medical_aid row, and a 調剤券; 00000002 has one 併用 voucher per member;
    00000003 has a 介護券; the clinic has a twin with a near-identical name.
    """
    with store.connect() as con:
        con.execute("UPDATE members SET recipient_number = '0000026' WHERE case_number = '00000002' AND member_no = 2")
        con.execute("UPDATE members SET recipient_number = '0000034' WHERE case_number = '00000002' AND member_no = 1")
        con.execute(
            "INSERT INTO institutions (institution_code, prefecture_code, score_table, name, name_key, address, designated, source_file) VALUES"
            f" ('{CLINIC}', '13', '1', '架空中央クリニック', '架空中央クリニック', '架空市本町1-1', TRUE, 'test'),"
            f" ('{CLINIC_TWIN}', '13', '1', '架空中央クリニツク', '架空中央クリニツク', '架空市新町2-2', FALSE, 'test'),"
            f" ('{PHARMACY}', '13', '4', '架空薬局 本町店', '架空薬局本町店', '架空市本町1-3', TRUE, 'test')"
        )
        con.execute(
            "INSERT INTO medical_aid (aid_id, case_number, member_no, care_type, institution_code, institution_name, disease_name,"
            " insurance, valid_from, valid_to, opinion_due_on) VALUES"
            f" ('MA1', '00000001', 1, '入院外', '{CLINIC}', '架空中央クリニック', '{LONG_DISEASE}', '単独', DATE '2026-06-01', NULL, DATE '2026-12-20'),"
            f" ('MA2', '00000001', 1, '調剤', '{PHARMACY}', '架空薬局 本町店', '高血圧症', '単独', DATE '2026-06-01', NULL, DATE '2026-11-30')"
        )
        con.execute(
            "INSERT INTO care_aid (aid_id, case_number, member_no, care_level, provider_code, provider_name, valid_from, valid_to)"
            f" VALUES ('CA1', '00000003', 1, '要介護2', '{CARE_PROVIDER}', '架空ケアセンター', DATE '2026-01-01', DATE '2027-12-31')"
        )
        con.execute(
            "INSERT INTO vouchers (voucher_id, case_number, member_no, voucher_kind, month, institution_code, issue_number,"
            " payer_number, recipient_number, issued_on) VALUES"
            f" ('V1', '00000001', 1, '医療券', DATE '2026-12-01', '{CLINIC}', '202612000001', '{PAYER}', '0000018', DATE '2026-11-25'),"
            f" ('V2', '00000001', 1, '調剤券', DATE '2026-12-01', '{PHARMACY}', '202612000002', '{PAYER}', '0000018', DATE '2026-11-25'),"
            f" ('V5', '00000003', 1, '介護券', DATE '2026-12-01', '{CARE_PROVIDER}', '202612000005', '{PAYER}', '0000018', DATE '2026-11-26')"
        )
        con.execute(
            "INSERT INTO vouchers (voucher_id, case_number, member_no, voucher_kind, month, institution_code, issue_number,"
            " payer_number, recipient_number, issued_on) VALUES"
            f" ('V3', '00000002', 1, '医療券', DATE '2026-12-01', '{CLINIC}', '202612000003', '{PAYER}', '0000034', DATE '2026-11-25'),"
            f" ('V4', '00000002', 2, '医療券', DATE '2026-12-01', '{CLINIC}', '202612000004', '{PAYER}', '0000026', DATE '2026-11-25')"
        )
        con.execute(
            "INSERT INTO voucher_details (voucher_id, care_type, valid_from, valid_to, insurance, insurer_number,"
            " insurer_share_percent, copayment, disease_names, remarks) VALUES"
            " ('V3', '入院外', DATE '2026-12-10', DATE '2026-12-31', '併用', '06130012', 70, 1500, '気管支喘息', '月2回の通院'),"
            " ('V4', '入院外', NULL, NULL, '併用', '06130012', 70, 2300, 'アトピー性皮膚炎', NULL)"
        )


@pytest.fixture
def voucher_office(small_office):
    """The small office with the five December 2026 vouchers of ``add_vouchers``."""
    add_vouchers(small_office)
    return small_office


def test_voucher_lines_clerk_sees_all(voucher_office):
    clerk = authenticate(voucher_office, "med1", PASSWORD)
    lines = voucher_lines(voucher_office, clerk, MONTH)
    assert [line.issue_number for line in lines] == ["202612000001", "202612000003", "202612000004", "202612000002", "202612000005"]


def test_voucher_lines_fill_from_decision(voucher_office):
    clerk = authenticate(voucher_office, "med1", PASSWORD)
    line = next(line for line in voucher_lines(voucher_office, clerk, MONTH) if line.issue_number == "202612000001")
    assert line.care_type == "入院外"
    assert line.disease_names == LONG_DISEASE
    assert line.valid_from == dt.date(2026, 12, 1)
    assert line.valid_to == dt.date(2026, 12, 31)
    assert line.insurance == "単独"


def test_voucher_lines_care_voucher_level(voucher_office):
    clerk = authenticate(voucher_office, "med1", PASSWORD)
    line = next(line for line in voucher_lines(voucher_office, clerk, MONTH) if line.voucher_kind == "介護券")
    assert line.care_type == "介護"
    assert line.disease_names == "要介護2"
    assert line.institution_name == "架空ケアセンター"


def test_voucher_lines_caseworker_own_cases(voucher_office):
    caseworker = authenticate(voucher_office, "cw2", PASSWORD)
    lines = voucher_lines(voucher_office, caseworker, MONTH)
    assert {line.case_number for line in lines} == {"00000003"}


def test_voucher_lines_analyst_rejected(voucher_office):
    analyst = authenticate(voucher_office, "ana1", PASSWORD)
    with pytest.raises(AccessDenied):
        voucher_lines(voucher_office, analyst, MONTH)


def test_voucher_lines_write_audit(voucher_office):
    clerk = authenticate(voucher_office, "med1", PASSWORD)
    voucher_lines(voucher_office, clerk, MONTH)
    with voucher_office.connect() as con:
        logged = con.execute("SELECT count(DISTINCT case_number) FROM audit_log WHERE action = 'read_vouchers'").fetchone()[0]
    assert logged == 3


def test_voucher_lines_unknown_kind_rejected(voucher_office):
    clerk = authenticate(voucher_office, "med1", PASSWORD)
    with pytest.raises(ParameterError, match="処方券"):
        voucher_lines(voucher_office, clerk, MONTH, voucher_kinds=("処方券",))


def test_payer_number_valid_accepted():
    assert check_payer_number(PAYER) == PAYER


@pytest.mark.parametrize("value, reason", [
    ("12139995", "検証番号"),
    ("13139993", "法別番号"),
    ("1213999", "7桁"),
    ("12489994", "都道府県番号"),
])
def test_payer_number_invalid_rejected(value, reason):
    with pytest.raises(ParameterError, match=reason):
        check_payer_number(value)


def test_recipient_number_check_digit():
    assert check_recipient_number("0000026") == "0000026"
    with pytest.raises(ParameterError, match="検証番号"):
        check_recipient_number("0000027")


def test_institution_code_check_digit():
    assert check_institution_code(CLINIC) == CLINIC
    with pytest.raises(ParameterError, match="検証番号"):
        check_institution_code("1310123456")


def test_opinion_status_overdue_and_expiring(voucher_office):
    from seiho.vouchers.opinions import opinion_status

    clerk = authenticate(voucher_office, "med1", PASSWORD)
    frame = opinion_status(voucher_office, clerk, dt.date(2026, 12, 5))
    assert list(frame["状態"]) == ["期限切れ", "期限間近"]
    assert list(frame["診療別"]) == ["調剤", "入院外"]


def test_opinion_status_sent_then_late(voucher_office):
    from seiho.vouchers.opinions import opinion_status

    with voucher_office.connect() as con:
        con.execute(
            "INSERT INTO medical_necessity_opinions VALUES ('OP1', 'MA2', '00000001', 1, ?, DATE '2026-11-20', DATE '2026-12-04', NULL, NULL, 'med1')",
            [PHARMACY],
        )
    clerk = authenticate(voucher_office, "med1", PASSWORD)
    assert list(opinion_status(voucher_office, clerk, dt.date(2026, 12, 1))["状態"]) == ["期限間近", "返送待ち"]
    assert list(opinion_status(voucher_office, clerk, dt.date(2026, 12, 5))["状態"]) == ["返送遅延", "期限間近"]


def test_opinion_status_returned_clears(voucher_office):
    from seiho.vouchers.opinions import opinion_status

    with voucher_office.connect() as con:
        con.execute(
            "INSERT INTO medical_necessity_opinions VALUES ('OP1', 'MA2', '00000001', 1, ?, DATE '2026-11-20', DATE '2026-12-04',"
            " DATE '2026-12-02', DATE '2027-05-31', 'med1')",
            [PHARMACY],
        )
    clerk = authenticate(voucher_office, "med1", PASSWORD)
    assert list(opinion_status(voucher_office, clerk, dt.date(2026, 12, 5))["診療別"]) == ["入院外"]


def test_opinion_send_and_return_cycle(voucher_office):
    from seiho.vouchers.opinions import opinion_status, record_opinion_returned, record_opinion_sent

    clerk = authenticate(voucher_office, "med1", PASSWORD)
    opinion_id = record_opinion_sent(voucher_office, clerk, "MA2", dt.date(2026, 11, 20), dt.date(2026, 12, 4))
    assert list(opinion_status(voucher_office, clerk, dt.date(2026, 12, 5))["状態"]) == ["返送遅延", "期限間近"]
    record_opinion_returned(voucher_office, clerk, opinion_id, dt.date(2026, 12, 5), dt.date(2027, 5, 31))
    assert list(opinion_status(voucher_office, clerk, dt.date(2026, 12, 5))["診療別"]) == ["入院外"]


def test_opinion_return_twice_rejected(voucher_office):
    from seiho.vouchers.opinions import record_opinion_returned, record_opinion_sent

    clerk = authenticate(voucher_office, "med1", PASSWORD)
    opinion_id = record_opinion_sent(voucher_office, clerk, "MA2", dt.date(2026, 11, 20), dt.date(2026, 12, 4))
    record_opinion_returned(voucher_office, clerk, opinion_id, dt.date(2026, 12, 1), dt.date(2027, 5, 31))
    with pytest.raises(ParameterError, match="返送済み"):
        record_opinion_returned(voucher_office, clerk, opinion_id, dt.date(2026, 12, 2), dt.date(2027, 5, 31))


def test_opinion_sent_unknown_decision_rejected(voucher_office):
    from seiho.vouchers.opinions import record_opinion_sent

    clerk = authenticate(voucher_office, "med1", PASSWORD)
    with pytest.raises(ParameterError, match="MA9"):
        record_opinion_sent(voucher_office, clerk, "MA9", dt.date(2026, 11, 20), dt.date(2026, 12, 4))
