"""Visit planning: 訪問格付け from rules in data, overrides with history, and the legal minimums.

``household_grades`` grades each household in a user's scope with the rule
that chose the grade; ``override_grade`` lets a caseworker (own households)
or a supervisor (office) set another grade with a reason; ``find_breaches``
lists households that would breach a minimum of the 実施要領 by a date, and
``interval_conflicts`` lists rules whose interval plans fewer visits than a minimum.
"""

# TODO: the rest of visit planning is not built: the monthly plan per caseworker
# (`seiho plan`, working days without holidays and 年末年始, daily capacity, saved plans),
# day routes with a solver and the 訪問計画 dashboard, the 訪問準備 prep sheet with an
# offline map, visit records with 定型文 and supervisor approval with CSV export, the
# monthly visit-plan report notebook, the benchmarks, and an import of application
# dates from the standard system into visit_applications.

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
