"""Field synonyms kept in data/knowledge/synonyms.yaml, used to widen a query."""

import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from seiho.errors import SeihoError
from seiho.knowledge.tokens import terms
from seiho.paths import data_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Expansion:
    """Query terms with weights, and the synonyms that were added as evidence."""

    weights: dict[str, float]
    added: tuple[str, ...]


@dataclass(frozen=True)
class Synonyms:
    """Groups of words that mean the same thing to a caseworker."""

    groups: tuple[tuple[str, ...], ...]
    expansion_weight: float

    def expand(self, question: str) -> Expansion:
        """Return the question's terms, plus every group's words where one word of the group occurs."""
        weights: dict[str, float] = {}
        for term in terms(question):
            weights[term] = weights.get(term, 0.0) + 1.0

        normalised = unicodedata.normalize("NFKC", question)
        added = []
        for group in self.groups:
            if not any(unicodedata.normalize("NFKC", word) in normalised for word in group):
                continue
            for word in group:
                if unicodedata.normalize("NFKC", word) in normalised:
                    continue
                added.append(word)
                for term in terms(word):
                    weights.setdefault(term, self.expansion_weight)
        return Expansion(weights, tuple(added))


def default_synonyms_path() -> Path:
    """Return data/knowledge/synonyms.yaml under the data folder."""
    return data_dir() / "knowledge" / "synonyms.yaml"


def load_synonyms(path: Path | None = None) -> Synonyms:
    """Read the synonym groups; raise SeihoError naming the file when its layout is wrong."""
    path = path or default_synonyms_path()
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SeihoError(f"同義語ファイル {path} を読めません。YAML の書式を確認してください。", str(error)) from error

    if not isinstance(document, dict) or not isinstance(document.get("groups"), list):
        raise SeihoError(f"同義語ファイル {path} に groups（語のリストのリスト）がありません。", f"no groups list in {path}")
    groups = []
    for number, group in enumerate(document["groups"], start=1):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(word, str) and word for word in group):
            raise SeihoError(
                f"同義語ファイル {path} の groups の {number} 番目が、2語以上の文字列のリストになっていません。",
                f"group {number} in {path} is not a list of two or more strings",
            )
        groups.append(tuple(group))

    weight = document.get("expansion_weight", 0.5)
    if not isinstance(weight, (int, float)) or not 0 < weight <= 1:
        raise SeihoError(f"同義語ファイル {path} の expansion_weight は 0 より大きく 1 以下の数にしてください（値: {weight!r}）。", f"bad expansion_weight {weight!r}")
    log.debug("loaded %d synonym groups from %s", len(groups), path)
    return Synonyms(tuple(groups), float(weight))
