"""Written forms of spoken numbers, amounts and dates, and the values a text holds.

- every numeral SudachiPy tags 数詞 becomes Arabic digits (五十一歳 → 51歳, 全角 １２ → 12);
  amounts spoken with 万・千 or followed by 円 get thousands separators (四万六千円 → 46,000円);
- 和暦 stays 和暦 with digits, and 「の」 between year, month and day goes (令和七年の十二月 → 令和7年12月);
- relative dates are resolved against the recording date (来週の木曜日 → 4月23日（木）).
"""

import datetime as dt
import re
from dataclasses import dataclass

from seiho.drafting.dates import find_relative_dates
from seiho.drafting.numerals import has_large_unit, parse_number
from seiho.lexicon.tokens import chunks, tokenize

_FULL_WIDTH = str.maketrans("０１２３４５６７８９，", "0123456789,")
_DATE_LINKS = [(re.compile(r"(\d+年)の(\d+月)"), r"\1\2"), (re.compile(r"(\d+月)の(\d+日)"), r"\1\2")]

_YEN = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)円")
_BARE_AMOUNT = re.compile(r"(?<![\d,])(\d{1,3}(?:,\d{3})+)(?![\d,円])")
_AGE = re.compile(r"(\d+)歳")
_PERSONS = re.compile(r"(\d+)人")
_DAYS = re.compile(r"(?<![月\d])(\d+)日(?=以内|間|分|ほど|ぐらい|くらい|程度)")
_DATE = re.compile(r"(\d+)月(\d+)日")
_NUMBER = re.compile(r"\d[\d,]*")
_GROUPED_NUMBER = re.compile(r"\d+(?:,\d+)+")
_WELL_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
# Digit strings with a leading zero or more than eight digits are numbers of a phone, a case or a
# card, not quantities; they stay as written.
_IDENTIFIER = re.compile(r"^(?:0\d+|\d{9,})$")
_KANJI_NUMERALS = set("〇一二三四五六七八九十百千万億")
_PEOPLE = re.compile(r"^([一二三四五六七八九十]+)人$")


@dataclass(frozen=True)
class Value:
    """A value in a normalised text: kind (yen, age, persons, days, date), number and place."""

    kind: str
    number: int
    start: int
    end: int
    text: str


def _numeral_token(token) -> bool:
    """Return whether a token is a number: tagged 数詞, or all kanji numerals (四十九 is also a 固有名詞 entry)."""
    surface = token.surface()
    if token.part_of_speech()[1] == "数詞":
        return True
    return token.part_of_speech()[0] == "名詞" and len(surface) >= 2 and all(char in _KANJI_NUMERALS for char in surface)


def _numerals_to_digits(text: str) -> str:
    tokens = tokenize(text)
    pieces: list[str] = []
    position = 0
    for index, token in enumerate(tokens):
        surface = token.surface()
        people = _PEOPLE.match(surface)
        if people and token.part_of_speech()[1] != "固有名詞":
            # 一人・二人 are single nouns in the dictionary; written records use 1人・2人.
            pieces.append(text[position:token.begin()] + str(parse_number(people.group(1))) + "人")
            position = token.end()
            continue
        if not _numeral_token(token) or _IDENTIFIER.match(surface):
            continue
        try:
            number = parse_number(surface)
        except ValueError:
            continue

        following = tokens[index + 1].surface() if index + 1 < len(tokens) else ""
        # Speech recognition writes spoken amounts as bare digits (「家賃が45000」), so a number of
        # 1,000 or more is an amount unless a counter other than 円 follows it (2026年, 1500m).
        bare_amount = following == "" or not (following[0].isalnum() and following[0] not in "円万")
        amount = following.startswith("円") or (number >= 1000 and (has_large_unit(surface) or bare_amount))
        pieces.append(text[position:token.begin()])
        pieces.append(f"{number:,}" if amount and number >= 1000 else str(number))
        position = token.end()
    pieces.append(text[position:])
    return "".join(pieces)


def normalise_text(text: str, recorded_on: dt.date | None = None) -> str:
    """Return ``text`` with numbers in Arabic digits and relative dates resolved against ``recorded_on``."""
    text = text.translate(_FULL_WIDTH)
    text = "".join(_numerals_to_digits(piece) for piece in chunks(text))
    for pattern, replacement in _DATE_LINKS:
        text = pattern.sub(replacement, text)

    if recorded_on is not None:
        for resolved in reversed(find_relative_dates(text, recorded_on)):
            text = text[:resolved.start] + resolved.written + text[resolved.end:]
    return text


def find_values(text: str) -> list[Value]:
    """Return the amounts, ages, persons, day counts and dates in a normalised text, left to right."""
    values: list[Value] = []
    patterns = [("yen", _YEN), ("yen", _BARE_AMOUNT), ("age", _AGE), ("persons", _PERSONS), ("days", _DAYS)]
    for kind, pattern in patterns:
        for match in pattern.finditer(text):
            number = int(match.group(1).replace(",", ""))
            values.append(Value(kind, number, match.start(), match.end(), match.group(0)))
    for match in _DATE.finditer(text):
        values.append(Value("date", int(match.group(1)) * 100 + int(match.group(2)), match.start(), match.end(), match.group(0)))
    return sorted(values, key=lambda value: value.start)


def numbers_in(text: str) -> set[int]:
    """Return every number written in digits in ``text`` (46,000 counts as 46000)."""
    return {int(match.group(0).replace(",", "")) for match in _NUMBER.finditer(text) if match.group(0).replace(",", "").isdigit()}


def malformed_numbers(text: str) -> list[str]:
    """Return the numbers in ``text`` whose thousands separators are misplaced (12,2800 or 1,23).

    Speech recognition sometimes writes a spoken amount with a comma in the
    wrong place, and the amount it meant cannot be recovered from the text.
    """
    return [match.group(0) for match in _GROUPED_NUMBER.finditer(text) if not _WELL_GROUPED.fullmatch(match.group(0))]
