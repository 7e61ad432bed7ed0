"""Katakana readings as mora, their normalisation and a phonetic edit distance.

Readings are compared after folding the differences that speech recognition
and dictionaries disagree on: ヅ/ズ and ヂ/ジ, ヲ/オ, and long vowels written as
ウ or イ (ショウ and ショー, ケイ and ケー).
"""

import jaconv

_ROWS = [
    "アイウエオ", "カキクケコ", "ガギグゲゴ", "サシスセソ", "ザジズゼゾ", "タチツテト",
    "ダヂヅデド", "ナニヌネノ", "ハヒフヘホ", "バビブベボ", "パピプペポ", "マミムメモ",
    "ヤ_ユ_ヨ", "ラリルレロ", "ワ___ヲ",
]
_VOWELS = "aiueo"
_SMALL = {"ャ": "a", "ュ": "u", "ョ": "o", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}
_FOLD = str.maketrans({"ヅ": "ズ", "ヂ": "ジ", "ヲ": "オ", "ヮ": "ワ", "ヵ": "カ", "ヶ": "ケ"})

# (consonant row, vowel) of each plain kana.
_SOUND = {kana: (row, _VOWELS[column]) for row, kanas in enumerate(_ROWS) for column, kana in enumerate(kanas) if kana != "_"}


def split_mora(reading: str) -> tuple[str, ...]:
    """Split a katakana reading into mora; a small ャュョァィゥェォ joins the kana before it."""
    mora: list[str] = []
    for char in reading:
        if char in _SMALL and mora:
            mora[-1] += char
        else:
            mora.append(char)
    return tuple(mora)


def _vowel(mora: str) -> str | None:
    if mora[-1] in _SMALL:
        return _SMALL[mora[-1]]
    sound = _SOUND.get(mora)
    return sound[1] if sound else None


def normalise_reading(reading: str) -> tuple[str, ...]:
    """Return the reading as katakana mora with ヅ/ズ folded and long vowels written ー."""
    mora = split_mora(jaconv.hira2kata(reading).translate(_FOLD))
    result: list[str] = []
    for item in mora:
        previous = _vowel(result[-1]) if result else None
        lengthens = (item == "ウ" and previous in ("o", "u")) or (item == "イ" and previous == "e")
        result.append("ー" if lengthens else item)
    return tuple(result)


def substitution_cost(left: str, right: str) -> float:
    """Cost of hearing one mora as another: 0 when equal, 0.5 when they share a vowel or a consonant row."""
    if left == right:
        return 0.0
    left_sound, right_sound = _SOUND.get(left[0]), _SOUND.get(right[0])
    same_vowel = _vowel(left) is not None and _vowel(left) == _vowel(right)
    same_row = left_sound is not None and right_sound is not None and left_sound[0] == right_sound[0]
    return 0.5 if same_vowel or same_row else 1.0


def _gap_cost(mora: str) -> float:
    # A long vowel or a geminate is often dropped or added when speech is heard.
    return 0.5 if mora in ("ー", "ッ") else 1.0


def mora_distance(left: tuple[str, ...], right: tuple[str, ...]) -> float:
    """Return the weighted edit distance between two mora sequences."""
    previous = [0.0]
    for mora in right:
        previous.append(previous[-1] + _gap_cost(mora))

    for left_mora in left:
        current = [previous[0] + _gap_cost(left_mora)]
        for column, right_mora in enumerate(right, start=1):
            current.append(min(
                previous[column] + _gap_cost(left_mora),
                current[column - 1] + _gap_cost(right_mora),
                previous[column - 1] + substitution_cost(left_mora, right_mora),
            ))
        previous = current
    return previous[-1]


def reading_similarity(left: str, right: str) -> float:
    """Return 1 − distance / longer length for two readings, after normalisation (1.0 = same sound)."""
    left_mora, right_mora = normalise_reading(left), normalise_reading(right)
    longest = max(len(left_mora), len(right_mora))
    if longest == 0:
        return 0.0
    return max(0.0, 1.0 - mora_distance(left_mora, right_mora) / longest)
