"""Article numbers the caseworker typed: 「法63条」, 「施行規則第18条」, 「78条の2」."""

import re
import unicodedata

from seiho.knowledge.passages import Passage

# Names staff use for each law, longest first so 「施行規則」 wins over 「法」.
LAW_ALIASES = (
    ("生活保護法施行規則", "生活保護法施行規則"),
    ("生活保護法施行令", "生活保護法施行令"),
    ("施行規則", "生活保護法施行規則"),
    ("施行令", "生活保護法施行令"),
    ("社会福祉法", "社会福祉法"),
    ("社福法", "社会福祉法"),
    ("生活保護法", "生活保護法"),
    ("法", "生活保護法"),
)

_REFERENCE = re.compile(
    r"(生活保護法施行規則|生活保護法施行令|施行規則|施行令|社会福祉法|社福法|生活保護法|法)?第?(\d+)条(?:の(\d+))?"
)


def article_references(question: str) -> list[tuple[str, str]]:
    """Return (law, article number) for each article the question names; 法 alone means 生活保護法."""
    normalised = unicodedata.normalize("NFKC", question)
    aliases = dict(LAW_ALIASES)
    found = []
    for match in _REFERENCE.finditer(normalised):
        law = aliases[match.group(1)] if match.group(1) else "生活保護法"
        article = match.group(2) + (f"の{match.group(3)}" if match.group(3) else "")
        if (law, article) not in found:
            found.append((law, article))
    return found


def referenced_passages(passages: list[Passage], question: str) -> list[int]:
    """Return the indexes of main-provision passages of the articles the question names."""
    references = set(article_references(question))
    if not references:
        return []
    return [
        index
        for index, passage in enumerate(passages)
        if not passage.citation.supplementary and (passage.citation.source, passage.citation.article) in references
    ]
