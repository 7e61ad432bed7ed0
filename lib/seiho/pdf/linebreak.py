"""Break Japanese text into lines that fit a width, following the 禁則 rules.

A line never starts with a closing bracket, a punctuation mark, a small kana
or the long-vowel mark (行頭禁則), never ends with an opening bracket
(行末禁則), and a run of ASCII letters and digits (a number, a code) is kept
whole. When the character that would overflow may not start a line, the
characters before it move down with it (追い出し), so no line grows past the width.
"""

from collections.abc import Callable

# Characters that may not start a line (行頭禁則).
NO_LINE_START = frozenset(
    "、。，．,.・：；:;？！?!)）]］}｝」』】〕〉》〙〗〟'\"’”»"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "ー‐゠–〜～々〻ゝゞヽヾ…‥%％"
)
# Characters that may not end a line (行末禁則).
NO_LINE_END = frozenset("(（[［{｛「『【〔〈《〘〖〝‘“«")


def _keeps_together(left: str, right: str) -> bool:
    return left.isascii() and right.isascii() and left.isalnum() and right.isalnum()


def _may_break_before(text: str, index: int) -> bool:
    """Return whether a line may end before ``text[index]``."""
    left, right = text[index - 1], text[index]
    return right not in NO_LINE_START and left not in NO_LINE_END and not _keeps_together(left, right)


def wrap_japanese(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Return the lines of ``text`` that each fit ``width`` as measured by ``measure``.

    A newline in ``text`` always starts a new line. A run with no allowed break
    that is wider than ``width`` (a very long number) is cut at the width.
    """
    lines = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, measure))
    return lines


def _wrap_paragraph(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    lines = []
    start = 0
    while start < len(text):
        # Find the first character that does not fit on the line from ``start``.
        end = start + 1
        while end < len(text) and measure(text[start:end + 1]) <= width:
            end += 1
        if end >= len(text):
            lines.append(text[start:])
            break

        # Move the break back until both sides obey the 禁則 rules.
        cut = end
        while cut > start + 1 and not _may_break_before(text, cut):
            cut -= 1
        if cut == start + 1 and not _may_break_before(text, cut):
            cut = end
        lines.append(text[start:cut])
        start = cut
    return lines or [""]
