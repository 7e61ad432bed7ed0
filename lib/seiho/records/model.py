"""Case records and their review steps as the workflow returns them."""

import datetime as dt
from dataclasses import dataclass

import duckdb

from seiho.errors import SeihoError

DRAFT = "下書き"
PENDING = "承認待ち"
APPROVED = "承認済み"

# The 記録区分 that are also contact kinds of the visits table (see 0001_core.sql).
# A submitted record of one of these kinds is a visit.
VISIT_KINDS = ("家庭訪問", "入院先訪問", "施設訪問", "来所面接", "電話")

# The mark that 定型文 (data/visits/phrases.yaml) leave where the caseworker fills
# in a name, place or date. A record still containing it is not submitted.
PLACEHOLDER = "＿"

SUBMIT = "提出"
APPROVE = "承認"
RETURN = "差戻し"


class RecordNotFound(SeihoError):
    """No case record has the requested id."""


@dataclass(frozen=True)
class ReviewStep:
    """One 提出, 承認 or 差戻し of a record, with its comment."""

    action: str
    comment: str
    acted_by: str
    acted_role: str
    acted_at: dt.datetime


@dataclass(frozen=True)
class CaseRecord:
    """One ケース記録 with its status and, while it is a returned draft, the return comment."""

    record_id: str
    case_number: str
    kind: str | None
    visit_id: str | None
    caseworker_id: str
    recorded_on: dt.date
    title: str
    body: str
    status: str
    created_by: str | None
    updated_at: dt.datetime | None
    submitted_at: dt.datetime | None
    approved_by: str | None
    approved_at: dt.datetime | None
    return_comment: str | None      # the latest 差戻し comment while the record is back in 下書き

    @property
    def editable(self) -> bool:
        """Whether the author may still change the record."""
        return self.status == DRAFT


_RECORD_COLUMNS = (
    "r.record_id, r.case_number, r.kind, r.visit_id, r.caseworker_id, r.recorded_on, r.title, r.body, r.status,"
    " r.created_by, r.updated_at, r.submitted_at, r.approved_by, r.approved_at"
)

# The latest review step of each record, so a returned draft shows its comment.
_LATEST_RETURN = """
    LEFT JOIN (
        SELECT record_id, arg_max(comment, acted_at) AS comment, arg_max(action, acted_at) AS action
        FROM case_record_reviews GROUP BY record_id
    ) last ON last.record_id = r.record_id
"""


def select_records_sql(condition: str, order: str = "r.recorded_on DESC, r.record_id DESC") -> str:
    """Return a SELECT of case records (aliased ``r``, households ``h``) matching ``condition``."""
    return f"""
        SELECT {_RECORD_COLUMNS},
               CASE WHEN r.status = '{DRAFT}' AND last.action = '{RETURN}' THEN last.comment END AS return_comment
        FROM case_records r
        JOIN households h ON h.case_number = r.case_number
        {_LATEST_RETURN}
        WHERE {condition}
        ORDER BY {order}
    """


def fetch_records(connection: duckdb.DuckDBPyConnection, condition: str, parameters: list) -> list[CaseRecord]:
    """Return the case records matching ``condition`` as ``CaseRecord`` objects."""
    rows = connection.execute(select_records_sql(condition), parameters).fetchall()
    return [CaseRecord(*row) for row in rows]


def fetch_record(connection: duckdb.DuckDBPyConnection, record_id: str) -> CaseRecord:
    """Return one case record, or raise ``RecordNotFound``."""
    found = fetch_records(connection, "r.record_id = ?", [record_id])
    if not found:
        raise RecordNotFound(
            f"記録ID {record_id} のケース記録が見つかりません。一覧を読み込み直してから選び直してください。",
            f"case record {record_id} not found",
        )
    return found[0]
