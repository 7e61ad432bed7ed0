"""The case-record workflow: drafts, submission, approval, return with comment, and who may do what."""

import datetime as dt
import subprocess
import sys

import pytest

from seiho.access import Role, User
from seiho.errors import AccessDenied, SeihoError
from seiho.records import (
    APPROVED,
    DRAFT,
    PENDING,
    ApprovalHookError,
    RecordStateError,
    approve,
    get_record,
    latest_records,
    open_records_for_caseworker,
    pending_for_supervisor,
    record_history,
    register_approval_hook,
    return_record,
    save_draft,
    submit,
    unregister_approval_hook,
)

CW1 = User("cw1", "利用者 cw1", Role.CASEWORKER, "131999", "C01")
CW2 = User("cw2", "利用者 cw2", Role.CASEWORKER, "131999", "C02")
SV1 = User("sv1", "利用者 sv1", Role.SUPERVISOR, "131999", "S01")
ANA1 = User("ana1", "利用者 ana1", Role.ANALYST, "131999")
OTHER_SV = User("sv9", "他事務所", Role.SUPERVISOR, "139999", "S99")
DAY = dt.date(2026, 12, 3)


def draft(store, body="自宅を訪問した。体調は安定している。"):
    return save_draft(store, CW1, "00000001", "定期訪問", body, DAY, kind="家庭訪問")


def audit_actions(store, record_id):
    with store.connect() as con:
        rows = con.execute("SELECT action FROM audit_log WHERE detail LIKE ? ORDER BY occurred_at", [f"%{record_id}%"]).fetchall()
    return [row[0] for row in rows]


def test_workflow_full_round_trip(small_office):
    record_id = draft(small_office)
    submit(small_office, CW1, record_id)
    return_record(small_office, SV1, record_id, "本人の就労意欲について追記してください。")

    returned = get_record(small_office, CW1, record_id)
    assert returned.status == DRAFT
    assert returned.return_comment == "本人の就労意欲について追記してください。"

    save_draft(small_office, CW1, "00000001", "定期訪問", "自宅を訪問した。就労意欲はある。", DAY, kind="家庭訪問", record_id=record_id)
    submit(small_office, CW1, record_id)
    assert get_record(small_office, SV1, record_id).status == PENDING
    approve(small_office, SV1, record_id)

    approved = get_record(small_office, SV1, record_id)
    assert approved.status == APPROVED
    assert approved.approved_by == "S01"
    assert approved.approved_at is not None
    assert approved.body == "自宅を訪問した。就労意欲はある。"
    assert approved.return_comment is None


def test_workflow_history_lists_steps(small_office):
    record_id = draft(small_office)
    submit(small_office, CW1, record_id)
    return_record(small_office, SV1, record_id, "日付を確認してください。")
    submit(small_office, CW1, record_id)
    approve(small_office, SV1, record_id, "確認しました。")

    steps = record_history(small_office, SV1, record_id)
    assert [step.action for step in steps] == ["提出", "差戻し", "提出", "承認"]
    assert steps[1].comment == "日付を確認してください。"
    assert steps[1].acted_by == "sv1"
    assert steps[3].comment == "確認しました。"


def test_workflow_steps_are_audited(small_office):
    record_id = draft(small_office)
    submit(small_office, CW1, record_id)
    approve(small_office, SV1, record_id)
    actions = audit_actions(small_office, record_id)
    assert "create_case_record" in actions
    assert "submit_case_record" in actions
    assert "approve_case_record" in actions


def test_approved_record_is_read_only(small_office):
    record_id = draft(small_office)
    submit(small_office, CW1, record_id)
    approve(small_office, SV1, record_id)
    with pytest.raises(RecordStateError, match="承認済み"):
        save_draft(small_office, CW1, "00000001", "定期訪問", "書き換え", DAY, record_id=record_id)
    with pytest.raises(RecordStateError):
        return_record(small_office, SV1, record_id, "戻したい")
    assert get_record(small_office, CW1, record_id).body == "自宅を訪問した。体調は安定している。"


def test_pending_record_not_editable(small_office):
    record_id = draft(small_office)
    submit(small_office, CW1, record_id)
    with pytest.raises(RecordStateError, match="承認待ち"):
        save_draft(small_office, CW1, "00000001", "定期訪問", "書き換え", DAY, record_id=record_id)


def test_caseworker_cannot_approve(small_office):
    record_id = draft(small_office)
    submit(small_office, CW1, record_id)
    with pytest.raises(AccessDenied):
        approve(small_office, CW1, record_id)
    assert get_record(small_office, CW1, record_id).status == PENDING


def test_other_caseworker_cannot_edit(small_office):
    record_id = draft(small_office)
    with pytest.raises(AccessDenied, match="担当世帯ではない"):
        save_draft(small_office, CW2, "00000001", "定期訪問", "他人が書く", DAY, record_id=record_id)
    with pytest.raises(AccessDenied):
        submit(small_office, CW2, record_id)
    with pytest.raises(AccessDenied):
        get_record(small_office, CW2, record_id)


def test_other_caseworker_cannot_create(small_office):
    with pytest.raises(AccessDenied):
        save_draft(small_office, CW2, "00000001", "定期訪問", "本文", DAY)


def test_supervisor_cannot_write_records(small_office):
    with pytest.raises(AccessDenied):
        save_draft(small_office, SV1, "00000001", "定期訪問", "本文", DAY)


