"""The unit of search: one 項 of a law, one section of a notice."""

from dataclasses import dataclass, field

from seiho.knowledge.citation import Citation


@dataclass(frozen=True)
class Item:
    """One 号 inside a paragraph, with its own citation and its number as the law writes it (「一」)."""

    citation: Citation
    text: str
    label: str = ""


@dataclass(frozen=True)
class Passage:
    """A paragraph (項) with its items (号), or a section of a notice.

    ``heading`` is the article's caption (見出し) such as 「費用返還義務」;
    ``chapter`` is the 章 and 節 it sits under. ``kind`` is "law" or "notice".
    """

    passage_id: str
    citation: Citation
    heading: str
    chapter: str
    text: str
    items: tuple[Item, ...] = field(default_factory=tuple)
    kind: str = "law"

    def full_text(self) -> str:
        """Return the paragraph followed by its items, one per line."""
        lines = [self.text]
        lines.extend(f"{item.label or item.citation.item}　{item.text}" for item in self.items)
        return "\n".join(lines)

    def search_text(self) -> str:
        """Return the text the indexes see: citation, heading, chapter and body.

        The citation is included so that a question naming 「63条」 meets the article itself.
        """
        parts = (self.citation.text(), self.heading, self.chapter, self.full_text())
        return "\n".join(part for part in parts if part)
