"""Household rows for analysts: pseudonyms, age bands, no names or addresses."""

import pandas as pd

from seiho.access import Role, User, pseudonym, pseudonym_key, require_role
from seiho.store import Store, record_event


def pseudonymised_households(store: Store, user: User) -> pd.DataFrame:
    """Return the office's households with a pseudonym in place of the case number.

    Columns: 仮名ID, 世帯類型, 状態, 世帯人員, 開始年, 世帯主年齢階級. Names,
    addresses, phone numbers and exact dates are left out.
    """
    require_role(user, Role.ANALYST, Role.SUPERVISOR, Role.ADMIN, action="仮名化データの取得")

    with store.connect() as connection:
        key = pseudonym_key(connection)
        frame = connection.execute(
            """
            SELECT h.case_number, h.household_type AS 世帯類型, h.status AS 状態,
                   (SELECT count(*) FROM members m WHERE m.case_number = h.case_number AND m.in_household) AS 世帯人員,
                   year(h.started_on) AS 開始年,
                   (SELECT (date_diff('year', m.birth_date, current_date) // 10) * 10
                      FROM members m WHERE m.case_number = h.case_number AND m.member_no = 1) AS 世帯主年齢階級
            FROM households h WHERE h.office_code = ? ORDER BY h.case_number
            """,
            [user.office_code],
        ).df()
        record_event(connection, user.user_id, "read_pseudonymised", None, f"rows={len(frame)}")

    frame.insert(0, "仮名ID", [pseudonym(number, key) for number in frame.pop("case_number")])
    return frame
