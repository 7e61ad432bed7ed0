"""The draft record and its sentences, each carrying the transcript segments it came from."""

import datetime as dt
from dataclasses import dataclass, field

from seiho.drafting.dates import wareki_date

NEEDS_CHECK_MARK = "（要確認）"


@dataclass(frozen=True)
class SourceSegment:
    """A piece of transcript or typed notes: the shape the drafter reads (seiho.speech.Segment also fits).

    ``flags``, ``corrections`` and the two probabilities are the transcription's
    quality signals; a segment with a flag, a correction or low confidence gives
    sentences marked 要確認.
    """

    segment_id: int
    start: float
    end: float
    text: str
    speaker: str | None = None
    flags: tuple[str, ...] = ()
    corrections: tuple = ()
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0


@dataclass(frozen=True)
class DraftSentence:
    """One sentence of a draft: its field, text, the segment ids it came from, and whether to check it."""

    field: str
    text: str
    evidence: tuple[int, ...]
    needs_check: bool = False
    note: str = ""


@dataclass
class Draft:
    """A 面接記録票 or ケース記録 draft: the sentences in field order."""

    record_type: str
    kind: str
    recorded_on: dt.date
    heading: str
    sentences: list[DraftSentence] = field(default_factory=list)
    field_order: tuple[str, ...] = ()

    def fields(self) -> list[str]:
        """Return the fields that have sentences, in the record's order."""
        present = {sentence.field for sentence in self.sentences}
        ordered = [name for name in self.field_order if name in present]
        return ordered + sorted(present - set(ordered))

    def render(self) -> str:
        """Return the record body: a first line with date and kind, then 【field】 and its sentences."""
        lines = [f"{wareki_date(self.recorded_on)}、{self.heading}。"]
        for name in self.fields():
            texts = "".join(sentence.text for sentence in self.sentences if sentence.field == name)
            lines.append(f"【{name}】{texts}")
        return "\n".join(lines) + "\n"
