"""Caseload per caseworker against the 標準数, and the office's required staff count."""

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from seiho.errors import ParameterError
from seiho.workload.scope import WorkloadScope
from seiho.workload.standard import OFFICE_KIND_KEYS, required_caseworkers
from seiho.parameters import parameter

# A household counts on a date when assistance started by then and has not
# been closed: 保護中 and 停止中 alike.
ACTIVE_ON = "{h}.started_on <= ? AND ({h}.closed_on IS NULL OR {h}.closed_on > ?)"


@dataclass
class CaseloadMeasure:
    """The office's staffing against the 標準数 on one date, with the per-caseworker table.

    ``caseloads`` has 職員番号, 担当, 係, 担当世帯数, 標準, 標準との差 and
    負担率 (percent of the per-caseworker standard).
    """

    office_code: str
    office_kind: str
    as_of: dt.date
    households: int
    required_caseworkers: int
    actual_caseworkers: int
    households_per_worker: int
    caseloads: pd.DataFrame

    @property
    def shortfall(self) -> int:
        """Caseworkers missing against the standard (0 when staffing meets it)."""
        return max(0, self.required_caseworkers - self.actual_caseworkers)


def office_kind_of(connection: duckdb.DuckDBPyConnection, office_code: str) -> str:
    """Return the office's 実施機関の種類; raise ``ParameterError`` for an unknown office."""
    row = connection.execute("SELECT office_kind FROM offices WHERE office_code = ?", [office_code]).fetchone()
    if row is None:
        raise ParameterError(
            f"実施機関コード {office_code} の福祉事務所は登録されていません。コードを先頭の0も含めて確認してください。",
            f"unknown office {office_code}",
        )
    return row[0]


def caseload_measure(connection: duckdb.DuckDBPyConnection, scope: WorkloadScope, as_of: dt.date) -> CaseloadMeasure:
    """Count each caseworker's households on ``as_of`` and compare the office with the 標準数."""
    office_kind = office_kind_of(connection, scope.office_code)
    active = ACTIVE_ON.format(h="h")
    households = connection.execute(
        f"SELECT count(*) FROM households h WHERE h.office_code = ? AND {active}", [scope.office_code, as_of, as_of]
    ).fetchone()[0]
    actual = connection.execute(
        "SELECT count(*) FROM caseworkers WHERE office_code = ? AND role = 'caseworker' AND (started_on IS NULL OR started_on <= ?)",
        [scope.office_code, as_of],
    ).fetchone()[0]

    condition, parameters = scope.caseworker_condition("c")
    caseloads = connection.execute(
        f"""
        SELECT c.caseworker_id AS 職員番号, c.name AS 担当, c.team AS 係, count(h.case_number) AS 担当世帯数
        FROM caseworkers c
        LEFT JOIN households h ON h.caseworker_id = c.caseworker_id AND h.office_code = c.office_code AND {active}
        WHERE {condition} AND c.role = 'caseworker'
        GROUP BY ALL ORDER BY 係, 職員番号
        """,
        [as_of, as_of, *parameters],
    ).df()

    per_worker = households_per_worker(office_kind, as_of)
    caseloads["担当世帯数"] = caseloads["担当世帯数"].astype("int64")
    caseloads["標準"] = per_worker
    caseloads["標準との差"] = caseloads["担当世帯数"] - per_worker
    caseloads["負担率"] = (100.0 * caseloads["担当世帯数"] / per_worker).round(1)

    return CaseloadMeasure(
        office_code=scope.office_code,
        office_kind=office_kind,
        as_of=as_of,
        households=int(households),
        required_caseworkers=required_caseworkers(int(households), office_kind, as_of),
        actual_caseworkers=int(actual),
        households_per_worker=per_worker,
        caseloads=caseloads,
    )


def households_per_worker(office_kind: str, date: dt.date) -> int:
    """Return the households per caseworker the 標準数 assumes (80 in a city, 65 in a prefecture's office)."""
    return parameter("standard_caseload").at(date)[OFFICE_KIND_KEYS[office_kind]]["households_per_worker"]
