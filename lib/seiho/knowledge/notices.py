"""Load the public notices an office adds under data/knowledge/notices (text or HTML).

A notice such as a 実施要領 通知 has its own heading scheme (第1, 1, (1) …),
so it is cut into blocks instead of articles: a short line without 「。」 is a
heading, and the blocks below it are cited as 「<title> <heading> 段落n」.
"""

import logging
import re
from html.parser import HTMLParser
from pathlib import Path

from seiho.errors import SeihoError
from seiho.knowledge.citation import Citation
from seiho.knowledge.passages import Passage
from seiho.paths import data_dir

log = logging.getLogger(__name__)

NOTICE_SUFFIXES = {".txt", ".html", ".htm"}

# A heading is a short line that does not end a sentence.
# TODO: the 実施要領 numbering (第1, 1, (1), ア) is not parsed, so a notice is cited by its nearest short heading and block number.
MAX_HEADING_CHARS = 40

# Longer blocks are cut at a sentence end so that each passage stays readable.
MAX_PASSAGE_CHARS = 600

_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "dt", "dd", "section", "article", "table"}


class _TextExtractor(HTMLParser):
    """Collect an HTML page's text with a blank line at every block element."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._skip:
            return
        if self._in_title:
            self.title += data.strip()
            return
        self.parts.append(data)


def default_notices_dir() -> Path:
    """Return data/knowledge/notices under the data folder."""
    return data_dir() / "knowledge" / "notices"


def read_notice_text(path: Path) -> tuple[str, str]:
    """Return (title, plain text) of a notice file; raise SeihoError if it cannot be read."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SeihoError(f"通知ファイル {path} を UTF-8 のテキストとして読めません。UTF-8 で保存し直してください。", str(error)) from error

    if path.suffix.lower() in (".html", ".htm"):
        extractor = _TextExtractor()
        extractor.feed(raw)
        text = "".join(extractor.parts)
        title = extractor.title
    else:
        text, title = raw, ""

    lines = [line.strip() for line in text.splitlines()]
    if not title:
        title = next((line for line in lines if line), path.stem)
    return title, "\n".join(lines)


def parse_notice(path: Path) -> list[Passage]:
    """Cut one notice into passages cited by title, heading and block number."""
    title, text = read_notice_text(path)
    blocks = [" ".join(block.split("\n")).strip() for block in re.split(r"\n\s*\n", text)]
    blocks = [block for block in blocks if block and block != title]

    passages = []
    heading = ""
    counter = 0
    for block in blocks:
        if len(block) <= MAX_HEADING_CHARS and not block.endswith("。"):
            heading, counter = block, 0
            continue
        for piece in _split_long(block):
            counter += 1
            section = f"{heading} 段落{counter}" if heading else f"段落{counter}"
            citation = Citation(title, section=section)
            passage_id = f"notice:{path.stem}:{len(passages):04d}"
            passages.append(Passage(passage_id, citation, heading, "", piece, (), kind="notice"))

    if not passages:
        raise SeihoError(f"通知ファイル {path} に本文の段落がありません。空のファイルか確認してください。", f"no passages in {path}")
    return passages


def _split_long(block: str) -> list[str]:
    if len(block) <= MAX_PASSAGE_CHARS:
        return [block]
    pieces, current = [], ""
    for sentence in re.split(r"(?<=。)", block):
        if current and len(current) + len(sentence) > MAX_PASSAGE_CHARS:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def load_notices(folder: Path | None = None) -> list[Passage]:
    """Load every .txt/.html notice in the folder (none if the folder does not exist)."""
    folder = folder or default_notices_dir()
    if not folder.is_dir():
        return []
    passages = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in NOTICE_SUFFIXES:
            passages.extend(parse_notice(path))
    log.info("loaded %d notice passages from %s", len(passages), folder)
    return passages
