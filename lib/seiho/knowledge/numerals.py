"""Kanji and full-width numerals as the statute books write them."""

import unicodedata

_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

KANJI_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)


def kanji_to_int(text: str) -> int:
    """Convert a kanji numeral below 10,000 (「六十三」, 「百二」, 「二〇」) to an int.

    Raises ValueError on any other character, so a caller never cites a wrong number.
    """
    if not text:
        raise ValueError("empty numeral")

    total = 0
    digit = None
    positional = all(char in _DIGITS for char in text)
    if positional:
        # 「二〇」 style: digits written in place, no unit characters.
        return int("".join(str(_DIGITS[char]) for char in text))

    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (digit if digit is not None else 1) * _UNITS[char]
            digit = None
        else:
            raise ValueError(f"not a kanji numeral: {text!r}")
    return total + (digit or 0)


def width_digits_to_int(text: str) -> int:
    """Convert full-width digits (「１２」) or ASCII digits to an int."""
    return int(unicodedata.normalize("NFKC", text))
