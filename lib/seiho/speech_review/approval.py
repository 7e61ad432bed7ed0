"""Delete a record's audio once the record is approved, through the approval hook of ``seiho.records``."""

import logging

from seiho.access import User
from seiho.records import register_approval_hook
from seiho.store import Store

log = logging.getLogger(__name__)


def delete_audio_of_approved_record(store: Store, user: User, record_id: str) -> None:
    """Call ``seiho.speech.delete_audio_after_approval`` for the recording the approved record was drafted from.

    A record typed by hand or drafted from notes has no recording, so nothing happens.
    ``delete_audio_after_approval`` keeps the audio when the office sets a retention period.
    """
    from seiho.speech import delete_audio_after_approval

    with store.connect() as connection:
        row = connection.execute("SELECT recording_id FROM record_drafts WHERE record_id = ?", [record_id]).fetchone()
    if row is None or row[0] is None:
        return
    delete_audio_after_approval(store, user, row[0])
    log.info("handled the audio of recording %s after approval of record %s", row[0], record_id)


register_approval_hook(delete_audio_of_approved_record)
