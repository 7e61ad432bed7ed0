"""Checks for Whisper's known failures: stock phrases in silence, repetition loops, wrong language, skipped speech.

The phrases and thresholds are data (data/speech/hallucinations.yaml). Each
check returns Japanese flag labels; the transcriber re-decodes a flagged
segment once and keeps whatever is still flagged, with the label, for a
person to check.
"""

import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

import yaml

from seiho.paths import data_dir

STOCK_PHRASE = "無音中の定型句"
REPETITION = "繰り返し"
WRONG_LANGUAGE = "言語違い"
LOW_CONFIDENCE = "聞き取り不確か"
NEEDS_CHECK = "要確認"
REDECODED = "再認識済み"
SPARSE = "欠落の疑い"

# Flags that make a segment suspicious enough to decode again.
REDECODE_FLAGS = (STOCK_PHRASE, REPETITION, WRONG_LANGUAGE, SPARSE)

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u30fc\uff66-\uff9f]")
_IGNORED = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass(frozen=True)
class GuardSettings:
    """The phrases and thresholds read from data/speech/hallucinations.yaml."""

    stock_phrases: tuple[str, ...]
    stock_phrase_max_chars: int
    max_compression_ratio: float
    repeated_ngram_max_len: int
    repeated_ngram_min_count: int
    min_japanese_share: float
    max_no_speech_prob: float
    min_avg_logprob: float
    sparse_min_seconds: float
    min_chars_per_second: float


@lru_cache(maxsize=1)
def guard_settings() -> GuardSettings:
    """Load the guard data once per process."""
    raw = yaml.safe_load((data_dir() / "speech" / "hallucinations.yaml").read_text(encoding="utf-8"))
    return GuardSettings(
        stock_phrases=tuple(_compact(phrase) for phrase in raw["stock_phrases"]),
        stock_phrase_max_chars=int(raw["stock_phrase_max_chars"]),
        max_compression_ratio=float(raw["max_compression_ratio"]),
        repeated_ngram_max_len=int(raw["repeated_ngram_max_len"]),
        repeated_ngram_min_count=int(raw["repeated_ngram_min_count"]),
        min_japanese_share=float(raw["min_japanese_share"]),
        max_no_speech_prob=float(raw["max_no_speech_prob"]),
        min_avg_logprob=float(raw["min_avg_logprob"]),
        sparse_min_seconds=float(raw["sparse_min_seconds"]),
        min_chars_per_second=float(raw["min_chars_per_second"]),
    )


def _compact(text: str) -> str:
    """NFKC-normalise and drop spaces and punctuation, for phrase matching."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text))


def is_stock_phrase(text: str, settings: GuardSettings | None = None) -> bool:
    """True when a short segment contains one of the stock phrases Whisper produces in silence."""
    settings = settings or guard_settings()
    compact = _compact(text)
    if len(compact) > settings.stock_phrase_max_chars:
        return False
    return any(phrase in compact for phrase in settings.stock_phrases)


def compression_ratio(text: str) -> float:
    """Return len(utf-8 bytes) / len(zlib-compressed bytes), as Whisper measures repetition."""
    data = text.encode("utf-8")
    if not data:
        return 0.0
    return len(data) / len(zlib.compress(data))


def longest_repeat(text: str, max_len: int) -> int:
    """Return the most times any n-gram (1..max_len characters) repeats back to back."""
    compact = _compact(text)
    best = 1
    for size in range(1, max_len + 1):
        position = 0
        while position + 2 * size <= len(compact):
            unit = compact[position : position + size]
            count = 1
            while compact[position + count * size : position + (count + 1) * size] == unit:
                count += 1
            best = max(best, count)
            position += max(1, (count - 1) * size) if count > 1 else 1
    return best


def is_repetition(text: str, settings: GuardSettings | None = None) -> bool:
    """True when the text loops: too compressible, or one n-gram repeated too often in a row."""
    settings = settings or guard_settings()
    if compression_ratio(text) > settings.max_compression_ratio:
        return True
    return longest_repeat(text, settings.repeated_ngram_max_len) >= settings.repeated_ngram_min_count


def japanese_share(text: str) -> float:
    """Return the share of Japanese characters among letters (1.0 for a text without letters)."""
    letters = [char for char in unicodedata.normalize("NFKC", text) if char.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for char in letters if _JAPANESE.match(char)) / len(letters)


def is_sparse(text: str, duration: float, settings: GuardSettings | None = None) -> bool:
    """True when a long segment has too little text for its length (speech probably skipped)."""
    settings = settings or guard_settings()
    if duration < settings.sparse_min_seconds:
        return False
    return len(_compact(text)) / duration < settings.min_chars_per_second


def check_text(
    text: str, no_speech_prob: float = 0.0, avg_logprob: float = 0.0, duration: float = 0.0,
    settings: GuardSettings | None = None,
) -> tuple[str, ...]:
    """Return the flag labels for one segment's text, its length in seconds and the model's own confidence."""
    settings = settings or guard_settings()
    flags = []
    if is_stock_phrase(text, settings):
        flags.append(STOCK_PHRASE)
    if is_repetition(text, settings):
        flags.append(REPETITION)
    if japanese_share(text) < settings.min_japanese_share:
        flags.append(WRONG_LANGUAGE)
    if is_sparse(text, duration, settings):
        flags.append(SPARSE)
    if no_speech_prob > settings.max_no_speech_prob and avg_logprob < settings.min_avg_logprob:
        flags.append(LOW_CONFIDENCE)
    return tuple(flags)


def needs_redecode(flags: tuple[str, ...]) -> bool:
    """True when a segment's flags call for one more decoding attempt."""
    return any(flag in REDECODE_FLAGS for flag in flags)
