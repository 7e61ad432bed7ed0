"""Check that a draft contains no number that its evidence segments do not contain."""

from collections.abc import Iterable
from dataclasses import dataclass

from seiho.drafting.model import Draft, DraftSentence
from seiho.drafting.normalise import normalise_text, numbers_in


@dataclass(frozen=True)
class UnsupportedNumbers:
    """A draft sentence and the numbers in it that none of its evidence segments contains."""

    sentence: DraftSentence
    numbers: frozenset[int]


def evidence_text(sentence: DraftSentence, segments_by_id: dict, draft: Draft) -> str:
    """Return the normalised text of a sentence's evidence segments, joined."""
    return "".join(normalise_text(segments_by_id[segment_id].text, draft.recorded_on) for segment_id in sentence.evidence)


def unsupported_numbers(draft: Draft, segments: Iterable) -> list[UnsupportedNumbers]:
    """Return each sentence whose numbers are not all in its own evidence segments (an empty list when none)."""
    segments_by_id = {segment.segment_id: segment for segment in segments}
    problems = []
    for sentence in draft.sentences:
        missing = numbers_in(sentence.text) - numbers_in(evidence_text(sentence, segments_by_id, draft))
        if missing:
            problems.append(UnsupportedNumbers(sentence, frozenset(missing)))
    return problems
