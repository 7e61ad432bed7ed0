"""Parse a law's text (data/laws/*.txt) into paragraphs with citations.

The files contain one provision per line, as e-Gov lays them out. An article
line starts with 「第…条」 and carries the first paragraph. A further paragraph
starts with full-width digits. An item (号) is indented with one full-width
space and numbered in kanji. 「（…）」 alone on a line is the caption of the
article below it. 附則 follow the main provisions; each 附則 is kept apart in
the citations, so 附則第9項 never reads as the main provisions' 第9条.
"""

import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from seiho.errors import SeihoError
from seiho.knowledge.citation import Citation
from seiho.knowledge.numerals import KANJI_NUMERAL_CHARS, kanji_to_int, width_digits_to_int
from seiho.knowledge.passages import Item, Passage

log = logging.getLogger(__name__)

_NUM = f"[{KANJI_NUMERAL_CHARS}]+"
ARTICLE_LINE = re.compile(rf"^第({_NUM})条((?:の{_NUM})*)[\u3000 ](.*)$")
PARAGRAPH_LINE = re.compile(r"^([０-９0-9]+)[\u3000 ](.*)$")
ITEM_LINE = re.compile(rf"^\u3000({_NUM})[\u3000 ](.*)$")
CAPTION_LINE = re.compile(r"^（([^（）]+)）$")
DIVISION_LINE = re.compile(rf"^\u3000+(第{_NUM}[編章節款目](?:の{_NUM})?)[\u3000 ]*(.*)$")
SUPPLEMENTARY_LINE = re.compile(r"^\u3000+附[\u3000 ]*則[\u3000 ]*(（[^）]*）)?[\u3000 ]*(抄)?\s*$")


@dataclass
class _Paragraph:
    citation: Citation
    heading: str
    chapter: str
    lines: list[str]
    items: list[tuple[int, str, list[str]]] = field(default_factory=list)


def article_number(main: str, branches: str) -> str:
    """Return an article number in Arabic numerals: 「二十九」「の二」 → 「29の2」."""
    number = str(kanji_to_int(main))
    for branch in branches.split("の")[1:]:
        number += f"の{kanji_to_int(branch)}"
    return number


def parse_law(path: Path, source: str | None = None) -> list[Passage]:
    """Parse one law file into passages, one per paragraph (項).

    ``source`` is the law's name in citations; it defaults to the file's stem.
    Raises SeihoError when the file contains no provision at all, which means it is
    not in the expected layout.
    """
    source = source or path.stem
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SeihoError(f"法令ファイル {path} を UTF-8 のテキストとして読めません。ファイルを確認してください。", str(error)) from error

    paragraphs = _collect_paragraphs(lines, source)
    if not paragraphs:
        raise SeihoError(
            f"法令ファイル {path} に「第…条」で始まる行も項番号の行もありません。e-Gov の条文をテキスト化した形式か確認してください。",
            f"no provisions parsed from {path}",
        )

    passages = _to_passages(paragraphs, path.stem)
    log.info("parsed %s: %d paragraphs", source, len(passages))
    return passages


def _collect_paragraphs(lines: list[str], source: str) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    in_body = False
    caption = ""
    article_caption = ""
    chapter = ""
    supplementary = ""
    article = ""

    for raw in lines:
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue

        supplementary_match = SUPPLEMENTARY_LINE.match(line)
        if supplementary_match:
            in_body = True
            supplementary = "附則" + (supplementary_match.group(1) or "")
            chapter, article, caption, article_caption = "", "", "", ""
            continue

        division = DIVISION_LINE.match(line)
        if division:
            in_body = True
            name = f"{division.group(1)}　{division.group(2)}".strip()
            # A 節 sits under the current 章; a new 章 replaces both.
            chapter = name if "章" in division.group(1) or not chapter else f"{chapter.split(' / ')[0]} / {name}"
            article_caption = ""
            continue

        caption_match = CAPTION_LINE.match(line)
        if caption_match:
            in_body = True
            caption = caption_match.group(1)
            continue

        article_match = ARTICLE_LINE.match(line)
        if article_match:
            in_body = True
            article = article_number(article_match.group(1), article_match.group(2))
            # An article without its own caption shares the one above it (共通見出し).
            if caption:
                article_caption, caption = caption, ""
            citation = Citation(source, article, 1, None, supplementary)
            paragraphs.append(_Paragraph(citation, article_caption, chapter, [article_match.group(3)]))
            continue

        if not in_body:
            # Title, table of contents and the enacting formula come before the first provision.
            continue

        paragraph_match = PARAGRAPH_LINE.match(line)
        if paragraph_match:
            if caption:
                # In a 附則 made of bare paragraphs a caption heads the paragraphs up to the next caption.
                article_caption, caption = caption, ""
            number = width_digits_to_int(paragraph_match.group(1))
            citation = Citation(source, article, number, None, supplementary)
            paragraphs.append(_Paragraph(citation, article_caption, chapter, [paragraph_match.group(2)]))
            continue

        item_match = ITEM_LINE.match(line)
        if item_match and paragraphs:
            label = item_match.group(1)
            paragraphs[-1].items.append((kanji_to_int(label), label, [item_match.group(2)]))
            continue

        # Sub-items (イ, ロ …), table rows and wrapped lines belong to what came last.
        if paragraphs:
            current = paragraphs[-1]
            target = current.items[-1][2] if current.items else current.lines
            target.append(line.strip())

    return paragraphs


def _to_passages(paragraphs: list[_Paragraph], stem: str) -> list[Passage]:
    # An article with one paragraph is cited without 第1項, as statute books do.
    counts: dict[tuple[str, str], int] = {}
    for paragraph in paragraphs:
        if paragraph.citation.article:
            key = (paragraph.citation.supplementary, paragraph.citation.article)
            counts[key] = counts.get(key, 0) + 1

    passages = []
    for index, paragraph in enumerate(paragraphs):
        citation = paragraph.citation
        if citation.article and counts[(citation.supplementary, citation.article)] == 1:
            citation = replace(citation, paragraph=None)
        items = tuple(
            Item(replace(citation, item=number), "\n".join(text), label) for number, label, text in paragraph.items
        )
        passage_id = f"{stem}:{index:05d}"
        passages.append(Passage(passage_id, citation, paragraph.heading, paragraph.chapter, "\n".join(paragraph.lines), items))
    return passages
