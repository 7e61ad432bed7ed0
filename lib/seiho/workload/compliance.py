"""Visit compliance: is each household's last visit within its required interval?"""

# TODO: take each household's interval from seiho.visits.household_grades (訪問格付け)
# instead of data/workload/visit_intervals.yaml. That function admits only
# caseworkers and supervisors and takes no 係 (team) filter, while this measure
# serves analysts (pseudonymised) and admins too, so switching needs a grade
# read that works on a WorkloadScope first.

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from seiho.visits.counted import COUNTED_VISIT_CONDITION
from seiho.workload.caseload import ACTIVE_ON
from seiho.workload.scope import WorkloadScope
from seiho.workload.visit_rules import VisitRules, load_visit_rules

UNASSIGNED = "未割当"
# Households whose housing and type match no rule; they are never overdue.
NO_RULE = "規則なし"


@dataclass
class VisitCompliance:
    """Visit compliance on one date.

    ``households`` has one row per household in scope: case_number,
    caseworker_id, household_type, housing, grade, interval_months,
    last_visit, due_on, overdue and days_overdue. ``by_grade`` and
    ``by_caseworker`` count them, with 遵守率 in percent.
    """

    as_of: dt.date
    rules: VisitRules
    households: pd.DataFrame
    by_grade: pd.DataFrame
    by_caseworker: pd.DataFrame

    @property
    def overdue(self) -> pd.DataFrame:
        """The overdue households, longest overdue first."""
        return self.households[self.households["overdue"]].sort_values("days_overdue", ascending=False)


def visit_compliance(
    connection: duckdb.DuckDBPyConnection, scope: WorkloadScope, as_of: dt.date, rules: VisitRules | None = None
) -> VisitCompliance:
    """Find each household's last counted visit and its due date under the interval rules."""
    rules = rules or load_visit_rules()
    condition, parameters = scope.household_condition("h", "c")

    # A household with no counted visit yet is due one interval after its start.
    connection.register("workload_visit_rules", rules.table)
    try:
        households = connection.execute(
            f"""
            WITH counted AS (
                SELECT v.case_number, max(v.visited_on) AS last_visit FROM visits v
                WHERE v.visited_on <= ? AND list_contains(?, v.visit_kind) AND list_contains(?, v.result)
                  AND {COUNTED_VISIT_CONDITION}
                GROUP BY v.case_number
            )
            SELECT h.case_number, h.caseworker_id, h.household_type, coalesce(h.housing, ?) AS housing,
                   r.grade, r.interval_months, v.last_visit,
                   (coalesce(v.last_visit, h.started_on) + to_months(r.interval_months))::DATE AS due_on
            FROM households h
            LEFT JOIN caseworkers c ON c.caseworker_id = h.caseworker_id
            LEFT JOIN counted v ON v.case_number = h.case_number
            LEFT JOIN workload_visit_rules r
              ON r.housing = coalesce(h.housing, ?) AND r.household_type = h.household_type
            WHERE {ACTIVE_ON.format(h="h")} AND {condition}
            ORDER BY h.case_number
            """,
            [as_of, list(rules.counted_visit_kinds), list(rules.counted_results), rules.unknown_housing,
             rules.unknown_housing, as_of, as_of, *parameters],
        ).df()
    finally:
        connection.unregister("workload_visit_rules")

    households["caseworker_id"] = households["caseworker_id"].fillna(UNASSIGNED)
    households["grade"] = households["grade"].fillna(NO_RULE)
    households["overdue"] = households["due_on"].notna() & (pd.to_datetime(households["due_on"]) < pd.Timestamp(as_of))
    households["days_overdue"] = (pd.Timestamp(as_of) - pd.to_datetime(households["due_on"])).dt.days.clip(lower=0).fillna(0).astype("int64")
    households.loc[~households["overdue"], "days_overdue"] = 0

    return VisitCompliance(
        as_of=as_of,
        rules=rules,
        households=households,
        by_grade=_count(households, "grade", "訪問頻度"),
        by_caseworker=_count(households, "caseworker_id", "職員番号"),
    )


def _count(households: pd.DataFrame, column: str, label: str) -> pd.DataFrame:
    grouped = households.groupby(column, sort=True).agg(世帯数=("case_number", "size"), 期限超過=("overdue", "sum"))
    grouped["期限内"] = grouped["世帯数"] - grouped["期限超過"]
    grouped["遵守率"] = (100.0 * grouped["期限内"] / grouped["世帯数"]).round(1)
    grouped = grouped.reset_index().rename(columns={column: label})
    return grouped[[label, "世帯数", "期限内", "期限超過", "遵守率"]].astype({"世帯数": "int64", "期限内": "int64", "期限超過": "int64"})