def test_analyst_refused_everywhere(small_office):
    record_id = draft(small_office)
    submit(small_office, CW1, record_id)
    with pytest.raises(AccessDenied):
        save_draft(small_office, ANA1, "00000001", "定期訪問", "本文", DAY)
    with pytest.raises(AccessDenied):
        approve(small_office, ANA1, record_id)
    with pytest.raises(AccessDenied):
        get_record(small_office, ANA1, record_id)
    with pytest.raises(AccessDenied):
        pending_for_supervisor(small_office, ANA1)


def test_supervisor_of_other_office_refused(small_office):
    record_id = draft(small_office)
    submit(small_office, CW1, record_id)
    with pytest.raises(AccessDenied, match="別の福祉事務所"):
        approve(small_office, OTHER_SV, record_id)


def test_return_requires_comment(small_office):
    record_id = draft(small_office)
    submit(small_office, CW1, record_id)
    with pytest.raises(SeihoError, match="コメント"):
        return_record(small_office, SV1, record_id, "  ")
    assert get_record(small_office, SV1, record_id).status == PENDING


def test_submit_rejects_empty_body(small_office):
    record_id = draft(small_office, body="")
    with pytest.raises(SeihoError, match="本文が空"):
        submit(small_office, CW1, record_id)


def test_save_rejects_unknown_kind(small_office):
    with pytest.raises(SeihoError, match="記録区分"):
        save_draft(small_office, CW1, "00000001", "定期訪問", "本文", DAY, kind="雑談")


def test_save_rejects_other_household(small_office):
    record_id = draft(small_office)
    with pytest.raises(SeihoError, match="00000001 の記録"):
        save_draft(small_office, CW1, "00000002", "定期訪問", "本文", DAY, record_id=record_id)


def test_pending_lists_office_queue(small_office):
    first = draft(small_office)
    second = draft(small_office)
    submit(small_office, CW1, first)
    pending = pending_for_supervisor(small_office, SV1)
    assert [record.record_id for record in pending] == [first]
    assert second not in [record.record_id for record in pending]


def test_open_records_show_return(small_office):
    record_id = draft(small_office)
    submit(small_office, CW1, record_id)
    return_record(small_office, SV1, record_id, "追記してください。")
    mine = open_records_for_caseworker(small_office, CW1)
    assert [record.record_id for record in mine] == [record_id]
    assert mine[0].return_comment == "追記してください。"
    assert open_records_for_caseworker(small_office, CW2) == []


def test_latest_records_newest_first(small_office):
    for day in (dt.date(2026, 11, 20), dt.date(2026, 11, 25), dt.date(2026, 12, 1)):
        save_draft(small_office, CW1, "00000001", f"訪問 {day}", "本文", day)
    latest = latest_records(small_office, CW1, "00000001")
    assert [record.recorded_on for record in latest] == [dt.date(2026, 12, 1), dt.date(2026, 11, 25), dt.date(2026, 11, 20)]


def test_approval_hook_called_once(small_office):
    called = []

    def hook(store, user, record_id):
        called.append((user.user_id, record_id))

    register_approval_hook(hook)
    register_approval_hook(hook)
    try:
        record_id = draft(small_office)
        submit(small_office, CW1, record_id)
        approve(small_office, SV1, record_id)
    finally:
        unregister_approval_hook(hook)
    assert called == [("sv1", record_id)]


def test_failing_hook_keeps_approval(small_office):
    def broken(store, user, record_id):
        raise RuntimeError("disk full")

    register_approval_hook(broken)
    try:
        record_id = draft(small_office)
        submit(small_office, CW1, record_id)
        with pytest.raises(ApprovalHookError, match="承認は取り消されていません"):
            approve(small_office, SV1, record_id)
    finally:
        unregister_approval_hook(broken)
    assert get_record(small_office, SV1, record_id).status == APPROVED


def test_hook_modules_register_without_import():
    # A fresh process that never imports the speech review package still gets its hook.
    script = (
        "from seiho.records import hooks\n"
        "hooks.load_hook_modules()\n"
        "print(sorted(hook.__qualname__ for hook in hooks._approval_hooks))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "delete_audio_of_approved_record" in result.stdout


def test_submit_rejects_placeholder(small_office):
    record_id = draft(small_office, body="＿病院に定期通院中。次回訪問は＿頃の予定と伝えた。")
    with pytest.raises(SeihoError) as raised:
        submit(small_office, CW1, record_id)
    assert "本文" in raised.value.message_ja
    assert "「＿」が 2 か所残っている" in raised.value.message_ja
    assert "書き換えて保存してから提出してください" in raised.value.message_ja
    assert get_record(small_office, CW1, record_id).status == DRAFT
    assert "submit_case_record" not in audit_actions(small_office, record_id)

    save_draft(small_office, CW1, "00000001", "定期訪問", "架空病院に定期通院中。次回訪問は1月頃の予定と伝えた。", DAY,
               kind="家庭訪問", record_id=record_id)
    submit(small_office, CW1, record_id)
    assert get_record(small_office, CW1, record_id).status == PENDING


def test_submit_rejects_placeholder_title(small_office):
    record_id = save_draft(small_office, CW1, "00000001", "＿の件", "本人から相談があった。", DAY)
    with pytest.raises(SeihoError, match="の表題に"):
        submit(small_office, CW1, record_id)
    assert get_record(small_office, CW1, record_id).status == DRAFT
