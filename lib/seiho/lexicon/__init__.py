"""The welfare-office lexicon and the reading-based correction of transcribed text."""

from seiho.lexicon.correct import Correction, CorrectedText, correct_text
from seiho.lexicon.terms import Lexicon, LexiconError, Term, load_lexicon, read_lexicon

__all__ = [
    "Correction", "CorrectedText", "Lexicon", "LexiconError", "Term",
    "correct_text", "load_lexicon", "read_lexicon",
]
