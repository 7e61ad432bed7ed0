"""定型文: the phrase library for visit records, read from data/visits/phrases.yaml."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from seiho.errors import ParameterError
from seiho.paths import data_dir

PHRASES_FILE = Path("visits") / "phrases.yaml"

# A phrase id: lower-case letters, digits and hyphens, so it is safe in a widget name.
PHRASE_ID = re.compile(r"^[a-z][a-z0-9-]*$")

# A phrase longer than this is a paragraph, not a quick-insert phrase.
MAX_PHRASE_CHARACTERS = 80


@dataclass(frozen=True)
class Phrase:
    """One 定型文: its stable id and its text."""

    phrase_id: str
    text: str


@dataclass(frozen=True)
class PhraseCategory:
    """A group of phrases under one heading such as 生活状況."""

    name: str
    phrases: tuple[Phrase, ...]


@dataclass(frozen=True)
class PhraseLibrary:
    """The categories in file order, with a lookup by phrase id."""

    path: Path
    categories: tuple[PhraseCategory, ...]

    def phrase(self, phrase_id: str) -> Phrase:
        """Return the phrase with this id, or raise ``ParameterError``."""
        for category in self.categories:
            for phrase in category.phrases:
                if phrase.phrase_id == phrase_id:
                    return phrase
        raise ParameterError(
            f"定型文 {phrase_id} は {self.path} にありません。定型文の一覧を読み込み直してください。",
            f"unknown phrase {phrase_id}",
        )


def load_phrases(path: Path | None = None) -> PhraseLibrary:
    """Read and check the phrase library.

    Raises ``ParameterError`` naming the file and the entry on any problem.
    The file may be missing or not YAML. A category may lack a name or
    phrases. A phrase id may be missing, malformed or repeated, and a text
    may be empty or too long.
    """
    path = Path(path) if path is not None else data_dir() / PHRASES_FILE
    if not path.exists():
        raise ParameterError(
            f"定型文のファイル {path} がありません。data/visits/phrases.yaml を用意してください。",
            f"phrase file {path} not found",
        )
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ParameterError(
            f"定型文のファイル {path} は YAML として読めません（{error}）。字下げと記号を確かめてください。",
            f"phrase file {path} is not valid YAML: {error}",
        ) from error

    categories = []
    seen: set[str] = set()
    for number, entry in enumerate(content.get("categories") or [], start=1):
        categories.append(_read_category(path, number, entry or {}, seen))
    if not categories:
        raise ParameterError(f"{path} に categories がありません。分類と定型文を並べてください。", f"{path}: no categories")
    return PhraseLibrary(path, tuple(categories))


def _read_category(path: Path, number: int, entry: dict, seen: set[str]) -> PhraseCategory:
    name = str(entry.get("category") or "").strip()
    if not name:
        raise ParameterError(
            f"{path} の {number} 番目の分類に category（分類名）がありません。",
            f"{path}: category {number} has no name",
        )
    phrases = [_read_phrase(path, name, index, item or {}, seen) for index, item in enumerate(entry.get("phrases") or [], start=1)]
    if not phrases:
        raise ParameterError(f"{path} の分類「{name}」に定型文がありません。phrases を1つ以上書いてください。", f"{path}: category {name} is empty")
    return PhraseCategory(name, tuple(phrases))


def _read_phrase(path: Path, category: str, index: int, item: dict, seen: set[str]) -> Phrase:
    where = f"{path} の分類「{category}」の {index} 番目の定型文"
    phrase_id = str(item.get("id") or "")
    text = str(item.get("text") or "").strip()
    if not PHRASE_ID.match(phrase_id):
        raise ParameterError(
            f"{where}の id「{phrase_id}」は、英小文字で始まり英小文字・数字・ハイフンだけでできた名前にしてください。",
            f"{path}: phrase {index} of {category} has id {phrase_id!r}",
        )
    if phrase_id in seen:
        raise ParameterError(f"{where}の id「{phrase_id}」は別の定型文と重なっています。別の id にしてください。", f"{path}: duplicate phrase id {phrase_id}")
    if not text:
        raise ParameterError(f"{where}（{phrase_id}）の text が空です。文を書いてください。", f"{path}: phrase {phrase_id} has no text")
    if len(text) > MAX_PHRASE_CHARACTERS:
        raise ParameterError(
            f"{where}（{phrase_id}）は {len(text)} 字あります。{MAX_PHRASE_CHARACTERS} 字以内の短い文にしてください。",
            f"{path}: phrase {phrase_id} has {len(text)} characters",
        )
    seen.add(phrase_id)
    return Phrase(phrase_id, text)
