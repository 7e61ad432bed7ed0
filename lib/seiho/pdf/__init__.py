"""PDF pieces shared by the forms: the Japanese font with its glyph check, and 禁則 line breaking."""

from seiho.pdf.fonts import PdfFont, japanese_font
from seiho.pdf.linebreak import wrap_japanese

__all__ = ["PdfFont", "japanese_font", "wrap_japanese"]
