"""Static charts (PNG and PDF) drawn with matplotlib in a Japanese font from the OS.

No font is downloaded: the charts use a Japanese font that the operating
system provides (fonts-noto-cjk on Debian). Without one, matplotlib would draw
every Japanese character as an empty box, so the export raises
``JapaneseFontMissing`` instead.
"""

import io
import logging
from pathlib import Path
from typing import Iterable

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from seiho.errors import SeihoError  # noqa: E402

log = logging.getLogger(__name__)

# Japanese font families in order of preference.
JAPANESE_FONT_FAMILIES = (
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "IPAexGothic",
    "IPAGothic",
    "Noto Serif CJK JP",
    "IPAexMincho",
    "TakaoGothic",
    "VL Gothic",
)

EXPORT_FORMATS = {".png": "png", ".pdf": "pdf"}


class JapaneseFontMissing(SeihoError):
    """No Japanese font is installed, so a chart would show boxes for Japanese text."""


def find_japanese_font(font_entries: Iterable | None = None) -> str:
    """Return the first installed Japanese font family from ``JAPANESE_FONT_FAMILIES``.

    Args:
        font_entries: matplotlib ``FontEntry`` objects to search; by default
            the fonts matplotlib found on this machine.
    """
    if font_entries is None:
        family = _first_japanese_family(font_manager.fontManager.ttflist)
        if family is None:
            _add_fonts_installed_since_cache()
            family = _first_japanese_family(font_manager.fontManager.ttflist)
        entries = font_manager.fontManager.ttflist
    else:
        entries = list(font_entries)
        family = _first_japanese_family(entries)

    if family is not None:
        return family
    raise JapaneseFontMissing(
        "グラフに使う日本語フォントがインストールされていません。このままでは日本語が表示されないため、グラフを出力しません。"
        "管理者に日本語フォント（Debian/Ubuntu では fonts-noto-cjk）のインストールを依頼してください。"
        f"対応するフォント: {'、'.join(JAPANESE_FONT_FAMILIES)}",
        f"none of {JAPANESE_FONT_FAMILIES} among {len(entries)} installed fonts",
    )


def _first_japanese_family(entries: Iterable) -> str | None:
    installed = {entry.name for entry in entries}
    return next((family for family in JAPANESE_FONT_FAMILIES if family in installed), None)


def _add_fonts_installed_since_cache() -> None:
    """Add the OS fonts that are missing from matplotlib's cached font list.

    matplotlib writes its font list to a cache when it is first imported. A
    font installed after that, such as fonts-noto-cjk on a fresh machine, is
    missing from the cache, so the OS fonts are read once more before giving up.
    """
    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    added = 0
    for path in font_manager.findSystemFonts():
        if path in known:
            continue
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue
        added += 1
    log.info("added %d OS fonts missing from matplotlib's font cache", added)


def japanese_figure(width: float = 8.0, height: float = 4.5, font_entries: Iterable | None = None) -> Figure:
    """Return an empty figure whose text is set in the installed Japanese font.

    Raises ``JapaneseFontMissing`` before anything is drawn when no Japanese
    font is installed.
    """
    family = find_japanese_font(font_entries)
    matplotlib.rcParams["font.family"] = [family, "sans-serif"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return Figure(figsize=(width, height), layout="constrained")


def figure_bytes(figure: Figure, image_format: str = "png", dpi: int = 110) -> bytes:
    """Render ``figure`` as PNG or PDF bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format=image_format, dpi=dpi)
    return buffer.getvalue()


def export_chart(figure: Figure, path: Path, font_entries: Iterable | None = None) -> Path:
    """Write ``figure`` to ``path`` as PNG or PDF, chosen by the file suffix.

    Raises ``JapaneseFontMissing`` when no Japanese font is installed and
    ``SeihoError`` for a suffix other than .png or .pdf.
    """
    path = Path(path)
    image_format = EXPORT_FORMATS.get(path.suffix.lower())
    if image_format is None:
        raise SeihoError(
            f"グラフの出力先 {path.name} の拡張子は .png か .pdf にしてください。",
            f"unsupported chart format {path.suffix!r}",
        )
    find_japanese_font(font_entries)

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(figure_bytes(figure, image_format))
    log.info("wrote chart %s", path)
    return path
