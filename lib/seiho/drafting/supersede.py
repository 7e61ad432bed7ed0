"""Self-corrections: when a speaker corrects a value, the later value wins and the earlier one goes.

Three patterns, each on normalised text:

- in one segment, two values of the same kind with a correction cue between them
  (「45,000、あ、いや、46,000円」, 「10歳、あ、先月誕生日だったので11歳」, 「じゃなくて」, 「違う」):
  the text from the earlier value up to the later one is removed;
- a value denied right after it is said (「100,000くらい。いや、100,000はいかない」): every
  clause with that number in the segment and the one before it is removed;
- a segment that opens with a cue (「いや、46,000円です」, 「あ、11歳です」) and holds, in its
  first sentence, a value of a kind the previous segment also holds: the clause with the
  previous segment's last value of that kind is removed.

Each removal is reported without the removed value, so a superseded value appears nowhere.
"""

import re
from dataclasses import dataclass, field

import jaconv

from seiho.drafting.normalise import find_values

_CUE = re.compile(r"いや|違う|違い|ちがう|じゃなくて|じゃなく|ではなく|ごめんなさい|間違|訂正|言い間違")
# 「あ、」 alone also opens an addition (「9,000円で、あ、それと交通費が500円」), so it counts as a
# cue only when no new topic (それと, あと, a noun with が/は/も) comes before the later value.
_WEAK_CUE = re.compile(r"あ、|あっ")
_ADDITION = re.compile(r"それと|それから|あと|ほかに|また|[がはも]")
_OPENING_CUE = re.compile(r"^(?:[えうー、。\s]*)(?:いや|いえ|いいえ|違います|違う|ちがいます|じゃなくて|あ、|あっ)")
# 「10万はいかない」; speech recognition also writes it 「10万倍かない」, so one stray character
# before かない counts too, except し (「3万円しかない」 means "only").
_DENIAL = re.compile(r"^(?:円)?(?:(?:は|も|まで|までは)(?:いかない|行かない|いきません|行きません|ない|ありません|届かない|届きません)|[^しで、。]?かない)")
_BARE_CUE = re.compile(r"^\s*(?:いや|いえ|いいえ|あ|あっ|違う|違います)[、。！？]?\s*$")
# Whisper often separates phrases with a space instead of punctuation.
_CLAUSE = re.compile(r"[^、。！？\s　]*[、。！？\s　]?")
_CORRECTED_KINDS = {"yen", "age", "persons", "days", "date"}
_MAX_GAP = 40


@dataclass
class Working:
    """A segment's normalised text while corrections are applied."""

    segment_id: int
    text: str
    notes: list[str] = field(default_factory=list)


def _drop_clauses_with(text: str, number_text: str) -> str:
    """Remove the clauses that hold ``number_text``, and clauses left holding only a cue (いや、).

    A clause that contains another value before the number keeps its text up to that
    value (「日給が9,000円で月に100,000くらい」 keeps 「日給が9,000円」), because
    speech recognition often leaves out the comma between the two.
    """
    kept = []
    for clause in (clause for clause in _CLAUSE.findall(text) if clause):
        position = clause.find(number_text)
        if position == -1:
            kept.append(clause)
            continue
        earlier = [value for value in find_values(clause[:position]) if value.text != number_text]
        if earlier:
            kept.append(clause[:earlier[-1].end] + "。")
    return "".join(clause for clause in kept if not _BARE_CUE.match(clause))


def _is_correction(between: str) -> bool:
    """Return whether the text between two values of a kind marks the second as replacing the first."""
    if _CUE.search(between):
        return True
    weak = _WEAK_CUE.search(between)
    return bool(weak) and not _ADDITION.search(between[weak.end():])


def _in_segment(working: Working) -> bool:
    values = [value for value in find_values(working.text) if value.kind in _CORRECTED_KINDS]
    for earlier, later in zip(values, values[1:]):
        between = working.text[earlier.end:later.start]
        if earlier.kind != later.kind or earlier.number == later.number or len(between) > _MAX_GAP:
            continue
        # Whisper writes the cue in katakana as often as not (アイヤ).
        if _is_correction(jaconv.kata2hira(between)):
            working.text = working.text[:earlier.start] + working.text[later.start:]
            working.notes.append("言い直された値を除き、後の値を採用")
            return True
    return False


def _denials(workings: list[Working], index: int) -> bool:
    working = workings[index]
    for value in find_values(working.text):
        if not _DENIAL.match(working.text[value.end:]):
            continue
        number_text = working.text[value.start:value.end]
        for target in workings[max(0, index - 1):index + 1]:
            if number_text in target.text:
                target.text = _drop_clauses_with(target.text, number_text)
                target.notes.append("否定された値を除外")
        return True
    return False


def _across_segments(workings: list[Working], index: int) -> None:
    if index == 0 or not _OPENING_CUE.search(jaconv.kata2hira(workings[index].text)):
        return
    # Only the first sentence after the cue can correct the previous turn.
    first_sentence = re.split(r"[。！？]", workings[index].text, maxsplit=1)[0]
    current = {value.kind: value for value in find_values(first_sentence)}
    previous = workings[index - 1]
    for value in reversed(find_values(previous.text)):
        later = current.get(value.kind)
        if later is not None and later.number != value.number and value.kind in _CORRECTED_KINDS:
            previous.text = _drop_clauses_with(previous.text, value.text)
            previous.notes.append("次の発言で訂正された値を除外")
            workings[index].notes.append("前の発言の値を訂正")
            return


def apply_corrections(workings: list[Working]) -> list[Working]:
    """Remove superseded and denied values from the segments, in place, and return them."""
    for index, working in enumerate(workings):
        while _in_segment(working):
            pass
        while _denials(workings, index):
            pass
        _across_segments(workings, index)
    return workings
