"""The 世帯照会 widgets, driven without a browser."""

from seiho.ui import HouseholdLookupApp, LoginGate
from seiho.access import authenticate

from conftest import PASSWORD


def make_gate(store):
    return LoginGate(store, "世帯照会", lambda user: HouseholdLookupApp(store, user))


def test_login_gate_wrong_password_shows_error(small_office):
    gate = make_gate(small_office)
    gate.user_id.value = "cw1"
    gate.password.value = "wrong"
    gate.log_in()
    assert "パスワードが違います" in gate.message.value


def test_login_gate_success_shows_app(small_office):
    gate = make_gate(small_office)
    gate.user_id.value = "cw1"
    gate.password.value = PASSWORD
    gate.log_in()
    assert isinstance(gate.children[1], HouseholdLookupApp)


def test_lookup_search_lists_households(small_office):
    app = HouseholdLookupApp(small_office, authenticate(small_office, "cw1", PASSWORD))
    app.query.value = "たかはし"
    assert [value for _, value in app.results.options] == ["00000001"]


def test_lookup_select_fills_tabs(small_office):
    app = HouseholdLookupApp(small_office, authenticate(small_office, "cw1", PASSWORD))
    app.query.value = "00000001"
    app.results.value = "00000001"
    assert "髙橋 トメ" in app.summary.value
    assert "見守りを継続" in app.tabs.children[4].value
    assert "体調を確認" in app.tabs.children[5].value


def test_lookup_escapes_html_in_names(small_office):
    with small_office.connect() as con:
        con.execute("UPDATE households SET address = '<script>alert(1)</script>' WHERE case_number = '00000001'")
    app = HouseholdLookupApp(small_office, authenticate(small_office, "cw1", PASSWORD))
    app.show("00000001")
    assert "<script>" not in app.summary.value


def test_lookup_no_hits_message(small_office):
    app = HouseholdLookupApp(small_office, authenticate(small_office, "cw1", PASSWORD))
    app.query.value = "存在しない名前"
    assert "該当する世帯はありません" in app.status.value


def test_analyst_sees_no_search_form(small_office):
    app = HouseholdLookupApp(small_office, authenticate(small_office, "ana1", PASSWORD))
    assert app.query not in app.children
    assert "使えません" in app.children[1].value


def test_login_gate_empty_fields_message(small_office):
    gate = make_gate(small_office)
    gate.log_in(from_button=True)
    assert "両方を入力" in gate.message.value


def test_logout_returns_to_form(small_office):
    gate = make_gate(small_office)
    gate.user_id.value = "cw1"
    gate.password.value = PASSWORD
    gate.log_in()
    gate.log_out()
    assert gate.user is None
    assert gate.password in gate.children


def test_new_search_clears_previous_household(small_office):
    app = HouseholdLookupApp(small_office, authenticate(small_office, "cw1", PASSWORD))
    app.query.value = "00000001"
    app.results.value = "00000001"
    app.query.value = "存在しない名前"
    assert app.summary.value == ""


def test_lookup_case_number_without_zeros(small_office):
    app = HouseholdLookupApp(small_office, authenticate(small_office, "cw1", PASSWORD))
    app.query.value = "2"
    assert [value for _, value in app.results.options] == ["00000002"]


def test_lookup_percent_is_not_wildcard(small_office):
    app = HouseholdLookupApp(small_office, authenticate(small_office, "cw1", PASSWORD))
    app.query.value = "%"
    assert app.results.options == ()


def test_lookup_more_than_limit_says_so(small_office, monkeypatch):
    import seiho.ui.household_lookup as module

    monkeypatch.setattr(module, "RESULT_LIMIT", 1)
    app = HouseholdLookupApp(small_office, authenticate(small_office, "cw1", PASSWORD))
    app.query.value = "0000"
    assert len(app.results.options) == 1
    assert "先頭の1世帯" in app.status.value


def test_repeated_query_searches_once(small_office):
    app = HouseholdLookupApp(small_office, authenticate(small_office, "cw1", PASSWORD))
    app.query.value = "たかはし"
    app.search()
    with small_office.connect() as con:
        searches = con.execute("SELECT count(*) FROM audit_log WHERE action = 'search_households'").fetchone()[0]
    assert searches == 1


def test_click_after_failed_enter_keeps_message(small_office):
    gate = make_gate(small_office)
    gate.user_id.value = "cw1"
    gate.password.value = "wrong"  # Enter in the field: the attempt fails and clears it
    gate.log_in(from_button=True)  # the click that blurred the field
    assert "パスワードが違います" in gate.message.value
