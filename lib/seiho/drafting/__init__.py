"""Transcript or typed notes to a 面接記録票 / ケース記録 draft, each sentence linked to its segments."""

from seiho.drafting.draft import draft_record
from seiho.drafting.evidence import unsupported_numbers
from seiho.drafting.extract import record_fields
from seiho.drafting.model import Draft, DraftSentence, SourceSegment
from seiho.drafting.normalise import find_values, normalise_text, numbers_in
from seiho.drafting.notes import segments_from_notes

__all__ = [
    "Draft", "DraftSentence", "SourceSegment", "draft_record", "find_values",
    "normalise_text", "numbers_in", "record_fields", "segments_from_notes", "unsupported_numbers",
]
