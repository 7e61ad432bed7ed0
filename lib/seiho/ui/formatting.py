"""Turn library results into HTML for widgets, escaping every value."""

import datetime as dt
import html

import pandas as pd

EMPTY_MARK = "—"


def format_value(value) -> str:
    """Return a cell's display text: dates as YYYY年M月D日, yen with separators, blanks as —."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return EMPTY_MARK
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def frame_to_html(frame: pd.DataFrame, empty_message: str = "該当する情報はありません。", money_columns: tuple = ()) -> str:
    """Render a DataFrame with Japanese column names as an escaped HTML table."""
    if frame.empty:
        return f'<p class="seiho-note">{html.escape(empty_message)}</p>'
    header = "".join(f"<th>{html.escape(str(column))}</th>" for column in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record):
            text = format_value(value)
            if column in money_columns and text != EMPTY_MARK:
                text = f"{int(value):,}円"
            cells.append(f"<td>{html.escape(text).replace(chr(10), '<br>')}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="seiho-table"><thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def summary_to_html(summary: dict, pairs_per_row: int = 2) -> str:
    """Render label → value pairs as a table, ``pairs_per_row`` pairs to a row."""
    items = list(summary.items())
    rows = []
    for start in range(0, len(items), pairs_per_row):
        cells = "".join(
            f'<th class="seiho-label">{html.escape(label)}</th><td>{html.escape(format_value(value))}</td>'
            for label, value in items[start:start + pairs_per_row]
        )
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="seiho-table seiho-summary"><tbody>{"".join(rows)}</tbody></table>'
