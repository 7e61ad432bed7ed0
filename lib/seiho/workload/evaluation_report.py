"""The efficiency evaluation report: HTML sections for papermill and the same content as PDF."""

import base64
import datetime as dt
import html
import logging
from dataclasses import dataclass
from pathlib import Path

from IPython.display import HTML
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from seiho.access import User
from seiho.access.users import load_user
from seiho.errors import ParameterError
from seiho.paths import reports_dir
from seiho.store import Store
from seiho.workload.charts import figure_bytes, find_japanese_font, japanese_figure
from seiho.workload.efficiency import EfficiencyComparison, Group, compare_efficiency, load_events
from seiho.workload.efficiency_plots import approval_time_chart, effect_size_chart, few_edits_chart, visit_rate_chart

log = logging.getLogger(__name__)

# Approvals up to this many days after the last visit of a period still count,
# so the last weeks of a period are not cut short.
APPROVAL_WINDOW_DAYS = 60

REPORT_NAME = "efficiency_evaluation"

# Bootstrap resamples per interval. The median's bootstrap dominates the
# report's run time on a large office (see bench/README.md).
DEFAULT_RESAMPLES = 1000


@dataclass(frozen=True)
class EvaluationRequest:
    """The report's parameters, checked and converted."""

    office_code: str
    before: Group
    after: Group
    few_edits_ratio: float
    level: float
    seed: int
    resamples: int = DEFAULT_RESAMPLES


def parse_date(name: str, text: str) -> dt.date:
    """Parse a YYYY-MM-DD parameter, naming it in the error."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ParameterError(
            f"パラメータ「{name}」の値「{text}」は日付ではありません。YYYY-MM-DD の形で指定してください（例: 2025-04-01）。",
            f"parameter {name}={text!r} is not a date",
        ) from None


def build_request(office_code: str, before_start: str, before_end: str, after_start: str, after_end: str,
                  pilot_teams: str = "", few_edits_ratio: float = 0.1, level: float = 0.95, seed: int = 0,
                  resamples: int = DEFAULT_RESAMPLES) -> EvaluationRequest:
    """Check the report parameters and return the two groups to compare.

    Without ``pilot_teams`` the comparison is before against after. With
    them (係 names separated by commas) it is the other teams against the
    pilot teams, both in the after period.
    """
    dates = {name: parse_date(name, text) for name, text in (
        ("before_start", before_start), ("before_end", before_end), ("after_start", after_start), ("after_end", after_end))}
    for start, end in (("before_start", "before_end"), ("after_start", "after_end")):
        if dates[start] > dates[end]:
            raise ParameterError(
                f"期間の開始 {start}（{dates[start]}）が終了 {end}（{dates[end]}）より後です。日付を入れ替えてください。",
                f"{start} after {end}",
            )
    if resamples < 100:
        raise ParameterError(f"ブートストラップの反復回数 resamples（{resamples}）は100以上にしてください（例: 1000）。", f"resamples={resamples}")
    if not 0 < level < 1:
        raise ParameterError(f"信頼水準 level（{level}）は0より大きく1より小さい値にしてください（例: 0.95）。", f"level={level}")

    teams = tuple(team.strip() for team in pilot_teams.split(",") if team.strip())
    if teams:
        before = Group("試行以外の係", dates["after_start"], dates["after_end"], teams, exclude_teams=True)
        after = Group("試行の係", dates["after_start"], dates["after_end"], teams)
    else:
        if dates["before_end"] >= dates["after_start"]:
            raise ParameterError(
                f"導入前の期間（〜{dates['before_end']}）と導入後の期間（{dates['after_start']}〜）が重なっています。期間を見直してください。",
                "before and after periods overlap",
            )
        before = Group("導入前", dates["before_start"], dates["before_end"])
        after = Group("導入後", dates["after_start"], dates["after_end"])
    return EvaluationRequest(office_code, before, after, few_edits_ratio, level, seed, resamples)


def analysis_user(store: Store, user_id: str, option: str = "-p user_id=") -> User:
    """Return the active user the report runs as; raise ``ParameterError`` naming ``option`` when there is none."""
    with store.connect() as connection:
        user = load_user(connection, user_id) if user_id else None
    if user is None:
        raise ParameterError(
            f"利用者「{user_id}」は登録されていないか無効です。{option}（分析担当・査察指導員・管理者の利用者ID）で指定してください。",
            f"unknown user {user_id!r}",
        )
    return user


def run_comparison(store: Store, user: User, request: EvaluationRequest) -> EfficiencyComparison:
    """Load the pseudonymised events of both groups and compare them."""
    start = min(request.before.start, request.after.start)
    end = max(request.before.end, request.after.end) + dt.timedelta(days=APPROVAL_WINDOW_DAYS)
    events = load_events(store, user, request.office_code, start, end)
    return compare_efficiency(events, request.office_code, request.before, request.after, request.few_edits_ratio,
                              request.level, resamples=request.resamples, seed=request.seed)


def comparison_figures(comparison: EfficiencyComparison) -> list[tuple[str, Figure]]:
    """Return the report's charts with their headings."""
    return [
        ("訪問から記録承認までの日数", approval_time_chart(comparison)),
        ("修正の少ない下書きの割合", few_edits_chart(comparison)),
        ("1人1日あたりの訪問件数", visit_rate_chart(comparison)),
        ("効果量と信頼区間", effect_size_chart(comparison)),
    ]


