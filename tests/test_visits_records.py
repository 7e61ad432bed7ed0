"""定型文 loading and recording a visit with its draft case record."""

import datetime as dt

import pytest

from seiho.access import Role, User
from seiho.errors import AccessDenied, ParameterError, SeihoError
from seiho.records import DRAFT, RecordStateError, get_record, return_record, save_draft, submit
from seiho.visits.plan import due_visits
from seiho.visits.phrases import load_phrases
from seiho.visits.visit_records import get_visit_record, record_visit, update_visit_record

CW1 = User("cw1", "利用者 cw1", Role.CASEWORKER, "131999", "C01")
CW2 = User("cw2", "利用者 cw2", Role.CASEWORKER, "131999", "C02")
SV1 = User("sv1", "利用者 sv1", Role.SUPERVISOR, "131999", "S01")
DAY = dt.date(2026, 12, 3)


def write(tmp_path, text):
    path = tmp_path / "phrases.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_phrases_shipped_file_loads():
    library = load_phrases()
    names = [category.name for category in library.categories]
    for expected in ("生活状況", "健康状態", "就労", "収入申告", "住居", "指導指示・説明"):
        assert expected in names
    assert library.phrase("health-stable").text.endswith("とのこと。")


def test_phrases_missing_file(tmp_path):
    with pytest.raises(ParameterError, match="がありません"):
        load_phrases(tmp_path / "none.yaml")


def test_phrases_invalid_yaml(tmp_path):
    path = write(tmp_path, "categories: [\n")
    with pytest.raises(ParameterError, match="YAML として読めません"):
        load_phrases(path)


def test_phrases_duplicate_id_named(tmp_path):
    path = write(tmp_path, """
categories:
  - category: 生活状況
    phrases:
      - {id: a-1, text: 一つ目。}
  - category: 健康状態
    phrases:
      - {id: a-1, text: 二つ目。}
""")
    with pytest.raises(ParameterError) as raised:
        load_phrases(path)
    assert "健康状態" in raised.value.message_ja
    assert "a-1" in raised.value.message_ja
    assert str(path) in raised.value.message_ja


def test_phrases_bad_id_named(tmp_path):
    path = write(tmp_path, """
categories:
  - category: 就労
    phrases:
      - {id: 就労1, text: 就労中。}
""")
    with pytest.raises(ParameterError, match="「就労」の 1 番目"):
        load_phrases(path)


def test_phrases_empty_text_named(tmp_path):
    path = write(tmp_path, """
categories:
  - category: 住居
    phrases:
      - {id: housing-x, text: ""}
""")
    with pytest.raises(ParameterError, match="housing-x"):
        load_phrases(path)


def test_phrases_empty_category_named(tmp_path):
    path = write(tmp_path, """
categories:
  - category: 住居
    phrases: []
""")
    with pytest.raises(ParameterError, match="「住居」に定型文がありません"):
        load_phrases(path)


def test_phrases_too_long_rejected(tmp_path):
    path = write(tmp_path, f"""
categories:
  - category: 住居
    phrases:
      - {{id: long, text: {'あ' * 81}}}
""")
    with pytest.raises(ParameterError, match="81 字"):
        load_phrases(path)


def test_record_visit_saves_both(small_office):
    saved = record_visit(small_office, CW1, "00000001", DAY, "家庭訪問", "面会", "体調は安定しており、特に変わりないとのこと。")
    record = get_record(small_office, CW1, saved.record_id)
    assert record.status == DRAFT
    assert record.visit_id == saved.visit_id
    assert record.kind == "家庭訪問"
    assert record.title == "家庭訪問（面会）"
    with small_office.connect() as con:
        visit = con.execute("SELECT caseworker_id, visited_on, result FROM visits WHERE visit_id = ?", [saved.visit_id]).fetchone()
    assert visit == ("C01", DAY, "面会")


def test_record_visit_other_caseworker_refused(small_office):
    with pytest.raises(AccessDenied):
        record_visit(small_office, CW2, "00000001", DAY, "家庭訪問", "不在", "不在。")
    with small_office.connect() as con:
        count = con.execute("SELECT count(*) FROM visits WHERE case_number = '00000001'").fetchone()[0]
    assert count == 0


def test_record_visit_supervisor_refused(small_office):
    with pytest.raises(AccessDenied):
        record_visit(small_office, SV1, "00000001", DAY, "家庭訪問", "面会", "本文")


def test_record_visit_bad_kind(small_office):
    with pytest.raises(SeihoError, match="訪問の種類"):
        record_visit(small_office, CW1, "00000001", DAY, "散歩", "面会", "本文")


def test_record_visit_future_date(small_office):
    with pytest.raises(SeihoError, match="未来の日付"):
        record_visit(small_office, CW1, "00000001", dt.date.today() + dt.timedelta(days=1), "家庭訪問", "面会", "本文")


