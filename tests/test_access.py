"""Login, role scopes, pseudonyms and the audit trail of household reads."""

import pytest

from seiho.access import authenticate
from seiho.access.users import acting_user
from seiho.errors import AccessDenied, LoginFailed, ParameterError
from seiho.household import household_file, pseudonymised_households, search_households

from conftest import AS_OF, PASSWORD


def audit_actions(store, user_id):
    with store.connect() as con:
        return [row[0] for row in con.execute(
            "SELECT action FROM audit_log WHERE user_id = ? ORDER BY occurred_at", [user_id]).fetchall()]


def test_login_accepts_correct_password(small_office):
    user = authenticate(small_office, "cw1", PASSWORD)
    assert user.caseworker_id == "C01"


def test_login_rejects_wrong_password(small_office):
    with pytest.raises(LoginFailed) as raised:
        authenticate(small_office, "cw1", "wrong")
    assert "パスワードが違います" in raised.value.message_ja


def test_login_failure_is_audited(small_office):
    with pytest.raises(LoginFailed):
        authenticate(small_office, "cw1", "wrong")
    assert audit_actions(small_office, "cw1") == ["login_failed"]


def test_caseworker_search_sees_own_caseload(small_office):
    user = authenticate(small_office, "cw1", PASSWORD)
    found = search_households(small_office, user, "0000")
    assert list(found["ケース番号"]) == ["00000001", "00000002"]


def test_supervisor_search_sees_whole_office(small_office):
    user = authenticate(small_office, "sv1", PASSWORD)
    found = search_households(small_office, user, "0000")
    assert len(found) == 4


def test_search_by_common_kanji_finds_variant(small_office):
    user = authenticate(small_office, "sv1", PASSWORD)
    found = search_households(small_office, user, "高橋")
    assert list(found["世帯主氏名"]) == ["髙橋 トメ"]


def test_search_by_hiragana_finds_kana(small_office):
    user = authenticate(small_office, "sv1", PASSWORD)
    found = search_households(small_office, user, "やまさき")
    assert list(found["ケース番号"]) == ["00000002"]


def test_search_by_member_name_finds_household(small_office):
    user = authenticate(small_office, "cw1", PASSWORD)
    found = search_households(small_office, user, "陽翔")
    assert list(found["ケース番号"]) == ["00000002"]


def test_search_by_fullwidth_digits(small_office):
    user = authenticate(small_office, "sv1", PASSWORD)
    found = search_households(small_office, user, "０００００００３")
    assert list(found["ケース番号"]) == ["00000003"]


def test_caseworker_cannot_open_other_caseload(small_office):
    user = authenticate(small_office, "cw1", PASSWORD)
    with pytest.raises(AccessDenied):
        household_file(small_office, user, "00000003", today=AS_OF)


def test_denied_view_is_audited(small_office):
    user = authenticate(small_office, "cw1", PASSWORD)
    with pytest.raises(AccessDenied):
        household_file(small_office, user, "00000003", today=AS_OF)
    assert "view_household_denied" in audit_actions(small_office, "cw1")


def test_household_view_is_audited_with_case(small_office):
    user = authenticate(small_office, "cw1", PASSWORD)
    household_file(small_office, user, "00000001", today=AS_OF)
    with small_office.connect() as con:
        rows = con.execute("SELECT case_number FROM audit_log WHERE action = 'view_household'").fetchall()
    assert rows == [("00000001",)]


def test_household_file_computes_age_at_date(small_office):
    user = authenticate(small_office, "cw1", PASSWORD)
    file = household_file(small_office, user, "00000002", today=AS_OF)
    ages = dict(zip(file.members["氏名"], file.members["年齢"]))
    # Born 2016-12-02: still 9 on 2026-12-01, one day before the birthday.
    assert ages["山﨑 陽翔"] == 9


def test_household_file_keeps_variant_name(small_office):
    user = authenticate(small_office, "cw1", PASSWORD)
    file = household_file(small_office, user, "00000001", today=AS_OF)
    assert file.summary["世帯主氏名"] == "髙橋 トメ"


def test_analyst_cannot_search_names(small_office):
    user = authenticate(small_office, "ana1", PASSWORD)
    with pytest.raises(AccessDenied):
        search_households(small_office, user, "髙橋")


def test_analyst_rows_have_no_names(small_office):
    user = authenticate(small_office, "ana1", PASSWORD)
    frame = pseudonymised_households(small_office, user)
    text = frame.to_csv()
    assert "髙橋" not in text
    assert "00000001" not in text
    assert frame["仮名ID"].str.startswith("P-").all()


def test_pseudonyms_stable_across_calls(small_office):
    user = authenticate(small_office, "ana1", PASSWORD)
    first = list(pseudonymised_households(small_office, user)["仮名ID"])
    second = list(pseudonymised_households(small_office, user)["仮名ID"])
    assert first == second


def test_acting_user_unknown_id_names_fix(small_office):
    with pytest.raises(ParameterError, match="seiho user list"):
        acting_user(small_office, "nobody")


def test_acting_user_missing_id_asks_for_user(small_office):
    with pytest.raises(ParameterError, match="--user"):
        acting_user(small_office, None)
