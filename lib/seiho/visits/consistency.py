"""Check that the grade rules never plan fewer visits than a legal minimum requires."""

import datetime as dt
import math
from dataclasses import dataclass

from seiho.parameters import parameter
from seiho.visits.rules import Grade, GradeRules, load_grade_rules

HOUSINGS = ("居宅", "入院", "施設")


@dataclass(frozen=True)
class IntervalConflict:
    """A rule whose grade interval plans fewer visits in a window than the minimum for a housing."""

    rule_id: str
    grade: str
    interval_months: int
    housing: str
    planned_visits: int
    required_visits: int
    window_months: int

    @property
    def message_ja(self) -> str:
        where = f"規則 {self.rule_id} の" if self.rule_id else ""
        return (
            f"{where}格付け {self.grade}（{self.interval_months}か月ごと）では、{self.housing}の世帯への訪問が"
            f"{self.window_months}か月に{self.planned_visits}回となり、法定の{self.required_visits}回に足りません。"
            "訪問間隔の短い格付けにするか、規則の条件を見直してください。"
        )


def interval_conflicts(on: dt.date, rules: GradeRules | None = None) -> list[IntervalConflict]:
    """List rules whose grade, visited at its interval, misses the legal minimum for a housing it can select.

    A rule without a ``housing`` condition can select households of every
    housing. A grade visited every ``n`` months gets floor(window / n) visits
    in a window of months.
    """
    rules = rules or load_grade_rules()

    conflicts = []
    for rule in rules.rules:
        for housing in rule.when.get("housing") or HOUSINGS:
            conflict = grade_conflict(rules.grades[rule.grade], housing, on, rule.rule_id)
            if conflict is not None:
                conflicts.append(conflict)
    return conflicts


def grade_conflict(grade: Grade, housing: str, on: dt.date, rule_id: str = "") -> IntervalConflict | None:
    """Return the conflict when ``grade``'s interval misses the minimum for ``housing`` on ``on``, else None."""
    limits = parameter("visit_minimums").at(on)
    limit = limits["home" if housing == "居宅" else "institution"]
    window = int(limit["window_months"])
    required = int(limit["visits"])

    planned = math.floor(window / grade.interval_months)
    if planned >= required:
        return None
    return IntervalConflict(rule_id, grade.code, grade.interval_months, housing, planned, required, window)
