"""Citations of a law's provisions: 「生活保護法第63条第1項第2号」."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    """Where a passage sits in its source.

    ``article`` is the article number as written after 第 with Arabic numerals
    (「63」, 「29の2」); it is empty for a 附則 made only of paragraphs.
    ``supplementary`` names the 附則 a provision belongs to: empty for the main
    provisions, 「附則」 for the original act's 附則, and 「附則（昭和二五年…）」
    for the 附則 of an amending act.
    """

    source: str
    article: str = ""
    paragraph: int | None = None
    item: int | None = None
    supplementary: str = ""
    section: str = ""

    def article_key(self) -> str:
        """Return the citation down to the article, the unit the evaluation set names."""
        if self.section:
            return f"{self.source} {self.section}"
        return _join(self.source, self.supplementary, self.article, None, None)

    def text(self) -> str:
        """Return the full citation, e.g. 「生活保護法第78条第1項」."""
        if self.section:
            return f"{self.source} {self.section}"
        return _join(self.source, self.supplementary, self.article, self.paragraph, self.item)


def _join(source: str, supplementary: str, article: str, paragraph: int | None, item: int | None) -> str:
    parts = [source, supplementary]
    if article:
        # 「77の2」 is cited as 第77条の2: the branch number follows 条.
        main, _, branch = article.partition("の")
        parts.append(f"第{main}条" + (f"の{branch}" if branch else ""))
    if paragraph is not None:
        parts.append(f"第{paragraph}項")
    if item is not None:
        parts.append(f"第{item}号")
    return "".join(parts)
