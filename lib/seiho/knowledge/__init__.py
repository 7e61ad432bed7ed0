"""Knowledge search for caseworkers (制度Q&A).

The corpus is the laws in data/laws parsed into 条・項・号, the notices an
office adds under data/knowledge/notices, and the office's precedents (事例)
in the database. A search ranks passages with BM25 over SudachiPy terms
widened by field synonyms, and with multilingual-e5-small embeddings, fused by
reciprocal rank. Answers are passages with their citations, never generated text.
"""

from seiho.knowledge.citation import Citation
from seiho.knowledge.corpus import load_corpus
from seiho.knowledge.passages import Item, Passage
from seiho.knowledge.precedents import Precedent, add_precedent, load_precedent_fields, search_precedents
from seiho.knowledge.search import Hit, KnowledgeIndex, Mode, SearchResult, build_index, shared_index

__all__ = [
    "Citation", "Item", "Passage", "load_corpus", "Hit", "KnowledgeIndex", "Mode", "SearchResult",
    "build_index", "shared_index", "Precedent", "add_precedent", "load_precedent_fields", "search_precedents",
]
