"""Japanese tokenisation for search: SudachiPy with the sudachidict-core dictionary.

Terms are Sudachi's normalised forms, so 「あつた」 and 「あった」, or 「六十三」
and 「63」, meet in the index. Particles, auxiliaries, symbols and a short list
of words that occur in nearly every provision are dropped.
"""

import functools
import threading
from dataclasses import dataclass

from sudachipy import Dictionary, SplitMode

_DROPPED_POS = {"助詞", "助動詞", "補助記号", "記号", "空白", "接頭辞"}

# Normalised forms that appear in most provisions and so carry no meaning for ranking.
_STOP_WORDS = {
    "為る", "有る", "居る", "成る", "出来る", "因る", "時", "場合", "者", "等", "こと", "事", "物", "其の", "此の",
    "同", "前", "規定", "項", "号", "条", "次", "各", "当該", "又", "及び", "並びに", "若しくは", "若し", "於く",
    "定める", "ところ", "所", "掲げる", "以下", "いう", "言う", "係る", "関する", "対する", "による", "もの",
}

_lock = threading.Lock()


@dataclass(frozen=True)
class Token:
    """One search term with where it sits in the text it came from."""

    term: str
    surface: str
    begin: int
    end: int


@functools.cache
def _tokenizer():
    return Dictionary(dict="core").tokenizer(mode=SplitMode.B)


def tokenize(text: str) -> list[Token]:
    """Split text into search terms, keeping their character offsets for highlighting."""
    with _lock:
        morphemes = list(_tokenizer().tokenize(text))

    tokens = []
    for morpheme in morphemes:
        pos = morpheme.part_of_speech()[0]
        term = morpheme.normalized_form()
        if pos in _DROPPED_POS or term in _STOP_WORDS or not term.strip():
            continue
        tokens.append(Token(term, morpheme.surface(), morpheme.begin(), morpheme.end()))
    return tokens


def terms(text: str) -> list[str]:
    """Return the search terms of text, repeated as often as they occur."""
    return [token.term for token in tokenize(text)]
