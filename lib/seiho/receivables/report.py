"""The monthly receivables report: sections of HTML and figures for notebooks/receivables_monthly.ipynb.

The report shows office totals and counts only, no case numbers or names,
so it can circulate beyond the supervisors. It reads the office as the
reporting account ``REPORT_USER``, and the audit log records that account.
"""

import calendar
import datetime as dt
import html

import pandas as pd
import plotly.express as px
from IPython.display import HTML

from seiho.access import Role, User
from seiho.errors import ParameterError
from seiho.receivables.demo_history import ensure_demo_history
from seiho.receivables.monitor import receivables_monitor
from seiho.reporting.figures import show_figure
from seiho.reporting.office_report import resolve_office
from seiho.store import Store

REPORT_USER_ID = "report"


def month_end(month: str) -> dt.date:
    """Return the last day of a 'YYYY-MM' month."""
    try:
        year, number = (int(part) for part in month.split("-"))
        return dt.date(year, number, calendar.monthrange(year, number)[1])
    except ValueError:
        raise ParameterError(f"月「{month}」は YYYY-MM の形で指定してください（例: 2026-11）。", f"invalid month {month!r}") from None


def _table(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "<p>該当はありません。</p>"
    formatted = frame.copy()
    for column in formatted.columns:
        if pd.api.types.is_integer_dtype(formatted[column]):
            formatted[column] = formatted[column].map(lambda value: f"{value:,}")
    return formatted.to_html(index=False, escape=True)


def _rate(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def receivables_report_sections(store: Store, office_code: str = "", month: str = "") -> list[HTML]:
    """Build the report's sections for one office at the end of ``month`` (default: this month)."""
    month = month or dt.date.today().strftime("%Y-%m")
    as_of = min(month_end(month), dt.date.today())
    office_code = resolve_office(store, office_code)
    with store.connect() as connection:
        ensure_demo_history(connection)
        office_name = connection.execute("SELECT name FROM offices WHERE office_code = ?", [office_code]).fetchone()[0]
    monitor = receivables_monitor(store, User(REPORT_USER_ID, "月次帳票", Role.ADMIN, office_code), as_of)

    rates = monitor.collection
    sections = [HTML(
        f"<h1>{html.escape(office_name)} 債権管理月報（{as_of.year}年{as_of.month}月）</h1>"
        f"<p>{as_of.year}年{as_of.month}月{as_of.day}日時点。法63条返還金・法78条徴収金の集計。</p>"
        "<table>"
        f"<tr><th>債権の件数</th><td>{len(monitor.ledger):,}件</td></tr>"
        f"<tr><th>決定額累計</th><td>{rates['決定額累計']:,}円</td></tr>"
        f"<tr><th>収納額累計</th><td>{rates['収納額累計']:,}円</td></tr>"
        f"<tr><th>不納欠損額累計</th><td>{rates['不納欠損額累計']:,}円</td></tr>"
        f"<tr><th>累計収納率</th><td>{_rate(rates['累計収納率'])}</td></tr>"
        f"<tr><th>今年度の収納率（収納額 ÷ 繰越と新規の調定額）</th><td>{_rate(rates['今年度の収納率'])}</td></tr>"
        "</table>"
    )]

    sections.append(HTML("<h2>根拠条文別</h2>" + _table(monitor.by_article) + "<h2>状態別</h2>" + _table(monitor.by_status)))
    trend = monitor.monthly_trend.melt(id_vars="月", var_name="区分", value_name="金額（円）")
    sections.append(HTML("<h2>月別の決定額と収納額（24か月）</h2>"))
    sections.append(show_figure(px.bar(trend, x="月", y="金額（円）", color="区分", barmode="group", title="月別の決定額と収納額")))
    sections.append(HTML("<h2>経過年数別の未収額</h2>" + _table(monitor.by_ageing)))
    sections.append(show_figure(px.bar(monitor.by_ageing, x="経過年数（納期限から）", y="未収額", title="経過年数別の未収額")))
    sections.append(HTML("<h2>担当別</h2>" + _table(monitor.by_caseworker)))

    alert_counts = monitor.alerts.groupby("警告").size().rename("件数").reset_index() if not monitor.alerts.empty else pd.DataFrame(columns=["警告", "件数"])
    sections.append(HTML(
        "<h2>会計検査の観点での警告（件数）</h2>" + _table(alert_counts)
        + f"<p>時効完成まで{monitor.settings.limitation_warning_days}日以内の債権: {len(monitor.limitation_soon):,}件。"
        f"納期限を過ぎた分納がある債権: {len(monitor.overdue_installments):,}件。個別の債権は債権管理の画面で確認してください。</p>"
    ))
    return sections
