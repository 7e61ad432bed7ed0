"""``seiho benefit FILE --date YYYY-MM-DD``: compute one household and print the trace."""

import argparse
import datetime as dt
import json
import logging

from seiho.benefit.calculate import calculate_benefit
from seiho.benefit.reader import read_household
from seiho.errors import ParameterError

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``seiho benefit``."""
    parser.add_argument("file", help="世帯の入力ファイル（YAML または JSON。書式は README.ja.md「保護費計算」）")
    parser.add_argument("--date", required=True, help="計算する月の日付（YYYY-MM-DD。その日を含む月を計算する）")
    parser.add_argument("--json", action="store_true", help="結果と計算過程を JSON で出力する")


def run(args: argparse.Namespace) -> int:
    """Compute the household in ``args.file`` for the month of ``args.date`` and print it."""
    try:
        date = dt.date.fromisoformat(args.date)
    except ValueError as error:
        raise ParameterError(f"--date「{args.date}」は 2026-10-01 の形の日付で書いてください。", f"invalid --date {args.date!r}") from error

    household = read_household(args.file)
    result = calculate_benefit(household, date)
    log.info("benefit computed for %d members, month %s", household.size, result.month)

    if args.json:
        print(json.dumps(_as_json(result), ensure_ascii=False, indent=1))
    else:
        print(result.trace_text())
    return 0


def _as_json(result) -> dict:
    return {
        "計算月": result.month.isoformat(),
        "年齢の基準日": result.age_reference_date.isoformat(),
        "生活扶助基準額": result.living_assistance_base,
        "最低生活費": result.minimum_living_cost,
        "認定収入": result.recognised_income,
        "保護の要否": result.needs_assistance,
        "保護費": result.benefit_amount,
        "計算過程": [
            {"区分": step.category, "項目": step.label, "金額": step.amount, "計算": step.rule, "入力": step.inputs,
             "合計に含む": step.counted, "基準値": step.parameter, "根拠": step.source}
            for step in result.steps
        ],
    }
