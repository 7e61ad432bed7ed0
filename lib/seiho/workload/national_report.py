"""The office-against-the-nation report: tables, charts and their PNG and PDF export."""

import base64
import datetime as dt
import html
import logging
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from seiho.paths import reports_dir
from seiho.store import Store
from seiho.workload.charts import export_chart, figure_bytes, find_japanese_font, japanese_figure
from seiho.workload.national import NationalComparison, office_vs_nation

log = logging.getLogger(__name__)

REPORT_NAME = "office_vs_nation"
OFFICE_COLOR = "#2e6da4"
NATION_COLOR = "#95a5a6"


def share_chart(table: pd.DataFrame, title: str) -> Figure:
    """Paired horizontal bars of the office's and the nation's shares, one pair per category."""
    label = table.columns[0]
    figure = japanese_figure(8.0, 1.0 + 0.45 * len(table))
    axes = figure.add_subplot()
    positions = np.arange(len(table))
    axes.barh(positions - 0.2, table["事務所（%）"], height=0.4, color=OFFICE_COLOR, label="事務所")
    axes.barh(positions + 0.2, table["全国（%）"], height=0.4, color=NATION_COLOR, label="全国")
    axes.set_yticks(positions, table[label], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel("構成割合（%）")
    axes.set_title(title)
    axes.legend(loc="lower right")
    return figure


def rate_chart(rates: pd.DataFrame) -> Figure:
    """Paired bars of start and closure rates per 1,000 households and month."""
    figure = japanese_figure(6.0, 3.4)
    axes = figure.add_subplot()
    positions = np.arange(len(rates))
    axes.bar(positions - 0.2, rates["事務所"], width=0.4, color=OFFICE_COLOR, label="事務所")
    axes.bar(positions + 0.2, rates["全国"], width=0.4, color=NATION_COLOR, label="全国")
    axes.set_xticks(positions, rates["指標"], fontsize=8)
    axes.set_ylabel("世帯／千世帯・月")
    axes.set_title("保護の開始率・廃止率")
    axes.legend()
    return figure


def comparison_charts(comparison: NationalComparison) -> list[tuple[str, str, Figure]]:
    """Return (file stem, heading, figure) for each chart of the comparison."""
    return [
        ("household_mix", "世帯類型の構成", share_chart(comparison.household_mix, "世帯類型の構成割合")),
        ("start_reasons", "保護開始の理由", share_chart(comparison.start_reasons, "保護開始の主な理由")),
        ("closure_reasons", "保護廃止の理由", share_chart(comparison.closure_reasons, "保護廃止の主な理由")),
        ("rates", "開始率・廃止率", rate_chart(comparison.rates)),
    ]


def default_chart_dir(month: str) -> Path:
    """Return reports/<month>/office_vs_nation_charts, beside the report's HTML."""
    return reports_dir() / (month or dt.date.today().strftime("%Y-%m")) / f"{REPORT_NAME}_charts"


def national_sections(store: Store, office_code: str, fiscal_year: int, statistics_year: str, chart_dir: Path) -> list[HTML]:
    """Build the report's HTML sections and export every chart to ``chart_dir`` as PNG and PDF.

    Raises ``JapaneseFontMissing`` before any output when no Japanese font is installed.
    """
    find_japanese_font()
    comparison = office_vs_nation(store, office_code, fiscal_year, statistics_year)
    sections = [HTML(
        f"<h1>全国との比較（{fiscal_year}年度）</h1>"
        f"<p>実施機関コード {html.escape(office_code)} の{fiscal_year}年度（4月〜翌3月）を、被保護者調査（{html.escape(statistics_year)}、"
        "厚生労働省）の全国値と比べます。世帯類型は年度末の被保護世帯、開始・廃止は年度中の件数です。"
        "全国の開始・廃止理由の割合は転入・転出による開始・廃止を除いた値です。</p>"
    )]
    tables = {"household_mix": comparison.household_mix, "start_reasons": comparison.start_reasons,
              "closure_reasons": comparison.closure_reasons, "rates": comparison.rates}

    chart_dir = Path(chart_dir)
    for stem, heading, figure in comparison_charts(comparison):
        export_chart(figure, chart_dir / f"{stem}.png")
        export_chart(figure, chart_dir / f"{stem}.pdf")
        encoded = base64.b64encode(figure_bytes(figure)).decode("ascii")
        sections.append(HTML(
            f"<h2>{html.escape(heading)}</h2>" + tables[stem].to_html(index=False, na_rep="—")
            + f'<img alt="{html.escape(heading)}" src="data:image/png;base64,{encoded}">'
        ))
    sections.append(HTML(f"<p>グラフの PNG・PDF: {html.escape(str(chart_dir))}</p>"))
    log.info("exported national comparison charts to %s", chart_dir)
    return sections