def test_record_visit_empty_body_rejected(small_office):
    with pytest.raises(SeihoError, match="本文が空です"):
        record_visit(small_office, CW1, "00000001", DAY, "家庭訪問", "面会", "  ")
    with small_office.connect() as con:
        count = con.execute("SELECT count(*) FROM visits").fetchone()[0]
    assert count == 0


def test_record_visit_without_household_rejected(small_office):
    with pytest.raises(SeihoError, match="世帯が選ばれていません"):
        record_visit(small_office, CW1, None, DAY, "家庭訪問", "面会", "本文")


def _due_cases(store, month=dt.date(2027, 1, 1)):
    with store.connect() as con:
        return {visit.case_number for visit in due_visits(con, SV1, month)}


def _add_imported_visit(store, case_number, visited_on):
    with store.connect() as con:
        con.execute(
            "INSERT INTO visits VALUES (?, ?, 'C01', ?, '家庭訪問', '面会')", [f"V-{case_number}-{visited_on}", case_number, visited_on]
        )


def test_draft_visit_not_counted_until_submitted(small_office):
    _add_imported_visit(small_office, "00000002", dt.date(2026, 6, 10))
    saved = record_visit(small_office, CW1, "00000002", DAY, "家庭訪問", "面会", "自宅を訪問した。")
    assert "00000002" in _due_cases(small_office)

    submit(small_office, CW1, saved.record_id)
    assert "00000002" not in _due_cases(small_office)


def test_returned_visit_record_not_counted(small_office):
    _add_imported_visit(small_office, "00000002", dt.date(2026, 6, 10))
    saved = record_visit(small_office, CW1, "00000002", DAY, "家庭訪問", "面会", "自宅を訪問した。")
    submit(small_office, CW1, saved.record_id)
    return_record(small_office, SV1, saved.record_id, "健康状態を追記してください。")
    assert "00000002" in _due_cases(small_office)


def test_submitted_visit_kind_record_adds_visit(small_office):
    record_id = save_draft(small_office, CW1, "00000001", "家庭訪問", "自宅で面会した。", DAY, kind="家庭訪問")
    with small_office.connect() as con:
        before = con.execute("SELECT count(*) FROM visits").fetchone()[0]
    assert before == 0

    submit(small_office, CW1, record_id)
    record = get_record(small_office, CW1, record_id)
    assert record.visit_id is not None
    with small_office.connect() as con:
        visit = con.execute(
            "SELECT case_number, caseworker_id, visited_on, visit_kind, result FROM visits WHERE visit_id = ?", [record.visit_id]
        ).fetchone()
    assert visit == ("00000001", "C01", DAY, "家庭訪問", "面会")


def test_submitted_other_kind_record_adds_no_visit(small_office):
    record_id = save_draft(small_office, CW1, "00000001", "保護費の相談", "本人から相談があった。", DAY)
    submit(small_office, CW1, record_id)
    assert get_record(small_office, CW1, record_id).visit_id is None
    with small_office.connect() as con:
        count = con.execute("SELECT count(*) FROM visits").fetchone()[0]
    assert count == 0


def test_visit_record_submit_keeps_one_visit(small_office):
    saved = record_visit(small_office, CW1, "00000001", DAY, "家庭訪問", "不在", "不在のため連絡票を投函した。")
    submit(small_office, CW1, saved.record_id)
    with small_office.connect() as con:
        rows = con.execute("SELECT visit_id, result FROM visits").fetchall()
    assert rows == [(saved.visit_id, "不在")]


def _visit(store, visit_id):
    with store.connect() as con:
        return con.execute("SELECT visited_on, visit_kind, result FROM visits WHERE visit_id = ?", [visit_id]).fetchone()


def test_update_visit_record_moves_date(small_office):
    saved = record_visit(small_office, CW1, "00000001", DAY, "家庭訪問", "面会", "自宅を訪問した。")
    earlier = DAY - dt.timedelta(days=1)
    update_visit_record(small_office, CW1, saved.record_id, earlier, "自宅を訪問した。", "家庭訪問（面会）")

    assert get_record(small_office, CW1, saved.record_id).recorded_on == earlier
    assert _visit(small_office, saved.visit_id) == (earlier, "家庭訪問", "面会")
    with small_office.connect() as con:
        details = [row[0] for row in con.execute("SELECT detail FROM audit_log WHERE action = 'edit_visit'").fetchall()]
    assert details == [f"visit {saved.visit_id} of record {saved.record_id}: visited_on {DAY} -> {earlier}"]


def test_update_returned_record_moves_date(small_office):
    saved = record_visit(small_office, CW1, "00000001", DAY, "家庭訪問", "面会", "自宅を訪問した。")
    submit(small_office, CW1, saved.record_id)
    return_record(small_office, SV1, saved.record_id, "訪問日を確認してください。")
    earlier = DAY - dt.timedelta(days=2)
    update_visit_record(small_office, CW1, saved.record_id, earlier, "自宅を訪問した。", "家庭訪問（面会）")
    assert get_record(small_office, CW1, saved.record_id).recorded_on == earlier
    assert _visit(small_office, saved.visit_id)[0] == earlier


