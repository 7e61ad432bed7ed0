"""医療扶助 requests and their decisions, one person at a time or as a batch for the month.

A request names the person, the 診療別 and the institution by its exact
10-digit code. The institution must be in the imported list and designated
under 生活保護法. Deciding a request adds a ``medical_aid`` decision and
issues the month's 医療券 or 調剤券 with the next 交付番号 (YYYYMM and a
6-digit serial). A batch is decided in one transaction, so either every
chosen request is decided or none is.
"""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

import duckdb
import pandas as pd

from seiho.access import Role, User, household_scope, require_role
from seiho.errors import ParameterError
from seiho.store import Store
from seiho.store.audit import record_events
from seiho.vouchers.numbers import check_institution_code, check_payer_number, check_recipient_number
from seiho.vouchers.records import first_of_month, last_of_month

log = logging.getLogger(__name__)

CARE_TYPES = ("入院", "入院外", "歯科", "調剤", "訪問看護")
DECIDING_ROLES = (Role.MEDICAL_CLERK, Role.ADMIN)


@dataclass(frozen=True)
class IssuedVoucher:
    """A voucher issued by a decision, with the request and the medical_aid row it came from."""

    request_id: str
    aid_id: str
    voucher_id: str
    issue_number: str
    voucher_kind: str
    case_number: str
    member_no: int


@dataclass(frozen=True)
class DecisionBatch:
    """The outcome of deciding requests together: what was issued and what was rejected (却下)."""

    month: dt.date
    decided_on: dt.date
    issued: tuple[IssuedVoucher, ...]
    rejected: tuple[str, ...]


def submit_request(store: Store, user: User, case_number: str, member_no: int, care_type: str, institution_code: str,
                   disease_name: str, requested_on: dt.date, insurance: str = "単独", insurer_number: str | None = None,
                   insurer_share_percent: int | None = None, copayment: int = 0) -> str:
    """Record a pending 医療扶助 request and return its id; raise if a field is invalid."""
    require_role(user, *DECIDING_ROLES, action="医療扶助の申請の登録")
    if care_type not in CARE_TYPES:
        raise ParameterError(f"診療別「{care_type}」はありません（{'・'.join(CARE_TYPES)}）。", f"unknown care type {care_type}")
    if insurance not in ("単独", "併用"):
        raise ParameterError(f"単独・併用別「{insurance}」は 単独 か 併用 で指定してください。", f"bad insurance {insurance}")
    if insurance == "併用" and not (insurer_number and insurer_share_percent):
        raise ParameterError("併用の申請には保険者番号と保険給付割合を指定してください。", "with_insurance without insurer")
    if copayment < 0:
        raise ParameterError(f"本人支払額 {copayment} 円は0以上にしてください。", f"negative copayment {copayment}")
    code = check_institution_code(institution_code)

    request_id = f"RQ{uuid.uuid4().hex[:12]}"
    with store.connect() as connection:
        _require_member(connection, user, case_number, member_no)
        _require_designated(connection, code)
        connection.execute(
            "INSERT INTO medical_aid_requests (request_id, case_number, member_no, care_type, institution_code, disease_name,"
            " insurance, insurer_number, insurer_share_percent, copayment, requested_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [request_id, case_number, member_no, care_type, code, disease_name, insurance,
             insurer_number if insurance == "併用" else None, insurer_share_percent if insurance == "併用" else None, copayment, requested_on],
        )
        record_events(connection, user.user_id, "submit_medical_aid_request", [case_number], request_id)
    return request_id


def pending_requests(store: Store, user: User) -> pd.DataFrame:
    """Return the requests waiting for a decision in the user's scope, oldest first."""
    require_role(user, *DECIDING_ROLES, Role.SUPERVISOR, action="医療扶助の申請の確認")
    condition, params = household_scope(user, "h")
    with store.connect() as connection:
        frame = connection.execute(
            f"""
            SELECT r.request_id AS 申請ID, r.case_number AS ケース番号, r.member_no AS 世帯員番号, p.name AS 氏名,
                   r.care_type AS 診療別, r.institution_code AS 医療機関コード, i.name AS 医療機関名, r.disease_name AS 傷病名,
                   r.insurance AS 単独併用, r.requested_on AS 申請日
            FROM medical_aid_requests r
            JOIN households h USING (case_number)
            JOIN members p ON p.case_number = r.case_number AND p.member_no = r.member_no
            LEFT JOIN institutions i USING (institution_code)
            WHERE r.status = '申請中' AND {condition}
            ORDER BY r.requested_on, r.request_id
            """,
            params,
        ).df()
        record_events(connection, user.user_id, "read_medical_aid_requests", sorted(set(frame["ケース番号"])))
    return frame


