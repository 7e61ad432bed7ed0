"""Repair words that speech recognition heard as similar-sounding ones, by comparing readings.

Spans of one to four SudachiPy tokens are read (every dictionary reading of each
token, so 長 counts as both ナガ and チョウ) and compared with the lexicon's readings
by a mora edit distance. A near match replaces the span when:

- the term has four or more mora and the similarity is at least ``MIN_SCORE``, or
  the term is shorter and the readings are the same;
- the span is not one dictionary word used in a grammatical place (賞金 alone stays
  賞金); a verb stem in 未然形 with no auxiliary after it (詰ま + と) is not, and a
  noun written in kana counts when it sounds exactly like the term (つま → 妻);
- a longer span contains content words only (no particle, verb, number or proper
  noun), and a term already written correctly inside it stays unless the
  replacement extends it (生活保護法 keeps 生活保護, 年金手長 becomes 年金手帳);
- a compound of ordinary nouns must sound almost the same as the term
  (``PLAIN_COMPOUND_SCORE``), because such a compound is usually what was said;
- a short term replaces only a misplaced word or a run of kana fragments (や + ちん).

Where matches overlap, the longer span wins. Each replacement keeps the
original text, the reading compared and the score.
"""

import itertools
import logging
from dataclasses import dataclass

from seiho.lexicon.counters import find_counter_repairs
from seiho.lexicon.kana import normalise_reading, reading_similarity, substitution_cost
from seiho.lexicon.terms import Lexicon, Term, load_lexicon
from seiho.lexicon.tokens import chunks, is_kana, surface_readings, tokenize

log = logging.getLogger(__name__)

# Similarity (1 − weighted mora distance / longer length) from which a span is taken for a
# term of four or more mora: about one mora in five may differ.
# NOTE: tuned on ten synthetic conversations only; it made no repair on their clean script
# text and one wrong repair (廃院 → 退院) in their ten Whisper base transcripts.
MIN_SCORE = 0.8
SHORT_TERM_MORA = 3
MAX_SPAN_TOKENS = 4
# 自立支援事業 is 0.89 from 自立支援医療 and stays; 雇用保健 is 1.0 from 雇用保険 and is repaired.
PLAIN_COMPOUND_SCORE = 0.95
_CONTENT_POS = {"名詞", "接頭辞", "接尾辞", "代名詞", "形状詞"}
_HONORIFICS = {"さん", "様", "さま", "君", "くん", "ちゃん", "氏"}


@dataclass(frozen=True)
class Correction:
    """One repair: characters start..end of the corrected text were ``original``."""

    start: int
    end: int
    original: str
    replacement: str
    reading: str
    score: float


@dataclass(frozen=True)
class CorrectedText:
    """A text after correction, the text as heard, and each repair made."""

    text: str
    original: str
    corrections: tuple[Correction, ...]


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    replacement: str
    reading: str
    score: float


def _misplaced(tokens, index: int) -> bool:
    """Return whether token ``index`` is a conjugated stem that nothing grammatical follows."""
    pos = tokens[index].part_of_speech()
    if pos[0] not in ("動詞", "形容詞") or not pos[5].startswith("未然形"):
        return False
    following = tokens[index + 1].part_of_speech()[0] if index + 1 < len(tokens) else None
    return following != "助動詞"


def _content_token(token) -> bool:
    pos = token.part_of_speech()
    return token.is_oov() or (pos[0] in _CONTENT_POS and pos[1] != "固有名詞")


def _span_allowed(tokens, first: int, last: int) -> bool:
    """Return whether tokens first..last may be a misheard term: content words only, no numbers or names."""
    span = tokens[first:last + 1]
    if len(span) == 1:
        token = span[0]
        # A dictionary word in a grammatical place is kept as spoken, unless it is a
        # noun written in kana that sounds exactly like a term (つま for 妻, つうちょう for 通帳).
        return token.is_oov() or _misplaced(tokens, first) or _kana_noun(token)

    if not all(_content_token(token) for token in span):
        return False
    if any(token.part_of_speech()[1] == "数詞" for token in span):
        return False
    if span[0].part_of_speech()[0] == "接尾辞" or span[-1].part_of_speech()[0] == "接頭辞":
        return False
    return span[-1].surface() not in _HONORIFICS


def _plain_compound(tokens, first: int, last: int) -> bool:
    """Return whether the span is two or more ordinary dictionary nouns (自立 + 支援 + 事業)."""
    span = tokens[first:last + 1]
    return len(span) > 1 and all(not token.is_oov() and token.part_of_speech()[:2] == ("名詞", "普通名詞") for token in span)


