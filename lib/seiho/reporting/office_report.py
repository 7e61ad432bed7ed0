"""The monthly office summary report: sections of HTML and figures."""

import datetime as dt
import html

import pandas as pd
import plotly.express as px
from IPython.display import HTML

from seiho.errors import ParameterError
from seiho.reporting.figures import show_figure
from seiho.store import Store
from seiho.workload import office_summary
from seiho.workload.summary import RECORD_BACKLOG_DAYS


def resolve_office(store: Store, office_code: str) -> str:
    """Return ``office_code``, or the database's only office when it is empty."""
    if office_code:
        return office_code
    with store.connect() as connection:
        codes = [row[0] for row in connection.execute("SELECT office_code FROM offices ORDER BY office_code").fetchall()]
    if len(codes) != 1:
        raise ParameterError(
            f"福祉事務所が{len(codes)}件登録されています。-p office_code=（実施機関コード）で1つ指定してください。",
            f"{len(codes)} offices, office_code required",
        )
    return codes[0]


def office_summary_sections(store: Store, office_code: str = "", month: str = "") -> list[HTML]:
    """Build the report's sections for one office and month (default: this month)."""
    month = month or dt.date.today().strftime("%Y-%m")
    summary = office_summary(store, resolve_office(store, office_code), month)
    label = f"{summary.month.year}年{summary.month.month}月"

    sections = [HTML(
        f"<h1>{html.escape(summary.office_name)} 月次業務概況（{label}）</h1>"
        f"<p>作成日: {_japanese_date(dt.date.today())}。世帯数は{_japanese_date(summary.counted_on)}時点の被保護世帯（停止中を含む）。</p>"
    )]

    sections.append(HTML(
        "<h2>被保護世帯数と現業員</h2><table>"
        f"<tr><th>被保護世帯数</th><td>{summary.households:,}世帯</td></tr>"
        f"<tr><th>現業員の標準数（社会福祉法第16条）</th><td>{summary.required_caseworkers}人</td></tr>"
        f"<tr><th>地区担当員の配置数</th><td>{summary.actual_caseworkers}人</td></tr>"
        f"<tr><th>差（配置 − 標準）</th><td>{summary.actual_caseworkers - summary.required_caseworkers:+d}人</td></tr>"
        f"<tr><th>訪問から{RECORD_BACKLOG_DAYS}日を過ぎても承認されていない記録</th><td>{summary.record_backlog:,}件</td></tr>"
        "</table>"
    ))

    by_type = summary.by_type.assign(構成割合=summary.by_type["構成割合"].map(lambda share: f"{share:.1f}%"))
    sections.append(HTML("<h2>世帯類型別の世帯数</h2>" + _frame_html(by_type)))
    if not summary.by_type.empty:
        sections.append(show_figure(px.bar(summary.by_type, x="世帯類型", y="世帯数", title="世帯類型別の世帯数")))

    caseloads = summary.caseloads.copy()
    caseloads["標準との差"] = caseloads["担当世帯数"] - summary.standard_per_worker
    sections.append(HTML(
        f"<h2>地区担当員ごとの担当世帯数（標準 {summary.standard_per_worker}世帯）</h2>" + _frame_html(caseloads)
    ))
    if not caseloads.empty:
        figure = px.bar(caseloads, x="職員番号", y="担当世帯数", color="係", title="担当世帯数")
        figure.add_hline(y=summary.standard_per_worker, line_dash="dash", annotation_text="標準数")
        sections.append(show_figure(figure))

    sections.append(HTML(f"<h2>{label}の訪問・面接</h2>" + _table_or_note(summary.visits, "この月の訪問・面接はありません。")))
    sections.append(HTML(f"<h2>{label}の保護開始・廃止</h2>" + _table_or_note(summary.starts_and_closures, "この月の開始・廃止はありません。")))
    sections.append(HTML("<h2>債権（法63条・法78条）</h2>" + _table_or_note(summary.receivables, "債権はありません。")))
    return sections


def _table_or_note(frame, note: str) -> str:
    if frame.empty:
        return f"<p>{html.escape(note)}</p>"
    return _frame_html(frame)


def _frame_html(frame) -> str:
    """Render a table with thousands separators; columns named 額 get 円."""
    formatters = {}
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]):
            suffix = "円" if str(column).endswith("額") else ""
            formatters[column] = lambda value, suffix=suffix: "—" if pd.isna(value) else f"{int(value):,}{suffix}"
    return frame.to_html(index=False, formatters=formatters)


def _japanese_date(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"
