"""The office's precedents (事例): how a question was handled, without personal data.

Any role may read precedents; caseworkers, supervisors and admins enter them.
A precedent's text is checked for what would identify a person: 8-digit
case numbers, telephone numbers, and the names of the office's household members.
"""

import datetime as dt
import logging
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml

from seiho.access import Role, User
from seiho.access.scope import require_role
from seiho.errors import SeihoError
from seiho.knowledge.bm25 import BM25Index
from seiho.knowledge.tokens import terms
from seiho.paths import data_dir
from seiho.store import Store, record_event

log = logging.getLogger(__name__)

ENTRY_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN)

_CASE_NUMBER = re.compile(r"(?<!\d)\d{8}(?!\d)")
_PHONE = re.compile(r"(?<!\d)0\d{1,4}-\d{1,4}-\d{3,4}(?!\d)")


@dataclass(frozen=True)
class PrecedentFields:
    """The choices for 業務区分 and 対象者の特性."""

    business_areas: tuple[str, ...]
    characteristics: tuple[str, ...]


@dataclass(frozen=True)
class Precedent:
    """One precedent as stored."""

    precedent_id: str
    office_code: str
    title: str
    business_area: str
    characteristics: tuple[str, ...]
    question: str
    answer: str
    legal_basis: str
    decided_on: dt.date | None
    recorded_by: str


def load_precedent_fields(path: Path | None = None) -> PrecedentFields:
    """Read data/knowledge/precedent_fields.yaml; raise SeihoError naming the file if it is malformed."""
    path = path or data_dir() / "knowledge" / "precedent_fields.yaml"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SeihoError(f"事例の項目ファイル {path} を読めません。YAML の書式を確認してください。", str(error)) from error

    lists = {}
    for key in ("business_areas", "characteristics"):
        values = document.get(key) if isinstance(document, dict) else None
        if not isinstance(values, list) or not values or not all(isinstance(value, str) for value in values):
            raise SeihoError(f"事例の項目ファイル {path} に {key}（文字列のリスト）がありません。", f"missing {key} in {path}")
        lists[key] = tuple(values)
    return PrecedentFields(lists["business_areas"], lists["characteristics"])


def _check_personal_data(con, office_code: str, texts: dict[str, str]) -> None:
    for label, text in texts.items():
        if _CASE_NUMBER.search(text):
            raise SeihoError(f"事例の「{label}」に8桁の数字（ケース番号の可能性）があります。個人を特定できる情報は書かないでください。", f"case-number-like digits in {label}")
        if _PHONE.search(text):
            raise SeihoError(f"事例の「{label}」に電話番号があります。個人を特定できる情報は書かないでください。", f"phone number in {label}")

    # Names are compared without spaces, so 「架空太郎」 matches the stored 「架空 太郎」.
    joined = "\n".join(texts.values()).replace(" ", "").replace("\u3000", "")
    hit = con.execute(
        "WITH names AS ("
        " SELECT replace(replace(m.name, ' ', ''), '\u3000', '') AS name FROM members m"
        " JOIN households h USING (case_number) WHERE h.office_code = ?"
        " UNION SELECT replace(replace(head_name, ' ', ''), '\u3000', '') FROM households WHERE office_code = ?)"
        " SELECT count(*) FROM names WHERE length(name) >= 2 AND position(name IN ?) > 0",
        [office_code, office_code, joined],
    ).fetchone()[0]
    if hit:
        raise SeihoError("事例の本文に、この事務所の世帯員の氏名と同じ文字列があります。氏名は書かず「Aさん」などに置き換えてください。", "member name in precedent text")


def add_precedent(
    store: Store,
    user: User,
    title: str,
    business_area: str,
    characteristics: list[str],
    question: str,
    answer: str,
    legal_basis: str = "",
    decided_on: dt.date | None = None,
    fields: PrecedentFields | None = None,
) -> Precedent:
    """Validate and save a precedent for the user's office; write the entry to the audit log."""
    require_role(user, *ENTRY_ROLES, action="事例の登録")
    fields = fields or load_precedent_fields()

    texts = {"題名": title.strip(), "相談・論点": question.strip(), "対応・結論": answer.strip()}
    for label, text in texts.items():
        if not text:
            raise SeihoError(f"事例の「{label}」が空です。入力してください。", f"empty {label}")
    if business_area not in fields.business_areas:
        raise SeihoError(f"業務区分「{business_area}」は選択肢にありません。一覧から選んでください。", f"unknown business area {business_area!r}")
    unknown = [value for value in characteristics if value not in fields.characteristics]
    if unknown:
        raise SeihoError(f"対象者の特性「{'、'.join(unknown)}」は選択肢にありません。一覧から選んでください。", f"unknown characteristics {unknown!r}")

    precedent = Precedent(
        precedent_id=uuid.uuid4().hex[:12],
        office_code=user.office_code,
        title=texts["題名"],
        business_area=business_area,
        characteristics=tuple(characteristics),
        question=texts["相談・論点"],
        answer=texts["対応・結論"],
        legal_basis=legal_basis.strip(),
        decided_on=decided_on,
        recorded_by=user.user_id,
    )
    with store.connect() as con:
        _check_personal_data(con, user.office_code, {**texts, "根拠": precedent.legal_basis})
        con.execute(
            "INSERT INTO knowledge_precedents (precedent_id, office_code, title, business_area, characteristics,"
            " question, answer, legal_basis, decided_on, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [precedent.precedent_id, precedent.office_code, precedent.title, precedent.business_area, list(precedent.characteristics),
             precedent.question, precedent.answer, precedent.legal_basis, precedent.decided_on, precedent.recorded_by],
        )
        record_event(con, user.user_id, "knowledge.precedent.add", None, f"precedent {precedent.precedent_id}")
    log.info("precedent %s added by %s", precedent.precedent_id, user.user_id)
    return precedent


def search_precedents(
    store: Store,
    user: User,
    question: str = "",
    business_area: str | None = None,
    characteristics: list[str] | None = None,
    limit: int = 5,
) -> list[Precedent]:
    """Return the office's precedents that pass the filters, ranked by BM25 on the question.

    With an empty question the newest precedents come first. A precedent
    matches the characteristics filter when it has every characteristic asked for.
    """
    sql = (
        "SELECT precedent_id, office_code, title, business_area, characteristics, question, answer, legal_basis,"
        " decided_on, recorded_by FROM knowledge_precedents WHERE office_code = ?"
    )
    params: list = [user.office_code]
    if business_area:
        sql += " AND business_area = ?"
        params.append(business_area)
    for value in characteristics or []:
        sql += " AND list_contains(characteristics, ?)"
        params.append(value)
    sql += " ORDER BY recorded_at DESC, precedent_id"

    with store.connect() as con:
        rows = con.execute(sql, params).fetchall()
        record_event(con, user.user_id, "knowledge.precedent.search", None, f"{len(rows)} precedents")
    precedents = [Precedent(*row[:4], tuple(row[4]), *row[5:]) for row in rows]
    if not question.strip() or not precedents:
        return precedents[:limit]

    index = BM25Index([terms(" ".join((p.title, p.business_area, p.question, p.answer, p.legal_basis))) for p in precedents])
    query = {term: 1.0 for term in terms(question)}
    return [precedents[hit.index] for hit in index.search(query, limit)]
