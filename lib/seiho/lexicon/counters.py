"""Counter repairs: a number with a counter that Japanese does not use, heard for a common one.

One rule, justified by how the words sound:

- 「N回内」 is not Japanese (the counter phrase is 「N回以内」), but 「N日以内」 read
  with the day counter's -か form (ふつか … とおか, じゅうよっか, はつか, にじゅうよっか)
  sounds 「…かいない」, which speech recognition writes 回内. So N回内 becomes
  N日以内 when the day reading of N ends in か. Other numbers (11日 じゅういちにち)
  cannot produce the sound and are left alone.
"""

import re
from dataclasses import dataclass

from seiho.knowledge.numerals import kanji_to_int, width_digits_to_int

# Days whose counter reading ends in か: 2–10, 14, 20 and 24.
_KA_DAYS = {2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 20, 24}

_KAI_NAI = re.compile(r"([0-9０-９]+|[一二三四五六七八九十]+)回内(?![容閣科側])")


@dataclass(frozen=True)
class CounterRepair:
    """One repair in the original text: characters start..end become replacement."""

    start: int
    end: int
    replacement: str
    reading: str


def _number(text: str) -> int | None:
    try:
        return width_digits_to_int(text) if text[0] not in "一二三四五六七八九十" else kanji_to_int(text)
    except ValueError:
        return None


def find_counter_repairs(text: str) -> list[CounterRepair]:
    """Return the counter repairs that apply to ``text``, left to right."""
    repairs: list[CounterRepair] = []
    for match in _KAI_NAI.finditer(text):
        if _number(match.group(1)) not in _KA_DAYS:
            continue
        repairs.append(CounterRepair(
            start=match.start(), end=match.end(),
            replacement=match.group(1) + "日以内", reading="カイナイ",
        ))
    return repairs
