"""The Japanese font for 納付書 PDFs: the shared PDF font under its earlier names."""

from seiho.pdf.fonts import PdfFont as SlipFont
from seiho.pdf.fonts import japanese_font as slip_font

__all__ = ["SlipFont", "slip_font"]
