"""保険医療機関 from the national list: import, 生活保護 designation, search by exact code or by name.

The list (data/iryokikan, collected from the 地方厚生局 tables) gives a
9-digit code (prefecture and 7-digit code), the name, postal code and
address. The 10-digit 医療機関コード inserts the 点数表番号: 1 for 医科, or 3
for the few 歯科 entries whose check digit only fits that way.

Issuing a voucher takes the institution by its exact code. A name search
only lists candidates with their codes and addresses, and
``confusable_institutions`` lists others whose names differ by at most one
character, so that 「クリニック」 and 「クリニツク」 are never taken for one place.
"""

import csv
import datetime as dt
import io
import logging
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from seiho.access import Role, User, require_role
from seiho.errors import ImportFileError, ParameterError
from seiho.store import Store, record_event
from seiho.vouchers.numbers import check_institution_code

log = logging.getLogger(__name__)

SCORE_TABLES_TO_TRY = ("1", "3")
MANAGING_ROLES = (Role.MEDICAL_CLERK, Role.ADMIN)
SEARCH_ROLES = (Role.MEDICAL_CLERK, Role.SUPERVISOR, Role.CASEWORKER, Role.ADMIN)


@dataclass(frozen=True)
class Institution:
    """One 保険医療機関 with its 10-digit code and whether it is designated under 生活保護法."""

    institution_code: str
    name: str
    postal_code: str | None
    address: str | None
    designated: bool


@dataclass(frozen=True)
class InstitutionImport:
    """What an import read, stored, merged as exact repeats, and rejected (row number and Japanese reason)."""

    source: str
    read: int
    stored: int
    repeated: int
    rejected: tuple[tuple[int, str], ...]


def name_key(name: str) -> str:
    """Return a name folded for search: NFKC, without spaces. Small kana stay distinct from large ones."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def _read_rows(path: Path) -> list[list[str]]:
    """Return the CSV rows of a list file or of the single CSV inside a ZIP, header removed."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [name for name in archive.namelist() if name.lower().endswith(".csv")]
            if len(members) != 1:
                raise ImportFileError(f"{path.name} には CSV がちょうど1つ必要です（{len(members)}個あります）。", f"{path} has {len(members)} csv files")
            text = archive.read(members[0]).decode("utf-8-sig")
    else:
        text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    if rows and not rows[0][0].strip().isdigit():
        rows = rows[1:]
    return rows


def _ten_digit_code(nine: str) -> str:
    """Return the valid 10-digit code for a 9-digit list code, trying 医科 then 歯科."""
    last_error = None
    for score_table in SCORE_TABLES_TO_TRY:
        try:
            return check_institution_code(nine[:2] + score_table + nine[2:])
        except ParameterError as error:
            last_error = error
    raise last_error


def import_institutions(store: Store, user: User, path: Path) -> InstitutionImport:
    """Read the national list at ``path`` (CSV or ZIP) and upsert every valid row into ``institutions``.

    A row whose code fails its check digit, or that lacks a name, is not
    stored and is returned in ``rejected`` with its row number and reason.
    A row that repeats an earlier one exactly is counted in ``repeated``; a
    row with the code of an earlier row but another name or address is
    rejected, because the two cannot both be that institution. Designation
    flags already set are kept.
    """
    require_role(user, *MANAGING_ROLES, action="医療機関一覧の取込")
    path = Path(path)
    if not path.exists():
        raise ImportFileError(f"医療機関一覧 {path} が見つかりません。ファイルの場所を確認してください。", f"{path} missing")
    log.info("importing institutions from %s", path.name)

    records, rejected, first_rows = {}, [], {}
    repeated = 0
    rows = _read_rows(path)
    for number, row in enumerate(rows, start=1):
        if len(row) < 5 or not row[2].strip():
            rejected.append((number, "列が5つ（コード9桁・コード7桁・名称・郵便番号・住所）ありません。"))
            continue
        nine = unicodedata.normalize("NFKC", row[0]).strip()
        if len(nine) != 9 or not nine.isdigit():
            rejected.append((number, f"医療機関コード（9桁）「{row[0]}」が9桁の数字ではありません。"))
            continue
        try:
            code = _ten_digit_code(nine)
        except ParameterError as error:
            rejected.append((number, error.message_ja))
            continue
        name = row[2].strip()
        record = (code, code[:2], code[2], name, name_key(name), row[3].strip() or None, row[4].strip() or None, path.name)
        if code in records:
            if records[code] == record:
                repeated += 1
            else:
                rejected.append((number, f"医療機関コード {code} は {first_rows[code]} 行目にもあり、名称か住所が違います。一覧の正しい行を確かめてください。"))
            continue
        records[code] = record
        first_rows[code] = number

    frame = pd.DataFrame(list(records.values()), columns=["institution_code", "prefecture_code", "score_table", "name", "name_key",
                                                          "postal_code", "address", "source_file"])
    with store.connect() as connection:
        connection.register("incoming_institutions", frame)
        connection.execute(
            """
            INSERT INTO institutions (institution_code, prefecture_code, score_table, name, name_key, postal_code, address, source_file)
            SELECT * FROM incoming_institutions
            ON CONFLICT (institution_code) DO UPDATE SET name = excluded.name, name_key = excluded.name_key,
                postal_code = excluded.postal_code, address = excluded.address, source_file = excluded.source_file
            """
        )
        connection.unregister("incoming_institutions")
        record_event(connection, user.user_id, "import_institutions", None, f"{path.name}: {len(frame)} stored, {len(rejected)} rejected")
    log.info("stored %d institutions, merged %d repeated rows, rejected %d rows", len(frame), repeated, len(rejected))
    return InstitutionImport(path.name, len(rows), len(frame), repeated, tuple(rejected))


