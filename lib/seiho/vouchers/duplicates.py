"""重複投薬: the same ingredient prescribed by two or more institutions for overlapping periods.

Dispensing records are read from a CSV in the layout of
``data/vouchers/dispensing_records_layout.md`` into the connection for the
query only. A record covers ``days`` days from its dispensing date. Two
records of one person and one ingredient code from different prescribing
institutions whose periods share a day make a candidate for the
caseworker's review. The result is a list to check, not a decision.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from seiho.access import Role, User, household_scope, require_role
from seiho.errors import ImportFileError
from seiho.store import Store
from seiho.store.audit import record_events

log = logging.getLogger(__name__)

COLUMNS = {
    "調剤年月日": "dispensed_on", "ケース番号": "case_number", "世帯員番号": "member_no", "薬局コード": "pharmacy_code",
    "処方医療機関コード": "prescriber_code", "成分コード": "ingredient_code", "成分名": "ingredient_name", "投与日数": "days",
}


@dataclass(frozen=True)
class DuplicateReview:
    """Candidates of 重複投薬 with the counts of records read and rejected."""

    records: int
    rejected: tuple[tuple[int, str], ...]
    candidates: pd.DataFrame


def read_dispensing_records(path: Path, encoding: str = "utf-8") -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Return the valid records of a dispensing CSV and the rejected rows (row number, Japanese reason)."""
    path = Path(path)
    if not path.exists():
        raise ImportFileError(f"調剤記録 {path} が見つかりません。ファイルの場所を確認してください。", f"{path} missing")
    frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig" if encoding == "utf-8" else encoding, keep_default_na=False)
    missing = [name for name in COLUMNS if name not in frame.columns]
    if missing:
        raise ImportFileError(f"{path.name} に列 {'・'.join(missing)} がありません。見出し行を確かめてください。", f"missing columns {missing}")
    frame = frame[list(COLUMNS)].rename(columns=COLUMNS)

    # Row numbers count the header as row 1, as a spreadsheet shows them.
    row_numbers = pd.Series(range(2, len(frame) + 2), index=frame.index)
    dispensed = pd.to_datetime(frame["dispensed_on"].str.replace("-", "", regex=False), format="%Y%m%d", errors="coerce")
    days = pd.to_numeric(frame["days"], errors="coerce")
    member = pd.to_numeric(frame["member_no"], errors="coerce")
    problems = [
        (dispensed.isna(), "調剤年月日が YYYY-MM-DD か YYYYMMDD の日付ではありません。"),
        (days.isna() | (days < 1) | (days % 1 != 0), "投与日数が1以上の整数ではありません。"),
        (member.isna(), "世帯員番号が整数ではありません。"),
        (~frame["case_number"].str.fullmatch(r"\d{8}"), "ケース番号が8桁の数字ではありません。"),
        (frame["ingredient_code"].str.strip() == "", "成分コードが空です。"),
        (~frame["prescriber_code"].str.fullmatch(r"\d{10}"), "処方医療機関コードが10桁の数字ではありません。"),
    ]
    bad = pd.Series(False, index=frame.index)
    rejected = []
    for mask, reason in problems:
        new = mask & ~bad
        rejected.extend((int(number), reason) for number in row_numbers[new])
        bad |= mask

    valid = frame[~bad].copy()
    valid["dispensed_on"] = dispensed[~bad].dt.date
    valid["days"] = days[~bad].astype(int)
    valid["member_no"] = member[~bad].astype(int)
    return valid, sorted(rejected)


def find_duplicate_prescriptions(store: Store, user: User, path: Path, encoding: str = "utf-8") -> DuplicateReview:
    """Read the dispensing CSV and list each person and ingredient prescribed by two or more institutions at once.

    Only households in the user's scope are listed, and each listed household
    is written to the audit log.
    """
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, Role.MEDICAL_CLERK, Role.ADMIN, action="重複投薬の確認")
    records, rejected = read_dispensing_records(path, encoding)
    log.info("checking %d dispensing records for duplicates, %d rows rejected", len(records), len(rejected))
    condition, params = household_scope(user, "h")

    with store.connect() as connection:
        connection.register("dispensing_input", records)
        candidates = connection.execute(
            f"""
            WITH spans AS (
                SELECT d.*, d.dispensed_on + to_days(d.days - 1) AS last_day
                FROM dispensing_input d JOIN households h USING (case_number) WHERE {condition}
            ), pairs AS (
                SELECT a.case_number, a.member_no, a.ingredient_code, a.ingredient_name,
                       a.prescriber_code AS first_code, b.prescriber_code AS second_code,
                       greatest(a.dispensed_on, b.dispensed_on) AS overlap_from, least(a.last_day, b.last_day) AS overlap_to
                FROM spans a JOIN spans b
                  ON a.case_number = b.case_number AND a.member_no = b.member_no AND a.ingredient_code = b.ingredient_code
                 AND a.prescriber_code < b.prescriber_code AND a.dispensed_on <= b.last_day AND b.dispensed_on <= a.last_day
            )
            SELECT p.case_number AS ケース番号, p.member_no AS 世帯員番号, m.name AS 氏名, p.ingredient_code AS 成分コード,
                   any_value(p.ingredient_name) AS 成分名,
                   string_agg(DISTINCT code, '・' ORDER BY code) AS 処方医療機関,
                   count(DISTINCT code) AS 医療機関数, min(p.overlap_from) AS 重複開始日, max(p.overlap_to) AS 重複終了日
            FROM pairs p
            CROSS JOIN LATERAL (SELECT unnest([p.first_code, p.second_code]) AS code) c
            LEFT JOIN members m ON m.case_number = p.case_number AND m.member_no = p.member_no
            GROUP BY p.case_number, p.member_no, m.name, p.ingredient_code
            ORDER BY 医療機関数 DESC, p.case_number, p.member_no, p.ingredient_code
            """,
            params,
        ).df()
        connection.unregister("dispensing_input")
        record_events(connection, user.user_id, "review_duplicate_prescriptions", sorted(set(candidates["ケース番号"])), Path(path).name)
    log.info("found %d duplicate prescription candidates", len(candidates))
    # TODO: dispensing records are read for each check and not stored; keeping them needs a table in a later migration.
    return DuplicateReview(len(records), tuple(rejected), candidates)
