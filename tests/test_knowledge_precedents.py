"""The office's precedents: entry with selectable fields, guards and filtered search."""

import pytest

from seiho.access.users import load_user
from seiho.errors import AccessDenied, SeihoError
from seiho.knowledge.precedents import add_precedent, load_precedent_fields, search_precedents


def user(store, user_id):
    with store.connect() as con:
        return load_user(con, user_id)


def add_sample(store, acting, **overrides):
    values = dict(
        title="年金の遡及受給があった場合の返還額",
        business_area="法63条返還金",
        characteristics=["高齢", "単身"],
        question="障害年金が2年分さかのぼって支給された。返還額はどう決めたか。",
        answer="受給した年金額を資力とし、自立更生に充てる費用を控除して返還額を決定した。",
        legal_basis="生活保護法第63条",
    )
    values.update(overrides)
    return add_precedent(store, acting, **values)


def test_precedent_fields_load():
    fields = load_precedent_fields()
    assert "法63条返還金" in fields.business_areas
    assert "高齢" in fields.characteristics


def test_precedent_add_and_find(small_office):
    caseworker = user(small_office, "cw1")
    added = add_sample(small_office, caseworker)
    found = search_precedents(small_office, caseworker, "年金がさかのぼって入った")
    assert [p.precedent_id for p in found] == [added.precedent_id]


def test_precedent_add_writes_audit(small_office):
    add_sample(small_office, user(small_office, "cw1"))
    with small_office.connect() as con:
        count = con.execute("SELECT count(*) FROM audit_log WHERE action = 'knowledge.precedent.add'").fetchone()[0]
    assert count == 1


def test_precedent_filter_by_area(small_office):
    caseworker = user(small_office, "cw1")
    add_sample(small_office, caseworker)
    add_sample(small_office, caseworker, title="扶養照会の範囲", business_area="扶養義務", characteristics=["母子・父子"])
    found = search_precedents(small_office, caseworker, business_area="扶養義務")
    assert [p.title for p in found] == ["扶養照会の範囲"]


def test_precedent_filter_needs_every_characteristic(small_office):
    caseworker = user(small_office, "cw1")
    add_sample(small_office, caseworker)
    assert len(search_precedents(small_office, caseworker, characteristics=["高齢", "単身"])) == 1
    assert search_precedents(small_office, caseworker, characteristics=["高齢", "障害"]) == []


def test_precedent_analyst_may_read(small_office):
    add_sample(small_office, user(small_office, "sv1"))
    assert len(search_precedents(small_office, user(small_office, "ana1"))) == 1


def test_precedent_analyst_cannot_add(small_office):
    with pytest.raises(AccessDenied):
        add_sample(small_office, user(small_office, "ana1"))


def test_precedent_unknown_area_rejected(small_office):
    with pytest.raises(SeihoError, match="業務区分「年金」"):
        add_sample(small_office, user(small_office, "cw1"), business_area="年金")


def test_precedent_unknown_characteristic_rejected(small_office):
    with pytest.raises(SeihoError, match="富裕"):
        add_sample(small_office, user(small_office, "cw1"), characteristics=["富裕"])


def test_precedent_empty_answer_rejected(small_office):
    with pytest.raises(SeihoError, match="対応・結論"):
        add_sample(small_office, user(small_office, "cw1"), answer="  ")


@pytest.mark.parametrize("text, message", [
    ("ケース00000003の世帯で", "8桁の数字"),
    ("連絡先は03-1234-5678", "電話番号"),
    ("架空太郎さんの年金", "世帯員の氏名"),
    ("髙橋 トメ さんの件", "世帯員の氏名"),
    ("山﨑陽翔くんの給食費", "世帯員の氏名"),
])
def test_precedent_personal_data_rejected(small_office, text, message):
    with pytest.raises(SeihoError, match=message):
        add_sample(small_office, user(small_office, "cw1"), question=text)


def test_precedent_other_office_not_seen(small_office):
    caseworker = user(small_office, "cw1")
    add_sample(small_office, caseworker)
    with small_office.connect() as con:
        con.execute("UPDATE knowledge_precedents SET office_code = '999999'")
    assert search_precedents(small_office, caseworker) == []
