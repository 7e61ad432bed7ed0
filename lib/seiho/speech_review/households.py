"""The households and consents a user can choose from when drafting a record."""

import datetime as dt
from dataclasses import dataclass

from seiho.access import User, household_scope, require_role
from seiho.speech.access import normalise_case_number
from seiho.speech_review.access import DRAFT_ROLES, check_household
from seiho.store import Store, record_event
from seiho.store.audit import record_events


@dataclass(frozen=True)
class ConsentRow:
    """One 録音同意 of a household as the chooser shows it."""

    consent_id: str
    consented_at: dt.datetime
    method: str
    present: str | None
    visit_id: str | None
    withdrawn_at: dt.datetime | None

    @property
    def label(self) -> str:
        """The chooser text: date and time, method, who was present, and 撤回済み when withdrawn."""
        text = f"{self.consented_at:%Y-%m-%d %H:%M} {self.method}"
        if self.present:
            text += f"（同席: {self.present}）"
        if self.withdrawn_at is not None:
            text += " 撤回済み"
        return text


def draftable_households(store: Store, user: User) -> list[tuple[str, str]]:
    """Return (label, case_number) for the households in the user's scope that are under assistance, by case number."""
    require_role(user, *DRAFT_ROLES, action="ケース記録を作成する世帯を選ぶ")
    condition, parameters = household_scope(user, "h")
    with store.connect() as connection:
        rows = connection.execute(
            f"SELECT h.case_number, h.head_name FROM households h WHERE {condition} AND h.status <> '廃止'"
            " ORDER BY h.case_number",
            parameters,
        ).fetchall()
        record_events(connection, user.user_id, "record_draft_household_list", [row[0] for row in rows])
    return [(f"{case_number} {head_name}", case_number) for case_number, head_name in rows]


def household_consents(store: Store, user: User, case_number: str) -> list[ConsentRow]:
    """Return the household's recording consents, newest first, withdrawn ones included.

    The case number may lack its leading zeros.
    """
    case_number = normalise_case_number(case_number)
    with store.connect() as connection:
        check_household(connection, user, case_number, "録音同意を見る")
        rows = connection.execute(
            "SELECT consent_id, consented_at, method, present, visit_id, withdrawn_at FROM recording_consents"
            " WHERE case_number = ? ORDER BY consented_at DESC, consent_id DESC",
            [case_number],
        ).fetchall()
        record_event(connection, user.user_id, "recording_consent_list", case_number, f"{len(rows)} consents")
    return [ConsentRow(*row) for row in rows]



def recording_label(recording) -> str:
    """Return the chooser text of a ``seiho.speech.RecordingInfo``: file name, length, status and when it was stored."""
    minutes, seconds = divmod(int(round(recording.duration)), 60)
    audio = "" if recording.audio_kept else "・音声削除済み"
    return f"{recording.original_name}（{minutes}分{seconds:02d}秒・{recording.status}{audio}・{recording.stored_at:%Y-%m-%d %H:%M}）"
