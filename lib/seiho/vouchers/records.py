"""Read the month's vouchers with everything a 単票 or a 連名簿 prints."""

import datetime as dt
import logging
from dataclasses import dataclass

from seiho.access import Role, User, household_scope, require_role
from seiho.errors import ParameterError
from seiho.store import Store
from seiho.store.audit import record_events

log = logging.getLogger(__name__)

VOUCHER_KINDS = ("医療券", "調剤券", "介護券")
PRINTING_ROLES = (Role.MEDICAL_CLERK, Role.SUPERVISOR, Role.CASEWORKER, Role.ADMIN)


@dataclass(frozen=True)
class VoucherLine:
    """One issued voucher with the person, the institution and the decision it comes from."""

    voucher_id: str
    issue_number: str
    voucher_kind: str
    month: dt.date
    case_number: str
    member_no: int
    name: str
    name_kana: str | None
    sex: str | None
    birth_date: dt.date
    recipient_number: str
    payer_number: str
    institution_code: str
    institution_name: str
    care_type: str
    valid_from: dt.date
    valid_to: dt.date
    insurance: str
    insurer_number: str | None
    insurer_share_percent: int | None
    copayment: int
    disease_names: str
    caseworker_name: str
    issued_on: dt.date
    remarks: str

    @property
    def with_insurance(self) -> bool:
        """Whether the voucher is 併用 (health insurance pays first)."""
        return self.insurance == "併用"


def first_of_month(day: dt.date) -> dt.date:
    """Return the first day of ``day``'s month."""
    return day.replace(day=1)


def last_of_month(day: dt.date) -> dt.date:
    """Return the last day of ``day``'s month."""
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


# A voucher without a voucher_details row (one the standard system issued)
# takes each detail from the newest matching medical_aid or care_aid decision.
_VOUCHER_QUERY = """
WITH matched AS (
    SELECT v.*, h.caseworker_id,
           d.care_type, d.valid_from, d.valid_to, d.insurance, d.insurer_number, d.insurer_share_percent, d.copayment,
           d.disease_names, d.remarks,
           m.care_type AS aid_care_type, m.institution_name AS aid_institution_name, m.disease_name AS aid_disease,
           m.insurance AS aid_insurance, t.insurer_number AS aid_insurer, t.insurer_share_percent AS aid_share,
           t.copayment AS aid_copayment, m.valid_from AS aid_from, m.valid_to AS aid_to,
           c.provider_name, c.care_level, c.valid_from AS care_from, c.valid_to AS care_to
    FROM vouchers v
    JOIN households h USING (case_number)
    LEFT JOIN voucher_details d ON d.voucher_id = v.voucher_id
    LEFT JOIN medical_aid m
      ON v.voucher_kind <> '介護券' AND m.case_number = v.case_number AND m.member_no = v.member_no
     AND m.institution_code = v.institution_code AND (d.aid_id IS NULL OR m.aid_id = d.aid_id)
     AND (d.care_type IS NULL OR m.care_type = d.care_type)
    LEFT JOIN medical_aid_terms t ON t.aid_id = m.aid_id
    LEFT JOIN care_aid c
      ON v.voucher_kind = '介護券' AND c.case_number = v.case_number AND c.member_no = v.member_no
     AND coalesce(c.provider_code, '') = v.institution_code AND (d.aid_id IS NULL OR c.aid_id = d.aid_id)
    WHERE v.month = ? AND {scope} {extra}
    QUALIFY row_number() OVER (PARTITION BY v.voucher_id ORDER BY coalesce(m.valid_from, c.valid_from) DESC NULLS LAST) = 1
)
SELECT x.voucher_id, x.issue_number, x.voucher_kind, x.month, x.case_number, x.member_no,
       p.name, p.name_kana, p.sex, p.birth_date, x.recipient_number, x.payer_number, x.institution_code,
       coalesce(i.name, x.aid_institution_name, x.provider_name, '') AS institution_name,
       coalesce(x.care_type, x.aid_care_type, CASE WHEN x.voucher_kind = '介護券' THEN '介護' END, '') AS care_type,
       greatest(x.month, coalesce(x.valid_from, x.aid_from, x.care_from, x.month)) AS valid_from,
       least(last_day(x.month), coalesce(x.valid_to, x.aid_to, x.care_to, last_day(x.month))) AS valid_to,
       coalesce(x.insurance, x.aid_insurance, '単独') AS insurance,
       coalesce(x.insurer_number, x.aid_insurer) AS insurer_number,
       coalesce(x.insurer_share_percent, x.aid_share) AS insurer_share_percent,
       coalesce(x.copayment, x.aid_copayment, 0) AS copayment,
       coalesce(x.disease_names, x.aid_disease, x.care_level, '') AS disease_names,
       coalesce(w.name, '') AS caseworker_name, x.issued_on, coalesce(x.remarks, '') AS remarks
FROM matched x
JOIN members p ON p.case_number = x.case_number AND p.member_no = x.member_no
LEFT JOIN institutions i ON i.institution_code = x.institution_code
LEFT JOIN caseworkers w ON w.caseworker_id = x.caseworker_id
ORDER BY x.institution_code, x.voucher_kind, x.issue_number
"""


def voucher_lines(store: Store, user: User, month: dt.date, institution_code: str | None = None,
                  voucher_kinds: tuple[str, ...] = VOUCHER_KINDS) -> list[VoucherLine]:
    """Return the vouchers of ``month`` the user may see, by institution, kind and 交付番号.

    Every household returned is written to the audit log as ``read_vouchers``.
    Analysts are refused because vouchers carry names.
    """
    require_role(user, *PRINTING_ROLES, action="医療券・介護券の表示")
    unknown = [kind for kind in voucher_kinds if kind not in VOUCHER_KINDS]
    if unknown:
        raise ParameterError(f"券の種類 {'・'.join(unknown)} はありません（医療券・調剤券・介護券のどれか）。", f"unknown voucher kinds {unknown}")

    condition, params = household_scope(user, "h")
    extra = "AND v.voucher_kind IN (SELECT unnest(?::TEXT[]))"
    params = [first_of_month(month), *params, list(voucher_kinds)]
    if institution_code:
        extra += " AND v.institution_code = ?"
        params.append(institution_code)
    query = _VOUCHER_QUERY.format(scope=condition, extra=extra)

    with store.connect() as connection:
        rows = connection.execute(query, params).fetchall()
        lines = [VoucherLine(*row) for row in rows]
        record_events(connection, user.user_id, "read_vouchers", sorted({line.case_number for line in lines}), f"{month:%Y-%m}")
    log.info("read %d vouchers for %s", len(lines), f"{month:%Y-%m}")
    return lines
