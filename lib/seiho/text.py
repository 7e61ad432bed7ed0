"""Japanese text normalisation for matching names and numbers.

Names are stored exactly as given. ``name_key`` builds a separate form used
only for search and matching, so 髙橋 finds 高橋, ﾀｶﾊｼ finds たかはし, and
spaces between family and given name do not matter.
"""

import unicodedata

import jaconv

# Variant kanji (異体字) that staff type with the common form. NFKC leaves
# these alone because Unicode treats them as distinct characters.
VARIANT_KANJI = str.maketrans({
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "𠮷": "吉",
    "德": "徳",
    "邊": "辺",
    "邉": "辺",
    "齋": "斎",
    "齊": "斉",
    "濵": "浜",
    "濱": "浜",
    "櫻": "桜",
    "廣": "広",
    "澤": "沢",
    "國": "国",
    "惠": "恵",
    "龍": "竜",
})

_SPACES = {" ", "\u3000", "\t"}


def name_key(text: str | None) -> str:
    """Return the matching form of a name or kana: NFKC, katakana, common kanji, no spaces."""
    if not text:
        return ""
    normalised = unicodedata.normalize("NFKC", text)
    normalised = jaconv.hira2kata(normalised)
    normalised = normalised.translate(VARIANT_KANJI)
    return "".join(character for character in normalised if character not in _SPACES)


def half_width_digits(text: str) -> str:
    """Return ``text`` with full-width digits and spaces made half-width and trimmed."""
    return unicodedata.normalize("NFKC", text).strip()
