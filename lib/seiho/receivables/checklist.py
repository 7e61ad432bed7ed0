"""Decision support for 63条 or 78条: a checklist that yields a suggestion with reasons.

The suggestion is a draft for the ケース診断会議 paper. The office decides.
"""

import json
import logging
import uuid
from dataclasses import dataclass, field

import pandas as pd

from seiho.access import Role, User, require_role
from seiho.errors import ParameterError
from seiho.receivables.config import load_data_file
from seiho.receivables.scope import household_in_scope
from seiho.store import Store, record_event

log = logging.getLogger(__name__)

UNDECIDED = "判断保留"


@dataclass
class Suggestion:
    """The checklist's suggestion, the reasons behind it and what is still open."""

    article: str
    reasons: list[str] = field(default_factory=list)
    open_questions: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        """Return the suggestion as text for the 会議 paper."""
        lines = [f"提案: {self.article}（この提案は判断の材料であり、決定はケース診断会議で行う）", "理由:"]
        lines += [f"・{reason}" for reason in self.reasons]
        if self.open_questions:
            lines.append("未確認の事項:")
            lines += [f"・{question}" for question in self.open_questions]
        return "\n".join(lines)


def checklist_questions() -> dict[str, dict]:
    """Return the questions from data/receivables/decision_checklist.yaml."""
    return load_data_file("decision_checklist")["questions"]


def suggest_article(answers: dict[str, bool | None]) -> Suggestion:
    """Suggest 63条, 78条 or 判断保留 from the checklist answers (True, False or None for unknown)."""
    questions = checklist_questions()
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise ParameterError(
            f"チェック項目 {'、'.join(unknown)} は一覧にありません。使える項目: {'、'.join(questions)}",
            f"unknown checklist keys {unknown}",
        )
    suggestion = Suggestion(UNDECIDED)
    suggestion.open_questions = [questions[key]["text"] for key in questions if answers.get(key) is None]

    # An overpayment the office caused is never fraud by the recipient.
    if answers.get("office_caused"):
        suggestion.article = "63条"
        suggestion.reasons.append(questions["office_caused"]["yes_reason"])
    elif answers.get("duty_explained") and (answers.get("false_declaration_evidence") or answers.get("declaration_submitted")):
        suggestion.article = "78条"
        suggestion.reasons.append("申告義務を説明し記録しているにもかかわらず、収入・資産を申告していない")
        if answers.get("false_declaration_evidence"):
            suggestion.reasons.append("虚偽の申告を示す資料がある")
        if answers.get("declaration_submitted"):
            suggestion.reasons.append("収入申告の機会に当該収入・資産を申告していなかった")
    elif answers.get("resources_unexpected") and not answers.get("false_declaration_evidence"):
        suggestion.article = "63条"
        suggestion.reasons.append(questions["resources_unexpected"]["yes_reason"])

    for key in ("duty_explained", "declaration_submitted", "false_declaration_evidence"):
        if answers.get(key) is False and suggestion.article != "78条":
            suggestion.reasons.append(questions[key]["no_reason"])
    if suggestion.article == UNDECIDED:
        suggestion.reasons.append("どちらの条文を示す事情も十分にそろっていないため、事実の確認を続ける")
    if not answers.get("meeting_held"):
        suggestion.reasons.append(questions["meeting_held"]["no_reason"])
    return suggestion


def save_checklist(store: Store, user: User, case_number: str, basis_category: str,
                   answers: dict[str, bool | None]) -> tuple[str, Suggestion]:
    """Store the answers and the suggestion for a household and return the checklist id."""
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN, action="63条・78条の判断チェックリストの記録")
    suggestion = suggest_article(answers)
    checklist_id = "CL" + uuid.uuid4().hex[:12]
    with store.connect() as connection:
        household_in_scope(connection, user, case_number)
        connection.execute(
            "INSERT INTO receivable_decision_checklists (checklist_id, case_number, basis_category, answers, suggestion, reasons, recorded_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [checklist_id, case_number, basis_category, json.dumps(answers, ensure_ascii=False), suggestion.article,
             json.dumps(suggestion.reasons, ensure_ascii=False), user.user_id],
        )
        record_event(connection, user.user_id, "receivable_checklist", case_number, checklist_id)
    return checklist_id, suggestion


def precedent_cases(store: Store, user: User, basis_category: str, limit: int = 20) -> pd.DataFrame:
    """Return the office's earlier decisions in a basis category, newest first, with the article chosen.

    The rows carry no case number or name, so a caseworker may search the
    whole office's decisions. Analysts use the pseudonymised reports instead.
    """
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN, action="先例の検索")
    with store.connect() as connection:
        frame = connection.execute(
            """
            SELECT r.receivable_id AS 債権番号, r.decided_on AS 決定日,
                   r.article AS 根拠条文, r.basis_category AS 発生原因, r.amount AS 決定額, r.surcharge AS 加算金
            FROM receivables r JOIN households h USING (case_number)
            WHERE h.office_code = ? AND r.basis_category = ?
            ORDER BY r.decided_on DESC, r.receivable_id LIMIT ?
            """,
            [user.office_code, basis_category, limit],
        ).df()
        record_event(connection, user.user_id, "search_receivable_precedents", None, f"{basis_category}: {len(frame)} rows")
    return frame
