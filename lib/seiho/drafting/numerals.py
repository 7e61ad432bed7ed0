"""Spoken numbers to Arabic digits: 漢数字 with 万・億, 全角 digits, and mixed forms (4万5千)."""

import unicodedata

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10_000, "億": 100_000_000}


def parse_number(text: str) -> int:
    """Return the value of a numeral such as 四万六千, 二十二万五千, 4万5千, ２３，０００ or 二〇.

    Raises ValueError on a character that is not part of a numeral.
    """
    text = unicodedata.normalize("NFKC", text).replace(",", "")
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)

    total = 0
    section = 0
    digits: int | None = None
    for char in text:
        if char.isdigit() or char in _DIGITS:
            value = int(char) if char.isdigit() else _DIGITS[char]
            digits = value if digits is None else digits * 10 + value
        elif char in _SMALL_UNITS:
            section += (1 if digits is None else digits) * _SMALL_UNITS[char]
            digits = None
        elif char in _LARGE_UNITS:
            section += digits or 0
            total += (section or 1) * _LARGE_UNITS[char]
            section = 0
            digits = None
        else:
            raise ValueError(f"not a numeral: {text!r}")
    return total + section + (digits or 0)


def has_large_unit(text: str) -> bool:
    """Return whether a numeral is written with 万 or 千, as spoken amounts of money are."""
    return any(unit in text for unit in ("万", "千", "億"))
