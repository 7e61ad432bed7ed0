"""The transcript segment, the unit every later step (drafting, review) points back to."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """One stretch of speech with its text and the signals a reviewer needs to judge it.

    ``text`` is after the lexicon correction and ``original_text`` as Whisper
    heard it; ``flags`` are Japanese labels (無音中の定型句, 繰り返し, 言語違い,
    要確認 …); ``corrections`` are the ``seiho.lexicon.Correction`` items applied.
    """

    segment_id: int
    start: float
    end: float
    text: str
    original_text: str
    speaker: str | None = None
    flags: tuple[str, ...] = ()
    corrections: tuple = ()
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0

    def as_dict(self) -> dict:
        """Return a JSON-ready dict (corrections as dicts)."""
        return {
            "segment_id": self.segment_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "original_text": self.original_text,
            "speaker": self.speaker,
            "flags": list(self.flags),
            "corrections": [_correction_dict(item) for item in self.corrections],
            "avg_logprob": self.avg_logprob,
            "no_speech_prob": self.no_speech_prob,
        }


def _correction_dict(item) -> dict:
    """Turn a lexicon Correction (or an already plain dict) into a dict."""
    if isinstance(item, dict):
        return dict(item)
    return {name: getattr(item, name) for name in ("start", "end", "original", "replacement", "reading", "score")}


def corrections_from_dicts(items: list[dict]) -> tuple:
    """Rebuild lexicon Corrections from dicts; keep dicts when seiho.lexicon is not installed."""
    try:
        from seiho.lexicon import Correction
    except ImportError:
        return tuple(items)
    return tuple(Correction(**item) for item in items)
