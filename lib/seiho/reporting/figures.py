"""Plotly figures for report notebooks, embedded so the page works offline."""

from IPython.display import HTML

import plotly.graph_objects as go

_plotly_embedded = False

# No toolbar: its tooltips are English, and its share button offers an upload
# to Plotly's cloud service, which an office network must never be offered.
FIGURE_CONFIG = {"displayModeBar": False, "displaylogo": False, "showSendToCloud": False}


def show_figure(figure: go.Figure) -> HTML:
    """Return a figure as HTML; the first one in a notebook carries plotly.js itself."""
    global _plotly_embedded
    include = not _plotly_embedded
    _plotly_embedded = True
    figure.update_layout(font_family="Noto Sans CJK JP, IPAexGothic, sans-serif", margin=dict(l=40, r=20, t=50, b=40))
    return HTML(figure.to_html(full_html=False, include_plotlyjs=include, config=FIGURE_CONFIG))
