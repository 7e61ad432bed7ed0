"""From a transcript or typed notes to a reviewed case record: evidence storage, listing and playback.

Importing the package registers the approval hook that deletes a record's
audio once the record is approved (``seiho.speech_review.approval``).
"""

from seiho.speech_review import approval
from seiho.speech_review.evidence import (
    ADDED,
    EDITED,
    UNCHANGED,
    DraftLocked,
    EvidenceSentence,
    RecordDraft,
    add_sentence,
    delete_sentence,
    edit_sentence,
    list_record_drafts,
    load_record_draft,
    save_draft_record,
    set_needs_check,
    submit_draft,
)

__all__ = [
    "ADDED", "EDITED", "UNCHANGED", "DraftLocked", "EvidenceSentence", "RecordDraft", "add_sentence",
    "approval", "delete_sentence", "edit_sentence", "list_record_drafts", "load_record_draft",
    "save_draft_record", "set_needs_check", "submit_draft",
]
