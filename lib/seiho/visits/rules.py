"""訪問格付け rules read from data/visits/visit_grades.yaml, and the test of one rule."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from seiho.errors import ParameterError
from seiho.paths import data_dir

RULES_FILE = Path("visits") / "visit_grades.yaml"

CONDITIONS = (
    "housing",
    "household_type",
    "any_flag",
    "no_flag",
    "months_since_start_below",
    "any_member_aged",
    "all_members_aged",
    "members_at_most",
)
# The day of a month whose facts decide that month's grades.
MONTH_EVALUATION_DAYS = ("first_day", "last_day")


@dataclass(frozen=True)
class Grade:
    """A visit grade: its code, its label for staff and its visit interval in months."""

    code: str
    label: str
    interval_months: int


@dataclass(frozen=True)
class GradeRule:
    """One rule: the grade it selects when every condition in ``when`` holds."""

    rule_id: str
    label: str
    grade: str
    when: dict[str, Any]


@dataclass(frozen=True)
class GradeRules:
    """The grades, the ordered rules and which contacts count as visits."""

    path: Path
    grades: dict[str, Grade]
    rules: tuple[GradeRule, ...]
    flags: tuple[str, ...]
    counted_visit_kinds: dict[str, tuple[str, ...]]
    counted_results: tuple[str, ...]
    unknown_housing: str
    source: str
    month_evaluated_on: str         # first_day / last_day


def load_grade_rules(path: Path | None = None) -> GradeRules:
    """Read and check the grade rules.

    Raises ``ParameterError`` naming the file and the rule when a grade or a
    rule is incomplete, names an unknown grade, flag or condition, or has an
    interval that is not a positive whole number of months.
    """
    path = Path(path) if path is not None else data_dir() / RULES_FILE
    if not path.exists():
        raise ParameterError(
            f"訪問格付けの規則ファイル {path} がありません。data/visits/visit_grades.yaml を用意してください。",
            f"grade rules file {path} not found",
        )
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    grades = {}
    for number, entry in enumerate(content.get("grades") or [], start=1):
        grade = _read_grade(path, number, entry)
        grades[grade.code] = grade
    flags = tuple(content.get("flags") or ())

    rules = []
    for number, entry in enumerate(content.get("rules") or [], start=1):
        rules.append(_read_rule(path, number, entry, grades, flags))
    if not rules:
        raise ParameterError(f"{path} に規則（rules）がありません。少なくとも1つ書いてください。", f"no rules in {path}")
    month_evaluated_on = str(content.get("month_evaluated_on") or "last_day")
    if month_evaluated_on not in MONTH_EVALUATION_DAYS:
        raise ParameterError(
            f"{path} の month_evaluated_on「{month_evaluated_on}」は first_day か last_day にしてください。",
            f"invalid month_evaluated_on {month_evaluated_on!r} in {path}",
        )

    return GradeRules(
        path=path,
        grades=grades,
        rules=tuple(rules),
        flags=flags,
        counted_visit_kinds={housing: tuple(kinds) for housing, kinds in (content.get("counted_visit_kinds") or {}).items()},
        counted_results=tuple(content.get("counted_results") or ()),
        unknown_housing=str(content.get("unknown_housing") or "居宅"),
        source=str(content.get("source") or ""),
        month_evaluated_on=month_evaluated_on,
    )


def _read_grade(path: Path, number: int, entry) -> Grade:
    missing = [name for name in ("code", "label", "interval_months") if not isinstance(entry, dict) or name not in entry]
    if missing:
        raise ParameterError(
            f"{path} の {number} 番目の格付けに項目 {'・'.join(missing)} がありません。項目を補ってください。",
            f"grade {number} in {path} lacks {missing}",
        )
    interval = entry["interval_months"]
    if not isinstance(interval, int) or isinstance(interval, bool) or interval < 1:
        raise ParameterError(
            f"{path} の格付け {entry['code']} の interval_months「{interval}」は1以上の整数（月数）にしてください。",
            f"invalid interval_months {interval!r} for grade {entry['code']} in {path}",
        )
    return Grade(str(entry["code"]), str(entry["label"]), interval)


def _read_rule(path: Path, number: int, entry, grades: dict[str, Grade], flags: tuple[str, ...]) -> GradeRule:
    missing = [name for name in ("id", "label", "grade") if not isinstance(entry, dict) or name not in entry]
    if missing:
        raise ParameterError(
            f"{path} の {number} 番目の規則に項目 {'・'.join(missing)} がありません。項目を補ってください。",
            f"rule {number} in {path} lacks {missing}",
        )
    if entry["grade"] not in grades:
        raise ParameterError(
            f"{path} の規則 {entry['id']} の格付け「{entry['grade']}」は grades にありません。{'・'.join(grades)} のどれかにしてください。",
            f"rule {entry['id']} names unknown grade {entry['grade']!r}",
        )
    when = entry.get("when") or {}
    unknown = [name for name in when if name not in CONDITIONS]
    if unknown:
        raise ParameterError(
            f"{path} の規則 {entry['id']} の条件 {'・'.join(unknown)} は使えません。使える条件: {'・'.join(CONDITIONS)}",
            f"rule {entry['id']} has unknown conditions {unknown}",
        )
    for name in ("any_flag", "no_flag"):
        for flag in when.get(name) or ():
            if flag not in flags:
                raise ParameterError(
                    f"{path} の規則 {entry['id']} のフラグ「{flag}」は flags にありません。flags に加えるか綴りを直してください。",
                    f"rule {entry['id']} names unknown flag {flag!r}",
                )
    return GradeRule(str(entry["id"]), str(entry["label"]), str(entry["grade"]), dict(when))


def rule_matches(rule: GradeRule, facts) -> bool:
    """Return whether every condition of ``rule`` holds for ``facts`` (a ``HouseholdFacts``)."""
    when = rule.when
    ages = facts.member_ages
    checks = []

    if "housing" in when:
        checks.append(facts.housing in when["housing"])
    if "household_type" in when:
        checks.append(facts.household_type in when["household_type"])
    if "any_flag" in when:
        checks.append(any(flag in facts.flags for flag in when["any_flag"]))
    if "no_flag" in when:
        checks.append(not any(flag in facts.flags for flag in when["no_flag"]))
    if "months_since_start_below" in when:
        checks.append(facts.months_since_start < when["months_since_start_below"])
    if "any_member_aged" in when:
        low, high = _age_range(when["any_member_aged"])
        checks.append(any(low <= age <= high for age in ages))
    if "all_members_aged" in when:
        low, high = _age_range(when["all_members_aged"])
        checks.append(bool(ages) and all(low <= age <= high for age in ages))
    if "members_at_most" in when:
        checks.append(len(ages) <= when["members_at_most"])

    return all(checks)


def _age_range(bounds: dict) -> tuple[int, int]:
    return int(bounds.get("min", 0)), int(bounds.get("max", 200))
