"""Print the month's 連名簿 and 単票 for the vouchers a user may see, with an audit record."""

import datetime as dt
import logging
from pathlib import Path

from seiho.access import User
from seiho.errors import ParameterError
from seiho.store import Store, record_event
from seiho.vouchers.records import VOUCHER_KINDS, voucher_lines
from seiho.vouchers.roster_pdf import RosterDocument, write_rosters
from seiho.vouchers.sheet_pdf import SheetDocument, write_sheets

log = logging.getLogger(__name__)


def office_name(store: Store, user: User) -> str:
    """Return the name of the user's office."""
    with store.connect() as connection:
        row = connection.execute("SELECT name FROM offices WHERE office_code = ?", [user.office_code]).fetchone()
    if row is None:
        raise ParameterError(f"福祉事務所コード {user.office_code} が offices にありません。", f"office {user.office_code} missing")
    return row[0]


def print_rosters(store: Store, user: User, month: dt.date, path: Path, institution_code: str | None = None) -> RosterDocument:
    """Write the 連名簿 of ``month`` (all institutions, or one) to ``path``."""
    lines = voucher_lines(store, user, month, institution_code)
    document = write_rosters(lines, month.replace(day=1), office_name(store, user), path)
    with store.connect() as connection:
        record_event(connection, user.user_id, "print_voucher_rosters", None, f"{month:%Y-%m} {institution_code or 'all'} {document.count} rows")
    return document


def print_sheets(store: Store, user: User, month: dt.date, path: Path, issue_numbers: list[str] | None = None,
                 institution_code: str | None = None) -> SheetDocument:
    """Write the 単票 of ``month`` to ``path``: the chosen 交付番号, or every voucher the user may see."""
    lines = voucher_lines(store, user, month, institution_code, VOUCHER_KINDS)
    if issue_numbers:
        wanted = set(issue_numbers)
        found = {line.issue_number for line in lines}
        unknown = sorted(wanted - found)
        if unknown:
            raise ParameterError(
                f"交付番号 {'、'.join(unknown)} は {month.year}年{month.month}月の券にないか、担当範囲外です。番号と診療年月を確認してください。",
                f"issue numbers {unknown} not found for {month:%Y-%m}",
            )
        lines = [line for line in lines if line.issue_number in wanted]
    document = write_sheets(lines, office_name(store, user), path)
    with store.connect() as connection:
        record_event(connection, user.user_id, "print_voucher_sheets", None, f"{month:%Y-%m} {len(lines)} sheets")
    return document
