"""Typed notes as segments: one segment per sentence, with an optional speaker label before a colon."""

import re

from seiho.drafting.extract import split_sentences
from seiho.drafting.model import SourceSegment

# 「CW: …」「本人：…」: a short label before a colon names the speaker.
_LABEL = re.compile(r"^\s*([^\s:：]{1,8})\s*[:：]\s*(.+)$")


def segments_from_notes(text: str) -> list[SourceSegment]:
    """Split typed notes into SourceSegments, one per sentence; start and end hold the line number."""
    segments: list[SourceSegment] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        speaker = None
        match = _LABEL.match(line)
        if match:
            speaker, line = match.group(1), match.group(2)
        for sentence in split_sentences(line):
            segments.append(SourceSegment(
                segment_id=len(segments), start=float(line_number), end=float(line_number),
                text=sentence + "。", speaker=speaker,
            ))
    return segments