def _protected_ranges(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Return the character ranges where a lexicon term is already written correctly."""
    ranges = []
    for surface in lexicon.by_surface():
        start = text.find(surface)
        while start != -1:
            ranges.append((start, start + len(surface)))
            start = text.find(surface, start + 1)
    return ranges


def _span_readings(tokens, first: int, last: int) -> set[str]:
    options = [surface_readings(token.surface(), token.reading_form()) for token in tokens[first:last + 1]]
    return {"".join(parts) for parts in itertools.product(*options)}


def _kana_noun(token) -> bool:
    pos = token.part_of_speech()
    return pos[0] == "名詞" and pos[1] != "固有名詞" and is_kana(token.surface()) and not token.is_oov()


def _short_span_fits(tokens, first: int, last: int) -> bool:
    """Return whether a short term may replace the span: only a misplaced word, a kana noun or kana fragments."""
    if first == last:
        return _misplaced(tokens, first) or tokens[first].is_oov() or _kana_noun(tokens[first])
    return all(is_kana(token.surface()) for token in tokens[first:last + 1])


def _best_term(readings: set[str], terms_by_length: dict[int, list[Term]]) -> tuple[Term, str, float] | None:
    best = None
    for reading in readings:
        mora = normalise_reading(reading)
        for length in range(max(1, len(mora) - 2), len(mora) + 3):
            for term in terms_by_length.get(length, ()):
                term_mora = normalise_reading(term.reading)
                if substitution_cost(mora[0], term_mora[0]) >= 1.0:
                    continue
                score = reading_similarity(reading, term.reading)
                if best is None or score > best[2] or (score == best[2] and len(term.term) > len(best[0].term)):
                    best = (term, reading, score)
    return best


def _lexicon_candidates(text: str, lexicon: Lexicon) -> list[_Candidate]:
    tokens = tokenize(text)
    protected = _protected_ranges(text, lexicon)
    terms_by_length: dict[int, list[Term]] = {}
    for term in lexicon.terms:
        terms_by_length.setdefault(len(normalise_reading(term.reading)), []).append(term)

    candidates = []
    for first in range(len(tokens)):
        for last in range(first, min(first + MAX_SPAN_TOKENS, len(tokens))):
            if not _span_allowed(tokens, first, last):
                continue
            start, end = tokens[first].begin(), tokens[last].end()
            overlapping = [text[left:right] for left, right in protected if start < right and end > left]
            if any(not (start <= left and right <= end) for left, right in protected if start < right and end > left):
                continue

            match = _best_term(_span_readings(tokens, first, last), terms_by_length)
            if match is None:
                continue
            term, reading, score = match

            # A correct term inside the span stays only if the replacement extends it (年金手長 → 年金手帳).
            if any(surface not in term.term or surface == term.term for surface in overlapping):
                continue
            short = len(normalise_reading(term.reading)) <= SHORT_TERM_MORA
            if short and (score < 1.0 or not _short_span_fits(tokens, first, last)):
                continue
            if not short and score < MIN_SCORE:
                continue
            if _plain_compound(tokens, first, last) and score < PLAIN_COMPOUND_SCORE:
                continue
            if first == last and _kana_noun(tokens[first]) and score < 1.0:
                continue
            candidates.append(_Candidate(start, end, term.term, term.reading, round(score, 3)))
    return candidates


def _choose(candidates: list[_Candidate]) -> list[_Candidate]:
    """Pick non-overlapping candidates, the longer span first (余直金 → 預貯金 before 直金 → 敷金), then the better score."""
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda item: (-(item.end - item.start), -item.score, item.start)):
        if all(candidate.end <= other.start or candidate.start >= other.end for other in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda item: item.start)


def correct_text(text: str, lexicon: Lexicon | None = None) -> CorrectedText:
    """Repair misheard lexicon terms and counters in ``text``; return the new text and each repair."""
    lexicon = lexicon or load_lexicon()
    if not text.strip():
        return CorrectedText(text=text, original=text, corrections=())

    candidates = [
        _Candidate(repair.start, repair.end, repair.replacement, repair.reading, 1.0)
        for repair in find_counter_repairs(text)
    ]
    offset = 0
    for piece in chunks(text):
        candidates += [
            _Candidate(item.start + offset, item.end + offset, item.replacement, item.reading, item.score)
            for item in _lexicon_candidates(piece, lexicon)
        ]
        offset += len(piece)

    pieces: list[str] = []
    corrections: list[Correction] = []
    position = 0
    length = 0
    for candidate in _choose(candidates):
        kept = text[position:candidate.start]
        pieces.append(kept)
        length += len(kept)
        corrections.append(Correction(
            start=length, end=length + len(candidate.replacement),
            original=text[candidate.start:candidate.end], replacement=candidate.replacement,
            reading=candidate.reading, score=candidate.score,
        ))
        pieces.append(candidate.replacement)
        length += len(candidate.replacement)
        position = candidate.end
    pieces.append(text[position:])

    if corrections:
        log.debug("corrected %d spans", len(corrections))
    return CorrectedText(text="".join(pieces), original=text, corrections=tuple(corrections))