def decide_requests(store: Store, user: User, request_ids: list[str], month: dt.date, decided_on: dt.date,
                    reject: list[str] | None = None) -> DecisionBatch:
    """Decide the chosen requests together: issue a voucher for each, or mark those in ``reject`` as 却下.

    Raises, deciding nothing, if a request is unknown, out of scope, already
    decided, or its person lacks a valid 受給者番号.
    """
    require_role(user, *DECIDING_ROLES, action="医療扶助の決定")
    reject = list(reject or [])
    chosen = list(dict.fromkeys([*request_ids, *reject]))
    if not chosen:
        raise ParameterError("決定する申請を1件以上選んでください。", "no requests chosen")
    month = first_of_month(month)

    issued = []
    with store.connect() as connection:
        requests = _load_requests(connection, user, chosen)
        payer_number = office_payer_number(connection)
        serial = _last_serial(connection, month)
        for request_id in chosen:
            request = requests[request_id]
            if request_id in reject:
                connection.execute("UPDATE medical_aid_requests SET status = '却下', decided_on = ?, decided_by = ? WHERE request_id = ?",
                                   [decided_on, user.user_id, request_id])
                continue
            serial += 1
            issued.append(_issue(connection, user, request, month, decided_on, payer_number, serial))
        record_events(connection, user.user_id, "decide_medical_aid", sorted({request["case_number"] for request in requests.values()}),
                      f"{month:%Y-%m} issued {len(issued)} rejected {len(reject)}")
    log.info("decided %d requests for %s: %d vouchers issued", len(chosen), f"{month:%Y-%m}", len(issued))
    return DecisionBatch(month, decided_on, tuple(issued), tuple(reject))


def office_payer_number(connection: duckdb.DuckDBPyConnection) -> str:
    """Return the office's 公費負担者番号: the ``payer_number`` setting, else the one on its vouchers."""
    row = connection.execute("SELECT value FROM settings WHERE key = 'payer_number'").fetchone()
    if row is None:
        row = connection.execute("SELECT payer_number FROM vouchers GROUP BY payer_number ORDER BY count(*) DESC LIMIT 1").fetchone()
    if row is None:
        raise ParameterError(
            "公費負担者番号が設定されていません。settings 表の payer_number に8桁の番号を登録してください。",
            "no payer_number setting and no vouchers",
        )
    return check_payer_number(row[0], "設定の公費負担者番号")


def _require_member(connection: duckdb.DuckDBPyConnection, user: User, case_number: str, member_no: int) -> None:
    condition, params = household_scope(user, "h")
    row = connection.execute(
        f"SELECT h.status FROM members p JOIN households h USING (case_number) WHERE p.case_number = ? AND p.member_no = ? AND {condition}",
        [case_number, member_no, *params],
    ).fetchone()
    if row is None:
        raise ParameterError(f"ケース番号 {case_number} の世帯員 {member_no} は見つからないか、担当範囲外です。",
                             f"member {case_number}/{member_no} not in scope")
    if row[0] != "保護中":
        raise ParameterError(f"ケース番号 {case_number} は{row[0]}のため、医療扶助の申請を登録できません。", f"household {case_number} is {row[0]}")


def _require_designated(connection: duckdb.DuckDBPyConnection, code: str) -> None:
    row = connection.execute("SELECT name, designated FROM institutions WHERE institution_code = ?", [code]).fetchone()
    if row is None:
        raise ParameterError(
            f"医療機関コード {code} は医療機関一覧にありません。コードを確かめるか、seiho vouchers institutions で一覧を取り込んでください。",
            f"institution {code} not imported",
        )
    if not row[1]:
        raise ParameterError(f"{code}（{row[0]}）は生活保護法の指定医療機関として登録されていません。指定を確かめてから登録してください。",
                             f"institution {code} not designated")


