"""Page style for the dashboards: Japanese fonts from the OS, tablet-sized layout."""

import ipywidgets as widgets

# Fonts come from the operating system (fonts-noto-cjk on Debian); nothing is
# downloaded. The page fits a 1024×768 tablet in landscape.
DASHBOARD_CSS = """
<style>
  body, .jp-Notebook, .widget-html, .widget-label, .widget-button, input, select, table {
    font-family: "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "Hiragino Sans", "Yu Gothic", sans-serif;
  }
  .seiho-app { max-width: 1000px; }
  .seiho-title { font-size: 1.4em; font-weight: bold; margin: 4px 0 8px 0; }
  .seiho-error { color: #b00020; font-weight: bold; }
  .seiho-note { color: #555; }
  table.seiho-table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
  table.seiho-table th { background: #eef2f7; text-align: left; }
  table.seiho-table th, table.seiho-table td { border: 1px solid #ccd3dc; padding: 3px 6px; vertical-align: top; }
  table.seiho-summary th.seiho-label { width: 7em; white-space: nowrap; }
</style>
"""


def style_widget() -> widgets.HTML:
    """Return a widget that adds the dashboard style to the page."""
    return widgets.HTML(DASHBOARD_CSS)
