"""Visit planning: 訪問格付け from rules in data, overrides with history, and the legal minimums.

``household_grades`` grades each household in a user's scope with the rule
that chose the grade; ``override_grade`` lets a caseworker (own households)
or a supervisor (office) set another grade with a reason; ``find_breaches``
lists households that would breach a minimum of the 実施要領 by a date, and
``interval_conflicts`` lists rules whose interval plans fewer visits than a minimum.
"""

# The monthly plan, day routes and saved plans are in seiho.visits.plan.
# TODO: the rest of visit work is not built: the 訪問準備 prep sheet with an
# offline map, visit records with 定型文 and supervisor approval with CSV export,
# and an import of application dates from the standard system into visit_applications.

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
