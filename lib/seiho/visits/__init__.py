"""Visit planning: 訪問格付け from rules in data, overrides with history, and the legal minimums.

``household_grades`` grades each household in a user's scope with the rule
that chose the grade; ``override_grade`` lets a caseworker (own households)
or a supervisor (office) set another grade with a reason; ``find_breaches``
lists households that would breach a minimum of the 実施要領 by a date, and
``interval_conflicts`` lists rules whose interval plans fewer visits than a minimum.
"""

# The monthly plan, day routes and saved plans are in seiho.visits.plan. The
# 訪問準備 sheet is seiho.visits.prep (定期確認 in periodic_checks, the offline
# map in route_map); visit records with 定型文 are visit_records and phrases,
# and their approval and CSV export are in seiho.records.
# TODO: application dates are not imported from the standard system into
# visit_applications, and when a 定期確認 was last done is not recorded.

from seiho.visits.consistency import IntervalConflict, interval_conflicts
from seiho.visits.flags import end_flag, set_flag
from seiho.visits.grades import HouseholdGrade, household_grades, month_evaluation_date, suggest_grade
from seiho.visits.minimums import Breach, find_breaches
from seiho.visits.overrides import OverrideEntry, override_grade, override_history
from seiho.visits.rules import Grade, GradeRule, GradeRules, load_grade_rules

__all__ = [
    "Breach",
    "Grade",
    "GradeRule",
    "GradeRules",
    "HouseholdGrade",
    "IntervalConflict",
    "OverrideEntry",
    "end_flag",
    "find_breaches",
    "household_grades",
    "interval_conflicts",
    "load_grade_rules",
    "month_evaluation_date",
    "override_grade",
    "override_history",
    "set_flag",
    "suggest_grade",
]
