"""The required visit interval of each household, read from data/workload/visit_intervals.yaml."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from seiho.errors import ParameterError
from seiho.paths import data_dir

RULES_FILE = Path("workload") / "visit_intervals.yaml"

HOUSEHOLD_TYPES = ("高齢者世帯", "母子世帯", "障害者世帯", "傷病者世帯", "その他の世帯")
ANY_TYPE = "*"


@dataclass(frozen=True)
class VisitRules:
    """Visit intervals by housing and household type, and which contacts count as visits."""

    path: Path
    table: pd.DataFrame            # columns: housing, household_type, grade, interval_months
    counted_visit_kinds: tuple[str, ...]
    counted_results: tuple[str, ...]
    unknown_housing: str
    source: str


def load_visit_rules(path: Path | None = None) -> VisitRules:
    """Read the interval table and expand '*' to every household type.

    Raises ``ParameterError`` naming the file and the rule when a rule lacks a
    field, has a non-positive interval or repeats a housing and type.
    """
    path = Path(path) if path is not None else data_dir() / RULES_FILE
    if not path.exists():
        raise ParameterError(
            f"訪問間隔の設定ファイル {path} がありません。data/workload/visit_intervals.yaml を用意してください。",
            f"visit rules file {path} not found",
        )
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    explicit: dict[tuple[str, str], dict] = {}
    wildcard: dict[str, dict] = {}
    for number, rule in enumerate(content.get("rules") or [], start=1):
        _check_rule(path, number, rule)
        key = (rule["housing"], rule["household_type"])
        target = wildcard if rule["household_type"] == ANY_TYPE else explicit
        target_key = rule["housing"] if rule["household_type"] == ANY_TYPE else key
        if target_key in target:
            raise ParameterError(
                f"{path} の {number} 番目の規則（{rule['housing']}・{rule['household_type']}）が重複しています。1つにまとめてください。",
                f"duplicate visit rule {key} in {path}",
            )
        target[target_key] = rule

    rows = []
    for housing in sorted({housing for housing, _ in explicit} | set(wildcard)):
        for household_type in HOUSEHOLD_TYPES:
            rule = explicit.get((housing, household_type)) or wildcard.get(housing)
            if rule is not None:
                rows.append([housing, household_type, rule["grade"], int(rule["interval_months"])])
    table = pd.DataFrame(rows, columns=["housing", "household_type", "grade", "interval_months"])

    return VisitRules(
        path=path,
        table=table,
        counted_visit_kinds=tuple(content.get("counted_visit_kinds") or ()),
        counted_results=tuple(content.get("counted_results") or ()),
        unknown_housing=str(content.get("unknown_housing") or "居宅"),
        source=str(content.get("source") or ""),
    )


def _check_rule(path: Path, number: int, rule) -> None:
    missing = [field for field in ("housing", "household_type", "grade", "interval_months") if not isinstance(rule, dict) or field not in rule]
    if missing:
        raise ParameterError(
            f"{path} の {number} 番目の規則に項目 {'・'.join(missing)} がありません。項目を補ってください。",
            f"visit rule {number} in {path} lacks {missing}",
        )
    if rule["household_type"] != ANY_TYPE and rule["household_type"] not in HOUSEHOLD_TYPES:
        raise ParameterError(
            f"{path} の {number} 番目の規則の世帯類型「{rule['household_type']}」は不明です。{'・'.join(HOUSEHOLD_TYPES)} または * を指定してください。",
            f"unknown household type {rule['household_type']!r} in {path}",
        )
    interval = rule["interval_months"]
    if not isinstance(interval, int) or isinstance(interval, bool) or interval < 1:
        raise ParameterError(
            f"{path} の {number} 番目の規則の interval_months「{interval}」は1以上の整数（月数）にしてください。",
            f"invalid interval_months {interval!r} in {path}",
        )