def default_pdf_path(month: str) -> Path:
    """Return reports/<month>/efficiency_evaluation.pdf, beside the HTML that ``seiho report`` writes."""
    return reports_dir() / (month or dt.date.today().strftime("%Y-%m")) / f"{REPORT_NAME}.pdf"


def efficiency_sections(store: Store, user_id: str, request: EvaluationRequest, pdf_path: Path) -> list[HTML]:
    """Run the comparison and return the report's HTML sections; write the PDF to ``pdf_path``.

    Raises ``JapaneseFontMissing`` before any output when no Japanese font is installed.
    """
    find_japanese_font()
    user = analysis_user(store, user_id)
    comparison = run_comparison(store, user, request)
    figures = comparison_figures(comparison)
    title = f"業務効率の評価（{request.after.label}と{request.before.label}の比較）"

    sections = [HTML(f"<h1>{html.escape(title)}</h1>" + _definitions_html(request))]
    sections.append(HTML("<h2>指標の要約</h2>" + comparison.summary().to_html(index=False, float_format=lambda value: f"{value:,.3f}")))
    sections.append(HTML(
        f"<h2>効果の推定（{request.level:.0%}信頼区間）</h2>"
        + comparison.estimates().to_html(index=False, float_format=lambda value: f"{value:,.3f}")
        + "<p>差はすべて「比較先 − 比較元」です。日数が負なら短縮、割合・件数が正なら増加を表します。</p>"
    ))
    for heading, figure in figures:
        encoded = base64.b64encode(figure_bytes(figure)).decode("ascii")
        sections.append(HTML(f"<h2>{html.escape(heading)}</h2><img alt=\"{html.escape(heading)}\" src=\"data:image/png;base64,{encoded}\">"))

    write_pdf(pdf_path, title, request, comparison, [figure for _, figure in figures])
    sections.append(HTML(f"<p>同じ内容の PDF: {html.escape(str(pdf_path))}</p>"))
    return sections


def write_pdf(path: Path, title: str, request: EvaluationRequest, comparison: EfficiencyComparison, figures: list[Figure]) -> Path:
    """Write the report as PDF: a page of tables, then one page per chart."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with PdfPages(path, metadata={"Title": title}) as pdf:
        pdf.savefig(_table_page(title, request, comparison))
        for figure in figures:
            pdf.savefig(figure)
    log.info("wrote efficiency report PDF %s", path)
    return path


def _table_page(title: str, request: EvaluationRequest, comparison: EfficiencyComparison) -> Figure:
    figure = japanese_figure(11.69, 8.27)
    figure.suptitle(title, fontsize=14)
    figure.text(0.02, 0.9, _definitions_text(request), fontsize=9, va="top")

    summary = comparison.summary()
    estimates = comparison.estimates()
    top = figure.add_axes((0.02, 0.45, 0.96, 0.3))
    bottom = figure.add_axes((0.02, 0.02, 0.96, 0.4))
    for axes, frame in ((top, summary), (bottom, estimates)):
        axes.axis("off")
        cells = [[_cell(value) for value in row] for row in frame.itertuples(index=False)]
        if cells:
            table = axes.table(cellText=cells, colLabels=list(frame.columns), loc="upper center", cellLoc="center")
            table.auto_set_font_size(False)
            table.set_fontsize(7)
            table.scale(1, 1.4)
    return figure


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}"
    return str(value)


def _period(group: Group) -> str:
    teams = ""
    if group.teams:
        teams = ("（" + "・".join(group.teams) + "を除く）") if group.exclude_teams else ("（" + "・".join(group.teams) + "）")
    return f"{group.label}: {group.start}〜{group.end}{teams}"


def _definitions_text(request: EvaluationRequest) -> str:
    return "\n".join([
        f"実施機関コード {request.office_code}",
        f"比較元 {_period(request.before)}",
        f"比較先 {_period(request.after)}",
        "訪問から記録承認までの日数: 訪問ごと。期間の終了後60日までの承認を含め、それまでに承認されていない訪問は除く。",
        f"修正が少ない下書き: 承認までに変更された文字の割合が{request.few_edits_ratio:.0%}以下のもの。",
        "1人1日あたりの訪問件数: 地区担当員ごとに、期間中の訪問件数を平日の日数で割った値（祝日も平日として数える）。",
        "個人を特定できないよう、職員と訪問は仮名化して集計している。",
    ])


def _definitions_html(request: EvaluationRequest) -> str:
    lines = _definitions_text(request).split("\n")
    return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"
