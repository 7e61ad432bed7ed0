"""Transcript segments to a 面接記録票 or ケース記録 draft whose every sentence names its segments."""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from seiho.drafting.compose import compose_sentence
from seiho.drafting.extract import (
    OTHER_FIELD, classify, field_rules, is_confirmation, is_question, is_small_talk,
    split_sentences, spoken_by_caseworker, strip_fillers,
)
from seiho.drafting.model import Draft, DraftSentence
from seiho.drafting.normalise import find_values, normalise_text, numbers_in
from seiho.drafting.supersede import Working, apply_corrections
from seiho.errors import ParameterError

log = logging.getLogger(__name__)

KIND_ALIASES = {"intake": "intake", "visit": "visit", "home_visit": "visit", "phone": "phone"}

# A question sets the field of the answers in the next segments when they name none.
_CONTEXT_SEGMENTS = 2
# Whisper's average log-probability below this, or a no-speech probability above the
# other, marks a segment as uncertain (faster-whisper's own fallback thresholds).
_LOW_LOGPROB = -1.0
_HIGH_NO_SPEECH = 0.6


# An answer shorter than this that names no topic and no number (「入れ歯」「そうなんですね」) is left out.
_MIN_ANSWER_CHARS = 8


@dataclass
class _Context:
    field: str | None = None
    segment_id: int | None = None
    remaining: int = 0


def _uncertain_segment(segment) -> str:
    """Return why a transcript segment is uncertain ('' when it is not)."""
    reasons = []
    if getattr(segment, "flags", ()):
        reasons.append("・".join(segment.flags))
    if getattr(segment, "avg_logprob", 0.0) < _LOW_LOGPROB or getattr(segment, "no_speech_prob", 0.0) > _HIGH_NO_SPEECH:
        reasons.append("音声認識の確からしさが低い")
    corrections = getattr(segment, "corrections", ())
    if corrections:
        reasons.append("語彙訂正: " + "、".join(f"{item.original}→{item.replacement}" for item in corrections))
    return "；".join(reasons)


def _check_kind(kind: str) -> str:
    if kind not in KIND_ALIASES:
        raise ParameterError(
            f"記録の種類「{kind}」は使えません。intake（来所面接）、visit（家庭訪問）、phone（電話）のいずれかを指定してください。",
            f"unknown draft kind {kind!r}",
        )
    return KIND_ALIASES[kind]


def draft_record(segments: Iterable, kind: str, recorded_on: dt.date) -> Draft:
    """Draft a record from segments (objects with segment_id, start, end, text, speaker).

    kind is intake (面接記録票), visit or phone (ケース記録). Numbers and dates are
    normalised against ``recorded_on``, superseded values are removed, and each
    sentence keeps the ids of the segments it came from.
    """
    kind = _check_kind(kind)
    rules = field_rules()
    ordered = sorted(segments, key=lambda segment: (segment.start, segment.segment_id))
    workings = apply_corrections([Working(segment.segment_id, normalise_text(segment.text, recorded_on)) for segment in ordered])

    drafted: list[tuple[int, DraftSentence]] = []
    seen_values: dict[str, set[tuple[str, int]]] = {}
    seen_texts: set[str] = set()
    context = _Context()
    for segment, working in zip(ordered, workings):
        uncertainty = "；".join(filter(None, [_uncertain_segment(segment), "；".join(working.notes)]))
        context.remaining -= 1

        for raw in split_sentences(working.text):
            sentence = strip_fillers(raw)
            if len(sentence) < 3 or is_small_talk(sentence):
                continue
            values = {(value.kind, value.number) for value in find_values(sentence)}
            has_numbers = bool(numbers_in(sentence))
            field = classify(sentence, kind)

            evidence = (segment.segment_id,)
            inherited = False
            if field is None and context.remaining > 0 and context.field:
                field, inherited = context.field, True
                evidence = tuple(sorted({context.segment_id, segment.segment_id}))
            if field:
                # A question's field carries to the answers; a statement's to the next turn.
                span = _CONTEXT_SEGMENTS if is_question(sentence) else 1
                context = _Context(field, segment.segment_id, span + 1)
            if is_question(sentence) and not has_numbers:
                continue
            if field is None:
                if not has_numbers:
                    continue
                field = OTHER_FIELD

            caseworker = spoken_by_caseworker(segment.speaker, sentence)
            if inherited and not has_numbers and (caseworker or len(sentence) < _MIN_ANSWER_CHARS):
                # Remarks that name no topic and no number are conversation, not record.
                continue
            confirmation = is_confirmation(sentence) and bool(values)
            if confirmation and values and values <= seen_values.get(field, set()):
                continue
            seen_values.setdefault(field, set()).update(values)

            needs_check = bool(uncertainty) or field == OTHER_FIELD
            note = uncertainty or ("欄を判定できない" if field == OTHER_FIELD else "")
            text = compose_sentence(sentence, field, caseworker, confirmation, needs_check)
            if text in seen_texts:
                continue
            seen_texts.add(text)
            drafted.append((len(drafted), DraftSentence(field, text, evidence, needs_check, note)))

    order = {name: index for index, name in enumerate(rules.fields[kind])}
    drafted.sort(key=lambda item: (order.get(item[1].field, len(order)), item[0]))
    log.info("drafted %d sentences from %d segments (%s)", len(drafted), len(ordered), kind)
    return Draft(
        record_type=rules.record_types[kind], kind=kind, recorded_on=recorded_on,
        heading=rules.headings[kind], sentences=[sentence for _, sentence in drafted],
        field_order=rules.fields[kind],
    )
