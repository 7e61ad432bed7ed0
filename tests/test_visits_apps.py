"""The 訪問準備 and 訪問記録 dashboards driven without a browser."""

import datetime as dt

from seiho.access import Role, User
from seiho.records import APPROVED, DRAFT, PENDING, get_record, return_record, save_draft, submit
from seiho.visits.prep_app import VisitPrepApp
from seiho.visits.records_app import ApprovalPanel, RecordForm, visit_records_app

CW1 = User("cw1", "利用者 cw1", Role.CASEWORKER, "131999", "C01")
SV1 = User("sv1", "利用者 sv1", Role.SUPERVISOR, "131999", "S01")
DAY = dt.date(2026, 12, 1)


def test_prep_app_hand_picked_sheets(small_office):
    app = VisitPrepApp(small_office, CW1, DAY)
    app.households.value = ("00000001", "00000002")
    app.show_day(picked=True)
    assert len(app.sheets.children) == 2
    assert "髙橋 トメ" in app.sheets.children[0].value
    assert "常時把握" in app.sheets.children[0].value


def test_prep_app_supervisor_switches_caseworker(small_office):
    app = VisitPrepApp(small_office, SV1, DAY)
    app.caseworker.value = "C02"
    assert [value for _, value in app.households.options] == ["00000003"]


def test_record_form_phrase_save_submit(small_office):
    form = RecordForm(small_office, CW1)
    form.household.value = "00000001"
    form.insert("体調は安定しており、特に変わりないとのこと。")
    form.insert("次回訪問は＿頃の予定と伝えた。")
    assert form.body.value == "体調は安定しており、特に変わりないとのこと。\n次回訪問は＿頃の予定と伝えた。"
    assert form.save() is True
    record_id = form.record_id
    assert get_record(small_office, CW1, record_id).status == DRAFT

    # The phrase's 「＿」 is still there, so 提出 keeps the draft and the message names what to fill in.
    form.submit()
    assert get_record(small_office, CW1, record_id).status == DRAFT
    assert "「＿」" in form.message.value
    assert "下書きは保存しました" in form.message.value
    assert form.record_id == record_id

    form.body.value = form.body.value.replace("＿", "1月中旬")
    form.submit()
    assert get_record(small_office, CW1, record_id).status == PENDING
    assert form.record_id is None


def test_approval_panel_return_then_approve(small_office):
    form = RecordForm(small_office, CW1)
    form.household.value = "00000001"
    form.body.value = "自宅を訪問した。"
    form.submit()
    panel = visit_records_app(small_office, SV1)
    assert isinstance(panel, ApprovalPanel)
    record_id = panel.pending.options[1][1]

    panel.pending.value = record_id
    panel.comment.value = "健康状態を追記してください。"
    panel.return_to_author()
    form.refresh_open_records()
    form.load(record_id)
    assert "健康状態を追記してください。" in form.message.value

    form.body.value += "\n体調は安定。"
    form.submit()
    panel.refresh()
    panel.pending.value = record_id
    panel.approve()
    assert get_record(small_office, SV1, record_id).status == APPROVED


def test_record_form_starts_without_household(small_office):
    form = RecordForm(small_office, CW1)
    assert form.household.value is None
    assert form.household.options[0][0] == "（選んでください）"


def test_record_form_empty_save_rejected(small_office):
    form = RecordForm(small_office, CW1)
    assert form.save() is False
    assert "世帯と訪問日を選んでください" in form.message.value
    form.household.value = "00000001"
    assert form.save() is False
    assert "本文が空です" in form.message.value
    with small_office.connect() as con:
        count = con.execute("SELECT count(*) FROM visits").fetchone()[0]
    assert count == 0


def test_record_form_date_change_moves_visit(small_office):
    form = RecordForm(small_office, CW1)
    form.household.value = "00000001"
    form.visited_on.value = DAY
    form.body.value = "自宅を訪問した。"
    assert form.save() is True
    form.visited_on.value = DAY - dt.timedelta(days=1)
    assert form.save() is True

    assert get_record(small_office, CW1, form.record_id).recorded_on == DAY - dt.timedelta(days=1)
    with small_office.connect() as con:
        visited_on = con.execute("SELECT visited_on FROM visits WHERE visit_id = ?", [form.visit_id]).fetchone()[0]
    assert visited_on == DAY - dt.timedelta(days=1)


def _visit(store, visit_id):
    with store.connect() as con:
        return con.execute("SELECT visited_on, visit_kind, result FROM visits WHERE visit_id = ?", [visit_id]).fetchone()


def test_record_form_load_shows_own_kind(small_office):
    author = RecordForm(small_office, CW1)
    author.household.value = "00000001"
    author.visited_on.value = DAY
    author.body.value = "自宅を訪問し、本人と面会した。"
    author.submit()
    record_id = author.open_records.options[1][1]
    return_record(small_office, SV1, record_id, "健康状態を追記してください。")

    form = RecordForm(small_office, CW1)
    form.kind.value = "電話"
    form.result.value = "不在"
    form.load(record_id)
    assert form.kind.value == "家庭訪問"
    assert form.result.value == "面会"
    assert form.kind.disabled is False
    assert form.result.disabled is False
    assert form.household.disabled is True


def test_record_form_changes_kind_result(small_office):
    form = RecordForm(small_office, CW1)
    form.household.value = "00000001"
    form.visited_on.value = DAY
    form.body.value = "本人と面会した。"
    assert form.save() is True
    assert form.title.value == "家庭訪問（面会）"

    form.kind.value = "電話"
    form.result.value = "不在"
    assert form.save() is True
    assert _visit(small_office, form.visit_id) == (DAY, "電話", "不在")
    record = get_record(small_office, CW1, form.record_id)
    assert record.kind == "電話"
    assert record.title == "電話（不在）"
    assert form.title.value == "電話（不在）"


def test_record_form_keeps_typed_title(small_office):
    form = RecordForm(small_office, CW1)
    form.household.value = "00000001"
    form.visited_on.value = DAY
    form.title.value = "収入申告の受理"
    form.body.value = "収入申告書を受け取った。"
    assert form.save() is True
    form.result.value = "不在"
    assert form.save() is True
    assert get_record(small_office, CW1, form.record_id).title == "収入申告の受理"


def test_record_form_submitted_record_locked(small_office):
    form = RecordForm(small_office, CW1)
    form.household.value = "00000001"
    form.visited_on.value = DAY
    form.kind.value = "施設訪問"
    form.body.value = "施設で本人と面会した。"
    form.submit()
    record_id = form.open_records.options[1][1]

    form.load(record_id)
    assert form.kind.value == "施設訪問"
    assert form.kind.disabled is True
    assert form.result.disabled is True
    assert form.visited_on.disabled is True
    assert "承認待ち" in form.message.value


def test_record_form_other_kind_record(small_office):
    record_id = save_draft(small_office, CW1, "00000001", "保護費の相談", "本人から相談があった。", DAY)
    form = RecordForm(small_office, CW1)
    form.load(record_id)
    assert form.kind.value is None
    assert form.kind.disabled is True
    form.body.value += "\n説明した。"
    assert form.save() is True
    assert get_record(small_office, CW1, record_id).kind == "その他"
    with small_office.connect() as con:
        assert con.execute("SELECT count(*) FROM visits").fetchone()[0] == 0

    form.clear()
    assert form.kind.value == "家庭訪問"
    assert form.kind.disabled is False