def test_update_submitted_record_rejected(small_office):
    saved = record_visit(small_office, CW1, "00000001", DAY, "家庭訪問", "面会", "自宅を訪問した。")
    submit(small_office, CW1, saved.record_id)
    with pytest.raises(RecordStateError, match="承認待ち"):
        update_visit_record(small_office, CW1, saved.record_id, DAY - dt.timedelta(days=1), "自宅を訪問した。", "家庭訪問（面会）")
    assert get_record(small_office, CW1, saved.record_id).recorded_on == DAY
    assert _visit(small_office, saved.visit_id)[0] == DAY


def test_update_future_date_rejected(small_office):
    saved = record_visit(small_office, CW1, "00000001", DAY, "家庭訪問", "面会", "自宅を訪問した。")
    with pytest.raises(SeihoError, match="未来の日付"):
        update_visit_record(small_office, CW1, saved.record_id, dt.date.today() + dt.timedelta(days=1), "本文", "表題")
    assert _visit(small_office, saved.visit_id)[0] == DAY


def test_update_other_caseworker_refused(small_office):
    saved = record_visit(small_office, CW1, "00000001", DAY, "家庭訪問", "面会", "自宅を訪問した。")
    with pytest.raises(AccessDenied):
        update_visit_record(small_office, CW2, saved.record_id, DAY - dt.timedelta(days=1), "本文", "表題")
    assert _visit(small_office, saved.visit_id)[0] == DAY


def test_update_shared_visit_not_moved(small_office):
    saved = record_visit(small_office, CW1, "00000001", DAY, "家庭訪問", "面会", "自宅を訪問した。")
    other_id = save_draft(small_office, CW1, "00000001", "補足", "追記。", DAY, visit_id=saved.visit_id, kind="家庭訪問")
    with pytest.raises(SeihoError, match=other_id):
        update_visit_record(small_office, CW1, saved.record_id, DAY - dt.timedelta(days=1), "自宅を訪問した。", "家庭訪問（面会）")
    assert get_record(small_office, CW1, saved.record_id).recorded_on == DAY
    assert _visit(small_office, saved.visit_id)[0] == DAY

    # The same date, kind and result leave the shared visit alone, so the text still saves.
    update_visit_record(small_office, CW1, saved.record_id, DAY, "自宅を訪問した。追記。", "家庭訪問（面会）")
    assert get_record(small_office, CW1, saved.record_id).body == "自宅を訪問した。追記。"


def test_update_record_without_visit_adds_one(small_office):
    record_id = save_draft(small_office, CW1, "00000001", "電話連絡", "本人と電話で話した。", DAY, kind="電話")
    saved = update_visit_record(small_office, CW1, record_id, DAY, "本人と電話で話した。", "電話連絡", result="不在")
    assert get_record(small_office, CW1, record_id).visit_id == saved.visit_id
    assert _visit(small_office, saved.visit_id) == (DAY, "電話", "不在")


def test_update_non_visit_record_rejected(small_office):
    record_id = save_draft(small_office, CW1, "00000001", "保護費の相談", "本人から相談があった。", DAY)
    with pytest.raises(SeihoError, match="訪問の記録ではありません"):
        update_visit_record(small_office, CW1, record_id, DAY, "本人から相談があった。", "保護費の相談")
    with small_office.connect() as con:
        assert con.execute("SELECT count(*) FROM visits").fetchone()[0] == 0


def test_update_visit_record_changes_kind_result(small_office):
    saved = record_visit(small_office, CW1, "00000001", DAY, "家庭訪問", "面会", "自宅を訪問した。")
    update_visit_record(small_office, CW1, saved.record_id, DAY, "電話で話した。", "電話（不在）", visit_kind="電話", result="不在")
    assert _visit(small_office, saved.visit_id) == (DAY, "電話", "不在")
    assert get_record(small_office, CW1, saved.record_id).kind == "電話"

    record, visit = get_visit_record(small_office, CW1, saved.record_id)
    assert record.title == "電話（不在）"
    assert (visit.visit_kind, visit.result) == ("電話", "不在")


def test_update_visit_record_bad_result(small_office):
    saved = record_visit(small_office, CW1, "00000001", DAY, "家庭訪問", "面会", "自宅を訪問した。")
    with pytest.raises(SeihoError, match="訪問の結果"):
        update_visit_record(small_office, CW1, saved.record_id, DAY, "本文", "表題", result="留守")
    assert _visit(small_office, saved.visit_id) == (DAY, "家庭訪問", "面会")


def test_get_visit_record_without_visit(small_office):
    record_id = save_draft(small_office, CW1, "00000001", "保護費の相談", "本人から相談があった。", DAY)
    record, visit = get_visit_record(small_office, CW1, record_id)
    assert record.record_id == record_id
    assert visit is None
