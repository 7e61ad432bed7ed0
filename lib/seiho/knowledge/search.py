"""Rank passages for a question: BM25 with field synonyms, semantic recall, and their fusion."""

import logging
import threading
import time
from dataclasses import dataclass, field
from enum import Enum

from seiho.knowledge.bm25 import BM25Index
from seiho.knowledge.corpus import load_corpus
from seiho.knowledge.embeddings import SemanticIndex, build_semantic_index
from seiho.knowledge.highlight import highlight_html, highlight_plain
from seiho.knowledge.passages import Passage
from seiho.knowledge.references import referenced_passages
from seiho.knowledge.synonyms import Expansion, Synonyms, load_synonyms
from seiho.knowledge.tokens import terms
from seiho.store import Store

log = logging.getLogger(__name__)

# Reciprocal rank fusion: a passage's fused score is the sum of
# 1 / (RRF_K + rank) over the rankings. 60 is the constant commonly used.
RRF_K = 60

# Depth of each ranking read before fusion.
CANDIDATES = 100


class Mode(Enum):
    """The rankings a search uses."""

    BM25 = "bm25"
    SEMANTIC = "semantic"
    HYBRID = "hybrid"


@dataclass(frozen=True)
class Hit:
    """A passage that answers the question, with the evidence of why it ranks here."""

    passage: Passage
    score: float
    bm25_rank: int | None
    semantic_rank: int | None
    matched_terms: tuple[str, ...]
    named_in_question: bool = False

    @property
    def citation(self) -> str:
        """Return the passage's citation, e.g. 「生活保護法第63条」."""
        return self.passage.citation.text()

    def html(self) -> str:
        """Return the passage text with the matched terms marked."""
        return highlight_html(self.passage.full_text(), set(self.matched_terms))

    def plain(self) -> str:
        """Return the passage text with the matched terms in 【】."""
        return highlight_plain(self.passage.full_text(), set(self.matched_terms))


@dataclass
class SearchResult:
    """The ranked hits of one question and the synonyms that widened it."""

    question: str
    hits: list[Hit]
    expansion: Expansion
    mode: Mode
    seconds: float


@dataclass
class KnowledgeIndex:
    """The corpus with its BM25 index and, when built, its semantic index."""

    passages: list[Passage]
    synonyms: Synonyms
    bm25: BM25Index
    semantic: SemanticIndex | None
    build_seconds: dict[str, float] = field(default_factory=dict)

    def search(
        self,
        question: str,
        limit: int = 5,
        mode: Mode = Mode.HYBRID,
        include_supplementary: bool = False,
    ) -> SearchResult:
        """Return the ``limit`` best passages for the question.

        Supplementary provisions (附則) are left out unless asked for, because
        they are mostly transitional rules that rarely answer a casework question.
        Articles the question names by number (「法63条」) come first.
        """
        started = time.perf_counter()
        expansion = self.synonyms.expand(question)
        if mode is not Mode.BM25 and self.semantic is None:
            log.warning("semantic index not built; searching with BM25 only")
            mode = Mode.BM25

        def eligible(index: int) -> bool:
            return include_supplementary or not self.passages[index].citation.supplementary

        bm25_hits = [hit for hit in self.bm25.search(expansion.weights, len(self.passages)) if eligible(hit.index)]
        bm25_ranks = {hit.index: rank for rank, hit in enumerate(bm25_hits[:CANDIDATES], start=1)}
        matched = {hit.index: hit.matched_terms for hit in bm25_hits}

        semantic_ranks: dict[int, int] = {}
        if mode is not Mode.BM25:
            ranked = [index for index, _ in self.semantic.rank(question, len(self.passages)) if eligible(index)]
            semantic_ranks = {index: rank for rank, index in enumerate(ranked[:CANDIDATES], start=1)}

        scores = _fuse(bm25_ranks if mode is not Mode.SEMANTIC else {}, semantic_ranks)
        named = [index for index in referenced_passages(self.passages, question) if eligible(index)]
        order = named + [index for index, _ in sorted(scores.items(), key=lambda pair: (-pair[1], pair[0])) if index not in named]

        query_terms = set(expansion.weights)
        hits = []
        for index in order[:limit]:
            hits.append(
                Hit(
                    passage=self.passages[index],
                    score=scores.get(index, 0.0),
                    bm25_rank=bm25_ranks.get(index),
                    semantic_rank=semantic_ranks.get(index),
                    matched_terms=tuple(term for term in matched.get(index, ()) if term in query_terms),
                    named_in_question=index in named,
                )
            )
        seconds = time.perf_counter() - started
        log.debug("search mode=%s: %d hits in %.3f s", mode.value, len(hits), seconds)
        return SearchResult(question, hits, expansion, mode, seconds)


def _fuse(*rankings: dict[int, int]) -> dict[int, float]:
    scores: dict[int, float] = {}
    for ranking in rankings:
        for index, rank in ranking.items():
            scores[index] = scores.get(index, 0.0) + 1.0 / (RRF_K + rank)
    return scores


def build_index(
    passages: list[Passage] | None = None,
    synonyms: Synonyms | None = None,
    store: Store | None = None,
    semantic: bool = True,
    embed_missing: bool = True,
) -> KnowledgeIndex:
    """Build the indexes over the corpus (the default corpus when ``passages`` is None).

    With ``semantic`` the passages are embedded, reusing vectors cached in
    ``store``; without a store every passage is embedded again. With
    ``embed_missing`` False the semantic index is left out (None) unless every
    vector is cached.
    """
    timings = {}
    started = time.perf_counter()
    passages = passages if passages is not None else load_corpus()
    synonyms = synonyms or load_synonyms()
    timings["parse"] = time.perf_counter() - started

    started = time.perf_counter()
    texts = [passage.search_text() for passage in passages]
    bm25 = BM25Index([terms(text) for text in texts])
    timings["bm25"] = time.perf_counter() - started

    semantic_index = None
    if semantic:
        started = time.perf_counter()
        # 附則 are left out of semantic recall: they are a third of the corpus,
        # embedding is the slow step, and searches leave them out by default.
        positions = [position for position, passage in enumerate(passages) if not passage.citation.supplementary]
        semantic_index = build_semantic_index([texts[position] for position in positions], positions, store, embed_missing)
        timings["semantic"] = time.perf_counter() - started

    log.info("knowledge index: %d passages, timings %s", len(passages), {key: round(value, 2) for key, value in timings.items()})
    return KnowledgeIndex(passages, synonyms, bm25, semantic_index, timings)


_shared_lock = threading.Lock()
_shared: dict[str, KnowledgeIndex] = {}


def shared_index(store: Store | None) -> KnowledgeIndex:
    """Return one index per process and store, built on first use from cached vectors only.

    The semantic index is included when ``prepare_semantic_index`` has cached
    every vector in the store; otherwise searches use BM25 alone.
    """
    key = str(store.path) if store else ""
    with _shared_lock:
        if key not in _shared:
            _shared[key] = build_index(store=store, semantic=store is not None, embed_missing=False)
        return _shared[key]


def prepare_semantic_index(store: Store) -> KnowledgeIndex:
    """Embed every passage whose vector is not yet cached in the store (minutes on first run)."""
    index = build_index(store=store, semantic=True, embed_missing=True)
    with _shared_lock:
        _shared[str(store.path)] = index
    return index
