"""``seiho workload``: derive the demo's event log, export the workload charts."""

import argparse
import datetime as dt
from pathlib import Path

from seiho.errors import ParameterError
from seiho.store import Store
from seiho.workload.charts import export_chart
from seiho.workload.demo_events import DEFAULT_SEED, generate_demo_events
from seiho.workload.evaluation_report import analysis_user, parse_date
from seiho.workload.plots import caseload_chart, compliance_chart, trend_chart
from seiho.workload.view import workload_measures


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, help="データベースファイル（既定: SEIHO_DB または data/demo.duckdb）")
    actions = parser.add_subparsers(dest="action", required=True)

    events = actions.add_parser("demo-events", help="デモの訪問・記録から業務イベントを作る（既存のデモイベントは置き換える）")
    events.add_argument("--adoption", required=True, help="ワークベンチ導入日 YYYY-MM-DD（この日以降の訪問に導入効果を付ける）")
    events.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"乱数の種（既定: {DEFAULT_SEED}）")

    charts = actions.add_parser("charts", help="業務量のグラフを PNG と PDF で書き出す")
    charts.add_argument("--user", required=True, help="集計する利用者ID（その利用者が見られる範囲を集計する）")
    charts.add_argument("--month", default=dt.date.today().strftime("%Y-%m"), help="対象月 YYYY-MM（既定: 今月）")
    charts.add_argument("--team", default="", help="係（既定: すべての係）")
    charts.add_argument("--out", required=True, help="書き出し先のフォルダ")


def run(args: argparse.Namespace) -> int:
    store = Store(args.db, must_exist=True)
    if args.action == "demo-events":
        count = generate_demo_events(store, parse_date("--adoption", args.adoption), args.seed)
        print(f"業務イベントを {count:,} 件作成しました（導入日 {args.adoption}）。")
        return 0

    measures = workload_measures(store, analysis_user(store, args.user, "--user "), args.month, args.team)
    if measures.caseload.caseloads.empty:
        raise ParameterError(f"{args.month} の集計対象の地区担当員がいません。係や利用者IDを確認してください。", "no caseworkers in scope")
    folder = Path(args.out)
    figures = {
        "caseloads": caseload_chart(measures.caseload.caseloads, measures.caseload.households_per_worker),
        "visit_compliance": compliance_chart(measures.compliance.by_grade),
        "trends": trend_chart(measures.trends),
    }
    for stem, figure in figures.items():
        for suffix in (".png", ".pdf"):
            print(f"書き出しました: {export_chart(figure, folder / (stem + suffix))}")
    return 0