def set_designation(store: Store, user: User, institution_code: str, designated: bool, designated_on: dt.date | None = None) -> Institution:
    """Mark an institution, given by its exact code, as designated (or not) under 生活保護法."""
    require_role(user, *MANAGING_ROLES, action="指定医療機関の設定")
    institution = find_institution(store, user, institution_code)
    with store.connect() as connection:
        connection.execute(
            "UPDATE institutions SET designated = ?, designated_on = ? WHERE institution_code = ?",
            [designated, designated_on if designated else None, institution.institution_code],
        )
        record_event(connection, user.user_id, "set_designation", None, f"{institution.institution_code} {designated}")
    return Institution(institution.institution_code, institution.name, institution.postal_code, institution.address, designated)


def find_institution(store: Store, user: User, institution_code: str) -> Institution:
    """Return the institution with exactly this 10-digit code, or raise a Japanese error."""
    require_role(user, *SEARCH_ROLES, action="医療機関の検索")
    code = check_institution_code(institution_code)
    with store.connect() as connection:
        row = connection.execute(
            "SELECT institution_code, name, postal_code, address, designated FROM institutions WHERE institution_code = ?", [code]
        ).fetchone()
    if row is None:
        raise ParameterError(
            f"医療機関コード {code} は医療機関一覧にありません。コードを確認するか、最新の一覧を取り込んでください。",
            f"institution {code} not found",
        )
    return Institution(*row)


def search_institutions(store: Store, user: User, text: str, designated_only: bool = False, limit: int = 50) -> list[Institution]:
    """Return institutions whose code starts with, or whose name or address contains, ``text``, across prefectures."""
    require_role(user, *SEARCH_ROLES, action="医療機関の検索")
    key = name_key(text)
    if not key:
        raise ParameterError("検索する医療機関コード・名称・住所を入力してください。", "empty institution search")
    with store.connect() as connection:
        rows = connection.execute(
            """
            SELECT institution_code, name, postal_code, address, designated FROM institutions
            WHERE (institution_code LIKE ? || '%' OR contains(name_key, ?) OR contains(replace(address, ' ', ''), ?))
              AND (designated OR NOT ?)
            ORDER BY institution_code LIMIT ?
            """,
            [key, key, key, designated_only, limit],
        ).fetchall()
    return [Institution(*row) for row in rows]


def confusable_institutions(store: Store, user: User, institution_code: str) -> list[Institution]:
    """Return other institutions whose folded names differ from this one's by at most one character."""
    institution = find_institution(store, user, institution_code)
    key = name_key(institution.name)
    with store.connect() as connection:
        rows = connection.execute(
            """
            SELECT institution_code, name, postal_code, address, designated FROM institutions
            WHERE institution_code <> ? AND abs(length(name_key) - length(?)) <= 1 AND levenshtein(name_key, ?) <= 1
            ORDER BY institution_code
            """,
            [institution.institution_code, key, key],
        ).fetchall()
    return [Institution(*row) for row in rows]
