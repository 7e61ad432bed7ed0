"""Find the Japanese font for PDFs (納付書, 医療券) and check that it has every glyph a page needs."""

import functools
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from seiho.errors import SeihoError

log = logging.getLogger(__name__)

# Noto Sans CJK from the Debian package fonts-noto-cjk. SEIHO_PDF_FONT names
# another TrueType/OpenType file or collection instead.
DEFAULT_FONT_FILES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJKjp-Regular.otf"),
)
JAPANESE_FAMILY_MARK = "JP"


@dataclass(frozen=True)
class PdfFont:
    """A font file, the index of the Japanese face in it and the characters it covers."""

    path: Path
    collection_index: int
    family: str
    characters: frozenset[int]

    def missing(self, text: str) -> list[str]:
        """Return the characters of ``text`` the font cannot draw, in order, once each."""
        found = []
        for character in text:
            if character.isspace() or ord(character) in self.characters or character in found:
                continue
            found.append(character)
        return found

    def check(self, text: str, where: str) -> None:
        """Raise a Japanese error naming each character the font lacks."""
        missing = self.missing(text)
        if missing:
            listed = "、".join(f"「{character}」(U+{ord(character):04X})" for character in missing)
            raise SeihoError(
                f"{where} の文字 {listed} はフォント {self.path.name}（{self.family}）にありません。文字を常用の字体に直すか、SEIHO_PDF_FONT で別のフォントを指定してください。",
                f"font {self.path} lacks {[hex(ord(c)) for c in missing]} for {where}",
            )


@functools.cache
def japanese_font() -> PdfFont:
    """Return the Japanese font for PDFs, or raise if none is installed."""
    override = os.environ.get("SEIHO_PDF_FONT")
    candidates = [Path(override)] if override else list(DEFAULT_FONT_FILES)
    for path in candidates:
        if path.exists():
            font = _load(path)
            log.info("PDF font %s index %d (%s)", path, font.collection_index, font.family)
            return font
    raise SeihoError(
        f"PDF に使う日本語フォントが見つかりません（{'、'.join(str(path) for path in candidates)}）。fonts-noto-cjk を導入するか、SEIHO_PDF_FONT でフォントファイルを指定してください。",
        f"no Japanese font among {candidates}",
    )


def _load(path: Path) -> PdfFont:
    if path.suffix.lower() in (".ttc", ".otc"):
        faces = TTCollection(str(path)).fonts
    else:
        faces = [TTFont(str(path))]
    # Prefer the Japanese face of a CJK collection: its glyph forms follow JIS.
    chosen = 0
    for index, face in enumerate(faces):
        if JAPANESE_FAMILY_MARK in (face["name"].getDebugName(1) or ""):
            chosen = index
            break
    face = faces[chosen]
    return PdfFont(path, chosen, face["name"].getDebugName(1) or path.stem, frozenset(face.getBestCmap()))
