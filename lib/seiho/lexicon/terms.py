"""The domain lexicon: welfare-office terms with their readings, from data/lexicon/terms.yaml."""

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from seiho.errors import SeihoError
from seiho.lexicon.kana import split_mora
from seiho.paths import data_dir

log = logging.getLogger(__name__)

_KATAKANA = re.compile(r"^[ァ-ヴー]+$")

# Whisper keeps at most 223 prompt tokens (half its 448-token context, less one), so the prompt names a few dozen terms.
_PROMPT_TERMS = 40


class LexiconError(SeihoError):
    """The lexicon file is missing or one of its entries is invalid."""


@dataclass(frozen=True)
class Term:
    """One lexicon entry: the written form, its reading in katakana and its category."""

    term: str
    reading: str
    category: str

    @property
    def mora(self) -> tuple[str, ...]:
        """The reading split into mora."""
        return split_mora(self.reading)


@dataclass(frozen=True)
class Lexicon:
    """The terms of one lexicon file, in file order."""

    terms: tuple[Term, ...]
    source: Path

    def hotwords(self) -> str:
        """Return the terms as one space-separated string for faster-whisper's ``hotwords``."""
        return " ".join(term.term for term in self.terms)

    def initial_prompt(self) -> str:
        """Return a short Japanese prompt that names the longer terms, to bias decoding towards them."""
        longest_first = sorted(self.terms, key=lambda term: -len(term.mora))
        chosen = [term.term for term in longest_first[:_PROMPT_TERMS]]
        return "生活保護の面接記録です。" + "、".join(chosen) + "。"

    def by_surface(self) -> dict[str, Term]:
        """Return the terms keyed by their written form."""
        return {term.term: term for term in self.terms}


def _entry_error(path: Path, number: int, problem: str, fix: str) -> LexiconError:
    return LexiconError(
        f"語彙ファイル {path} の {number} 番目の語 {problem}。{fix}",
        f"lexicon {path} entry {number}: {problem}",
    )


def _parse_entry(path: Path, number: int, entry: object) -> Term:
    """Check one YAML entry and build its Term."""
    if not isinstance(entry, dict):
        raise _entry_error(path, number, "が term・reading・category の組ではありません", "{term: 家賃, reading: ヤチン, category: 住居} の形で書いてください。")

    missing = [key for key in ("term", "reading", "category") if not entry.get(key)]
    if missing:
        raise _entry_error(path, number, f"に {', '.join(missing)} がありません", "項目を補ってください。")

    term, reading = str(entry["term"]).strip(), str(entry["reading"]).strip()
    if not _KATAKANA.match(reading):
        raise _entry_error(path, number, f"「{term}」の読み「{reading}」がカタカナではありません", "読みは全角カタカナで書いてください。")
    return Term(term=term, reading=reading, category=str(entry["category"]).strip())


def read_lexicon(path: Path) -> Lexicon:
    """Read and validate a lexicon file; raise LexiconError naming the file and entry on a problem."""
    if not path.exists():
        raise LexiconError(f"語彙ファイル {path} がありません。data/lexicon/terms.yaml を置いてください。", f"missing lexicon {path}")
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise LexiconError(f"語彙ファイル {path} を YAML として読めません（{error}）。書式を直してください。", str(error)) from error

    entries = content.get("terms") if isinstance(content, dict) else None
    if not isinstance(entries, list) or not entries:
        raise LexiconError(f"語彙ファイル {path} に terms の一覧がありません。", f"no terms in {path}")

    terms: list[Term] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        term = _parse_entry(path, number, entry)
        if term.term in seen:
            raise _entry_error(path, number, f"「{term.term}」が重複しています", "どちらか一方を消してください。")
        seen.add(term.term)
        terms.append(term)

    log.info("lexicon %s: %d terms", path, len(terms))
    return Lexicon(terms=tuple(terms), source=path)


@functools.cache
def load_lexicon() -> Lexicon:
    """Return the workbench's lexicon from data/lexicon/terms.yaml (read once per process)."""
    return read_lexicon(data_dir() / "lexicon" / "terms.yaml")
