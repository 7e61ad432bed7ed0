"""Charts of the workload measures, drawn with ``seiho.workload.charts``."""

import pandas as pd
from matplotlib.figure import Figure

from seiho.workload.charts import japanese_figure

OVER_STANDARD_COLOR = "#c0392b"
WITHIN_STANDARD_COLOR = "#2e6da4"


def caseload_chart(caseloads: pd.DataFrame, households_per_worker: int) -> Figure:
    """Bar chart of households per caseworker with the 標準数 line; bars over the standard are red."""
    figure = japanese_figure(8.0, 4.0)
    axes = figure.add_subplot()
    colors = [OVER_STANDARD_COLOR if count > households_per_worker else WITHIN_STANDARD_COLOR for count in caseloads["担当世帯数"]]
    axes.bar(caseloads["職員番号"].astype(str), caseloads["担当世帯数"], color=colors)
    axes.axhline(households_per_worker, color="#333333", linestyle="--", linewidth=1)
    axes.annotate(f"標準 {households_per_worker}世帯", (0, households_per_worker), xytext=(2, 3), textcoords="offset points", fontsize=9)
    axes.set_title("担当者別の担当世帯数")
    axes.set_ylabel("世帯数")
    axes.tick_params(axis="x", labelrotation=90, labelsize=8)
    return figure


def compliance_chart(by_grade: pd.DataFrame) -> Figure:
    """Stacked horizontal bars of households within and past their visit interval, by grade."""
    figure = japanese_figure(8.0, 3.2)
    axes = figure.add_subplot()
    labels = by_grade["訪問頻度"].astype(str)
    axes.barh(labels, by_grade["期限内"], color=WITHIN_STANDARD_COLOR, label="期限内")
    axes.barh(labels, by_grade["期限超過"], left=by_grade["期限内"], color=OVER_STANDARD_COLOR, label="期限超過")
    for position, (total, rate) in enumerate(zip(by_grade["世帯数"], by_grade["遵守率"])):
        axes.annotate(f"{rate:.1f}%", (total, position), xytext=(3, -4), textcoords="offset points", fontsize=9)
    axes.set_title("訪問頻度別の訪問期限の遵守状況")
    axes.set_xlabel("世帯数")
    axes.legend(loc="lower right")
    return figure


def trend_chart(trends: pd.DataFrame) -> Figure:
    """Line chart of visits, approvals and the record backlog by month."""
    figure = japanese_figure(8.0, 3.6)
    axes = figure.add_subplot()
    months = [f"{month:%Y-%m}" for month in pd.to_datetime(trends["月"])]
    for column, style in (("訪問件数", "-o"), ("承認件数", "-s"), ("未承認記録", "--^")):
        axes.plot(months, trends[column], style, label=column, markersize=4)
    axes.set_title("月別の推移")
    axes.set_ylabel("件数")
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    axes.legend()
    return figure
