"""Mark the query's terms in a passage, for HTML and for the terminal."""

import html

from seiho.knowledge.tokens import tokenize


def _spans(text: str, matched_terms: set[str]) -> list[tuple[int, int]]:
    return [(token.begin, token.end) for token in tokenize(text) if token.term in matched_terms]


def highlight_html(text: str, matched_terms: set[str]) -> str:
    """Return the text HTML-escaped, with each matched term inside <mark>."""
    pieces, position = [], 0
    for begin, end in _spans(text, matched_terms):
        pieces.append(html.escape(text[position:begin]))
        pieces.append(f"<mark>{html.escape(text[begin:end])}</mark>")
        position = end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces).replace("\n", "<br>")


def highlight_plain(text: str, matched_terms: set[str]) -> str:
    """Return the text with each matched term inside 【】."""
    pieces, position = [], 0
    for begin, end in _spans(text, matched_terms):
        pieces.append(text[position:begin])
        pieces.append(f"【{text[begin:end]}】")
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
