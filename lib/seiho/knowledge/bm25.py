"""Okapi BM25 over passages, with weighted query terms.

The corpus is a few thousand paragraphs, so plain Python postings are fast
enough, and owning the scorer lets a synonym count for less than a word the
caseworker typed. DuckDB's full-text extension is not used because it is
downloaded at run time, which an offline office cannot do.
"""

import math
from collections import Counter
from dataclasses import dataclass

# The usual Okapi defaults: term-frequency saturation and length normalisation.
K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class ScoredDocument:
    """A document's BM25 score and the query terms that matched it."""

    index: int
    score: float
    matched_terms: tuple[str, ...]


class BM25Index:
    """An inverted index of term counts per document."""

    def __init__(self, documents: list[list[str]]):
        self.size = len(documents)
        self.lengths = [len(document) for document in documents]
        self.average_length = (sum(self.lengths) / self.size) if self.size else 0.0
        self.postings: dict[str, dict[int, int]] = {}
        for index, document in enumerate(documents):
            for term, count in Counter(document).items():
                self.postings.setdefault(term, {})[index] = count

    def idf(self, term: str) -> float:
        """Return the inverse document frequency, kept positive for very common terms."""
        frequency = len(self.postings.get(term, {}))
        return math.log(1 + (self.size - frequency + 0.5) / (frequency + 0.5))

    def search(self, query: dict[str, float], limit: int) -> list[ScoredDocument]:
        """Rank documents for query terms mapped to their weights; return the best ``limit``."""
        scores: dict[int, float] = {}
        matched: dict[int, list[str]] = {}
        for term, weight in query.items():
            postings = self.postings.get(term)
            if not postings:
                continue
            idf = self.idf(term)
            for index, count in postings.items():
                norm = K1 * (1 - B + B * self.lengths[index] / self.average_length)
                scores[index] = scores.get(index, 0.0) + weight * idf * count * (K1 + 1) / (count + norm)
                matched.setdefault(index, []).append(term)

        ranked = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]
        return [ScoredDocument(index, score, tuple(matched[index])) for index, score in ranked]
