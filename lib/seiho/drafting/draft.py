"""Transcript segments to a 面接記録票 or ケース記録 draft whose every sentence names its segments."""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from seiho.drafting.compose import compose_sentences
from seiho.drafting.extract import (
    FACT_FIELDS, OTHER_FIELD, classify, field_rules, is_confirmation, is_question, is_small_talk,
    keyword_hits, split_sentences, spoken_by_caseworker, strip_fillers,
)
from seiho.drafting.evidence import unsupported_numbers
from seiho.drafting.model import NEEDS_CHECK_MARK, Draft, DraftSentence
from seiho.drafting.normalise import find_values, malformed_numbers, normalise_text, numbers_in
from seiho.drafting.supersede import Working, apply_corrections
from seiho.errors import ParameterError

log = logging.getLogger(__name__)

KIND_ALIASES = {"intake": "intake", "visit": "visit", "home_visit": "visit", "phone": "phone"}

# A question sets the field of the answers in the next segments when they name none.
_CONTEXT_SEGMENTS = 2
# Whisper's average log-probability below this, or a no-speech probability above the
# other, marks a segment as uncertain (the defaults of faster-whisper's
# log_prob_threshold and no_speech_threshold).
_LOW_LOGPROB = -1.0
_HIGH_NO_SPEECH = 0.6
# A reply shorter than this that names no topic and no number (「入れ歯」「そうなんですね」) is left out.
_MIN_ANSWER_CHARS = 8
# A caseworker's remark shorter than this with no number and nothing explained (「それはおつらいですね」) is left out.
_MIN_CASEWORKER_CHARS = 20


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
        # Corrections arrive as seiho.lexicon.Correction items or, from JSON, as dicts.
        pairs = [(item["original"], item["replacement"]) if isinstance(item, dict) else (item.original, item.replacement) for item in corrections]
        reasons.append("語彙訂正: " + "、".join(f"{original}→{replacement}" for original, replacement in pairs))
    return "；".join(reasons)


def _check_kind(kind: str) -> str:
    if kind not in KIND_ALIASES:
        raise ParameterError(
            f"記録の種類「{kind}」は使えません。intake（来所面接）、visit（家庭訪問）、phone（電話）のいずれかを指定してください。",
            f"unknown draft kind {kind!r}",
        )
    return KIND_ALIASES[kind]


@dataclass
class _Item:
    """A transcript sentence on its way into the draft."""

    field: str
    sentence: str
    caseworker: bool
    confirmation: bool
    evidence: tuple[int, ...]
    needs_check: bool
    note: str
    question: bool = False


def _caseworker_field(sentence: str, field: str) -> str | None:
    """Return the field for a caseworker's remark with no number: explanations and plans move to their fields, short small talk goes."""
    if field not in FACT_FIELDS:
        return field
    for name in ("説明事項", "次回訪問", "今後の方針"):
        if keyword_hits(sentence, name):
            return name
    return field if len(sentence) >= _MIN_CASEWORKER_CHARS else None


def _collect(ordered: list, workings: list[Working], kind: str) -> list[_Item]:
    """Sort each sentence of the corrected segments into a field, leaving out questions and small talk."""
    items: list[_Item] = []
    seen_values: dict[str, set[tuple[str, int]]] = {}
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

            caseworker = spoken_by_caseworker(segment.speaker, sentence, field)
            if inherited and not has_numbers and (caseworker or len(sentence) < _MIN_ANSWER_CHARS):
                # Remarks that name no topic and no number are conversation, not record.
                continue
            if caseworker and not has_numbers:
                field = _caseworker_field(sentence, field)
                if field is None:
                    continue
            confirmation = is_confirmation(sentence) and bool(values)
            if confirmation and values <= seen_values.get(field, set()):
                continue
            seen_values.setdefault(field, set()).update(values)

            malformed = malformed_numbers(sentence)
            needs_check = bool(uncertainty) or field == OTHER_FIELD or bool(malformed)
            note = "；".join(filter(None, [
                uncertainty or ("欄を判定できない" if field == OTHER_FIELD else ""),
                f"桁区切りの誤った数字（{'、'.join(malformed)}）" if malformed else "",
            ]))
            items.append(_Item(field, sentence, caseworker, confirmation, evidence, needs_check, note, is_question(sentence)))
    return items


def _compose(items: list[_Item]) -> list[DraftSentence]:
    """Write the items as record sentences; the person's consecutive remarks in one turn and field become one."""
    sentences: list[DraftSentence] = []
    seen_texts: set[str] = set()
    index = 0
    while index < len(items):
        item = items[index]
        group = [item]
        while (
            not item.caseworker and index + len(group) < len(items)
            and (following := items[index + len(group)]).field == item.field
            and following.evidence == item.evidence and not following.caseworker and not following.question
            and not item.question
        ):
            group.append(following)
        index += len(group)

        text = compose_sentences(
            [member.sentence for member in group], item.field, item.caseworker, item.confirmation, item.needs_check, item.question,
        )
        if text not in seen_texts:
            seen_texts.add(text)
            sentences.append(DraftSentence(item.field, text, item.evidence, item.needs_check, item.note))
    return sentences


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

    sentences = _compose(_collect(ordered, workings, kind))
    order = {name: index for index, name in enumerate(rules.fields[kind])}
    sentences = sorted(sentences, key=lambda sentence: order.get(sentence.field, len(order)))
    log.info("drafted %d sentences from %d segments (%s)", len(sentences), len(ordered), kind)
    draft = Draft(
        record_type=rules.record_types[kind], kind=kind, recorded_on=recorded_on,
        heading=rules.headings[kind], sentences=sentences, field_order=rules.fields[kind],
    )
    _mark_unsupported(draft, ordered)
    return draft


def _mark_unsupported(draft: Draft, segments: list) -> None:
    """Mark 要確認 on a sentence with a number its evidence lacks; the rules should never write one."""
    for problem in unsupported_numbers(draft, segments):
        index = draft.sentences.index(problem.sentence)
        sentence = problem.sentence
        text = sentence.text if sentence.needs_check else sentence.text + NEEDS_CHECK_MARK
        note = "；".join(filter(None, [sentence.note, "根拠の発言にない数字を含む"]))
        draft.sentences[index] = DraftSentence(sentence.field, text, sentence.evidence, True, note)
        log.warning("draft sentence %d has %d numbers not in its evidence", index, len(problem.numbers))
