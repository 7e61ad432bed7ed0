"""The 廃止ケース引継ぎ checklist: what must be settled before a closed case's debt moves to the receivables staff."""

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from seiho.access import Role, User, household_scope, require_role
from seiho.errors import ParameterError
from seiho.receivables.config import load_data_file
from seiho.receivables.scope import household_in_scope
from seiho.store import Store, record_event

ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN)


@dataclass(frozen=True)
class HandoverItem:
    """One checklist item for one case and whether it is settled."""

    key: str
    text: str
    checked_on: dt.date | None
    note: str | None


@dataclass
class HandoverStatus:
    """The checklist of one closed case, limited to the items that apply to it."""

    case_number: str
    closure_reason: str | None
    items: list[HandoverItem] = field(default_factory=list)

    @property
    def completeness(self) -> float:
        """Share of applicable items settled, from 0 to 1."""
        return sum(item.checked_on is not None for item in self.items) / len(self.items) if self.items else 1.0

    @property
    def missing(self) -> list[str]:
        """Texts of the items not yet settled."""
        return [item.text for item in self.items if item.checked_on is None]


def applicable_items(closure_reason: str | None) -> dict[str, str]:
    """Return key → text of the items that apply to a case closed for ``closure_reason``."""
    died = bool(closure_reason) and "死亡" in closure_reason
    return {key: item["text"] for key, item in load_data_file("handover_checklist")["items"].items()
            if item["applies_when"] == "all" or (item["applies_when"] == "death" and died)}


def handover_status(store: Store, user: User, case_number: str) -> HandoverStatus:
    """Return the checklist of one closed household, and log the view."""
    require_role(user, *ROLES, action="廃止ケース引継ぎの確認")
    with store.connect() as connection:
        status, _, closure_reason, _, _ = household_in_scope(connection, user, case_number)
        if status != "廃止":
            raise ParameterError(f"ケース番号 {case_number} は廃止されていません（{status}）。引継ぎの確認は廃止後に行います。", "household not closed")
        checked = {key: (day, note) for key, day, note in connection.execute(
            "SELECT item_key, checked_on, note FROM receivable_handover_items WHERE case_number = ?", [case_number]).fetchall()}
        record_event(connection, user.user_id, "view_handover", case_number)
    result = HandoverStatus(case_number, closure_reason)
    for key, text in applicable_items(closure_reason).items():
        day, note = checked.get(key, (None, None))
        result.items.append(HandoverItem(key, text, day, note))
    return result


def check_handover_item(store: Store, user: User, case_number: str, item_key: str, checked_on: dt.date, note: str = "") -> None:
    """Record one item as settled for a closed household."""
    require_role(user, *ROLES, action="廃止ケース引継ぎの記録")
    with store.connect() as connection:
        status, _, closure_reason, _, _ = household_in_scope(connection, user, case_number)
        items = applicable_items(closure_reason)
        if item_key not in items:
            raise ParameterError(f"引継ぎ項目「{item_key}」はこのケースに当てはまりません。使える項目: {'、'.join(items)}", f"unknown handover item {item_key!r}")
        if status != "廃止":
            raise ParameterError(f"ケース番号 {case_number} は廃止されていません（{status}）。", "household not closed")
        connection.execute(
            "INSERT OR REPLACE INTO receivable_handover_items (case_number, item_key, checked_on, note, checked_by) VALUES (?, ?, ?, ?, ?)",
            [case_number, item_key, checked_on, note, user.user_id],
        )
        record_event(connection, user.user_id, "check_handover_item", case_number, item_key)


def handover_overview(store: Store, user: User) -> pd.DataFrame:
    """Return each closed household in scope that still owes money, with its checklist completeness and missing items."""
    require_role(user, *ROLES, action="廃止ケース引継ぎの一覧")
    condition, params = household_scope(user, "h")
    with store.connect() as connection:
        cases = connection.execute(
            f"""
            SELECT h.case_number, h.closed_on, h.closure_reason, c.name AS caseworker_name,
                   sum(r.amount + r.surcharge - r.paid_amount) AS balance,
                   (SELECT list(i.item_key) FROM receivable_handover_items i WHERE i.case_number = h.case_number) AS checked
            FROM households h JOIN receivables r USING (case_number)
            LEFT JOIN caseworkers c ON c.caseworker_id = h.caseworker_id
            WHERE {condition} AND h.status = '廃止' AND r.status <> '不納欠損'
            GROUP BY h.case_number, h.closed_on, h.closure_reason, c.name
            HAVING sum(r.amount + r.surcharge - r.paid_amount) > 0
            ORDER BY h.closed_on, h.case_number
            """,
            params,
        ).fetchall()
        record_event(connection, user.user_id, "view_handover_overview", None, f"{len(cases)} cases")

    rows = []
    for case_number, closed_on, closure_reason, caseworker, balance, checked in cases:
        items = applicable_items(closure_reason)
        done = set(checked or []) & set(items)
        rows.append({"ケース番号": case_number, "廃止日": closed_on, "廃止理由": closure_reason, "担当": caseworker,
                     "未収額": int(balance), "完了率": f"{len(done)}/{len(items)}",
                     "未了の項目": "、".join(text for key, text in items.items() if key not in done)})
    return pd.DataFrame(rows, columns=["ケース番号", "廃止日", "廃止理由", "担当", "未収額", "完了率", "未了の項目"])