def _load_requests(connection: duckdb.DuckDBPyConnection, user: User, request_ids: list[str]) -> dict[str, dict]:
    condition, params = household_scope(user, "h")
    frame = connection.execute(
        f"""
        SELECT r.*, p.recipient_number FROM medical_aid_requests r
        JOIN households h USING (case_number)
        JOIN members p ON p.case_number = r.case_number AND p.member_no = r.member_no
        WHERE r.request_id IN (SELECT unnest(?::TEXT[])) AND {condition}
        """,
        [request_ids, *params],
    ).df()
    requests = {row["request_id"]: row for row in frame.to_dict("records")}
    missing = [request_id for request_id in request_ids if request_id not in requests]
    if missing:
        raise ParameterError(f"申請 {'、'.join(missing)} は見つからないか、担当範囲外です。", f"requests {missing} not found")
    decided = [request_id for request_id, request in requests.items() if request["status"] != "申請中"]
    if decided:
        raise ParameterError(f"申請 {'、'.join(decided)} は決定済みです。申請の一覧を更新してください。", f"requests {decided} already decided")
    for request in requests.values():
        if pd.isna(request["recipient_number"]) or not request["recipient_number"]:
            raise ParameterError(f"ケース番号 {request['case_number']} の世帯員 {request['member_no']} に受給者番号がありません。標準システムで確かめてください。",
                                 f"member without recipient number in {request['request_id']}")
        check_recipient_number(request["recipient_number"], f"ケース番号 {request['case_number']} の受給者番号")
    return requests


def _last_serial(connection: duckdb.DuckDBPyConnection, month: dt.date) -> int:
    """Return the largest 交付番号 serial already used in ``month`` (0 if none)."""
    prefix = f"{month:%Y%m}"
    row = connection.execute(
        "SELECT max(CAST(substr(issue_number, 7) AS INTEGER)) FROM vouchers WHERE issue_number LIKE ? || '%' AND length(issue_number) = 12",
        [prefix],
    ).fetchone()
    return row[0] or 0


def _issue(connection: duckdb.DuckDBPyConnection, user: User, request: dict, month: dt.date, decided_on: dt.date,
           payer_number: str, serial: int) -> IssuedVoucher:
    aid_id = f"MA{uuid.uuid4().hex[:12]}"
    voucher_id = f"VC{uuid.uuid4().hex[:12]}"
    issue_number = f"{month:%Y%m}{serial:06d}"
    voucher_kind = "調剤券" if request["care_type"] == "調剤" else "医療券"
    requested_on = pd.Timestamp(request["requested_on"]).date()
    if requested_on > last_of_month(month):
        raise ParameterError(f"申請 {request['request_id']} の申請日 {requested_on} は診療年月 {month:%Y年%m月} より後です。診療年月を確かめてください。",
                             f"request {request['request_id']} after {month}")
    valid_from = max(requested_on, month)
    institution_name = connection.execute("SELECT name FROM institutions WHERE institution_code = ?", [request["institution_code"]]).fetchone()[0]
    insurer_share = None if pd.isna(request["insurer_share_percent"]) else int(request["insurer_share_percent"])

    connection.execute(
        "INSERT INTO medical_aid (aid_id, case_number, member_no, care_type, institution_code, institution_name, disease_name, insurance,"
        " valid_from, valid_to, opinion_due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
        [aid_id, request["case_number"], int(request["member_no"]), request["care_type"], request["institution_code"], institution_name,
         request["disease_name"], request["insurance"], valid_from],
    )
    connection.execute(
        "INSERT INTO medical_aid_terms (aid_id, insurer_number, insurer_share_percent, copayment) VALUES (?, ?, ?, ?)",
        [aid_id, request["insurer_number"], insurer_share, int(request["copayment"])],
    )
    connection.execute(
        "INSERT INTO vouchers (voucher_id, case_number, member_no, voucher_kind, month, institution_code, issue_number, payer_number,"
        " recipient_number, issued_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [voucher_id, request["case_number"], int(request["member_no"]), voucher_kind, month, request["institution_code"], issue_number,
         payer_number, request["recipient_number"], decided_on],
    )
    connection.execute(
        "INSERT INTO voucher_details (voucher_id, care_type, valid_from, valid_to, insurance, insurer_number, insurer_share_percent,"
        " copayment, disease_names, aid_id, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [voucher_id, request["care_type"], valid_from, last_of_month(month), request["insurance"], request["insurer_number"],
         insurer_share, int(request["copayment"]), request["disease_name"], aid_id, user.user_id],
    )
    connection.execute("UPDATE medical_aid_requests SET status = '決定', decided_on = ?, decided_by = ?, aid_id = ? WHERE request_id = ?",
                       [decided_on, user.user_id, aid_id, request["request_id"]])
    return IssuedVoucher(request["request_id"], aid_id, voucher_id, issue_number, voucher_kind, request["case_number"], int(request["member_no"]))
