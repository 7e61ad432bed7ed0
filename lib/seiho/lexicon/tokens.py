"""SudachiPy tokens with every reading the dictionary has for their surface."""

import functools
import itertools
import threading

import jaconv
from sudachipy import Dictionary, SplitMode

_local = threading.local()

# A span of up to four tokens with this many readings each is enough for the
# kanji that speech recognition confuses (長 as ナガ or チョウ, 常 as ツネ or ジョウ).
_READINGS_PER_TOKEN = 3


@functools.cache
def dictionary() -> Dictionary:
    """Return the SudachiPy core dictionary, loaded once per process."""
    return Dictionary()


def tokenizer():
    """Return this thread's SudachiPy tokenizer in split mode C (SudachiPy tokenizers are not thread-safe)."""
    if not hasattr(_local, "tokenizer"):
        _local.tokenizer = dictionary().tokenizer(mode=SplitMode.C)
    return _local.tokenizer


# SudachiPy rejects input over 49,149 bytes; 10,000 characters of Japanese stay below it in UTF-8.
MAX_CHUNK_CHARS = 10_000


def tokenize(text: str):
    """Return the morphemes of ``text`` (surface, reading, part of speech, character offsets).

    Callers pass at most MAX_CHUNK_CHARS characters; ``chunks`` splits longer text.
    """
    return list(tokenizer().tokenize(text))


def chunks(text: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Split text into pieces of at most ``limit`` characters, after a 。 or a line break where there is one."""
    pieces = []
    while len(text) > limit:
        cut = max(text.rfind("。", 0, limit), text.rfind("\n", 0, limit)) + 1
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return pieces


def is_kana(text: str) -> bool:
    """Return whether ``text`` is written only in hiragana, katakana and ー."""
    return bool(text) and all("ぁ" <= char <= "ゖ" or "ァ" <= char <= "ヺ" or char == "ー" for char in text)


@functools.lru_cache(maxsize=20000)
def surface_readings(surface: str, reading: str) -> tuple[str, ...]:
    """Return the tokenizer's reading of a surface first, then the dictionary's other readings of it."""
    if is_kana(surface):
        return (jaconv.hira2kata(surface),)

    readings = [reading] + _dictionary_readings(surface)

    # A compound that speech recognition made up (手長 for 手帳) is read kanji by
    # kanji too, because the recogniser chose each kanji for its on-reading.
    if 2 <= len(surface) <= 3 and all(_is_kanji(char) for char in surface):
        per_char = [_dictionary_readings(char)[:2] for char in surface]
        if all(per_char):
            readings += ["".join(parts) for parts in itertools.product(*per_char)]

    unique = list(dict.fromkeys(reading for reading in readings if reading))
    return tuple(unique[:_READINGS_PER_TOKEN + 4])


def _is_kanji(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or char == "々"


def _dictionary_readings(surface: str) -> list[str]:
    """Return the distinct readings of a surface's dictionary entries, leaving out proper nouns (人名 readings are noise)."""
    entries = [entry for entry in dictionary().lookup(surface) if entry.part_of_speech()[1] != "固有名詞"]
    return list(dict.fromkeys(entry.reading_form() for entry in entries if entry.reading_form()))[:_READINGS_PER_TOKEN]
