"""ケース記録 bodies assembled from the phrase templates in data/synth/phrases.yaml.

Records are many (about twenty per household over five years), so the text
is joined inside DuckDB: each record carries one phrase id per section, and
the insert joins them to a phrase table and concatenates the lines.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

# Sections of a record body in the order they are printed.
SECTIONS = ("purpose", "home", "living", "health", "guidance", "next")
ABSENT_HEADING = "訪問結果"
NO_PHRASE = -1


@dataclass(frozen=True)
class PhraseBook:
    """All record phrases with their 【heading】, and where each group starts in the table."""

    table: pd.DataFrame                          # phrase_id, text
    groups: dict[str, dict[str, tuple[int, int]]]  # section -> group -> (first phrase_id, count)


def build_phrase_book(phrases: dict) -> PhraseBook:
    """Number every title and phrase. Each phrase's text starts with its 【section heading】."""
    texts: list[str] = []
    groups: dict[str, dict[str, tuple[int, int]]] = {}

    def add(section: str, group: str, lines: list[str], heading: str | None) -> None:
        groups.setdefault(section, {})[group] = (len(texts), len(lines))
        texts.extend(f"【{heading}】{line}" if heading else line for line in lines)

    records = phrases["case_records"]
    headings = records["headings"]
    for kind, title in records["titles"].items():
        add("title", kind, [title], None)
    for kind, lines in records["purpose"].items():
        add("purpose", kind, lines, headings["purpose"][kind])
    add("home", "家庭訪問", records["home"], headings["home"])
    for section in ("living", "health", "guidance", "next"):
        for group, lines in records[section].items():
            add(section, group, lines, headings[section])
    add("absent", "不在", records["absent"], ABSENT_HEADING)

    table = pd.DataFrame({"phrase_id": np.arange(len(texts)), "text": texts})
    return PhraseBook(table=table, groups=groups)


def choose_phrases(rng: np.random.Generator, visit_kind: np.ndarray, result: np.ndarray, household_type: np.ndarray,
                   housing: np.ndarray, book: PhraseBook) -> pd.DataFrame:
    """Return a phrase id per section (or -1 for none) and a title id for each record.

    The purpose follows the kind of contact, home is written for home visits
    only, and living, health and guidance follow the household type, or
    入院 / 施設 when the head lives there. A record of a visit where the
    person was not met (不在) has the absent phrase only.

    TODO: phrases ignore the household's own incomes, care level and medical
    aid, so a record may mention a pension or a clinic the household lacks.
    """
    situation = np.where(np.isin(housing, ("入院", "施設")), housing, household_type)
    absent = result == "不在"
    keys = {
        "title": np.where(absent, "不在", visit_kind),
        "purpose": visit_kind,
        "home": np.where(visit_kind == "家庭訪問", "家庭訪問", ""),
        "living": situation,
        "health": situation,
        "guidance": situation,
        "next": housing,
    }
    chosen = {section: _pick(rng, book.groups[section], keys[section]) for section in ("title", *SECTIONS)}
    for section in SECTIONS:
        chosen[section][absent] = NO_PHRASE
    chosen["absent"] = np.where(absent, _pick(rng, book.groups["absent"], np.full(len(result), "不在")), NO_PHRASE)
    return pd.DataFrame({f"{section}_id": ids for section, ids in chosen.items()})


def _pick(rng: np.random.Generator, groups: dict[str, tuple[int, int]], keys: np.ndarray) -> np.ndarray:
    """Return a random phrase id within each key's group, or -1 for a key without a group."""
    first = pd.Series(keys).map({group: start for group, (start, _) in groups.items()}).to_numpy(dtype=float)
    count = pd.Series(keys).map({group: size for group, (_, size) in groups.items()}).to_numpy(dtype=float)
    ids = first + np.floor(rng.random(len(keys)) * np.nan_to_num(count))
    return np.where(np.isnan(ids), NO_PHRASE, ids).astype(np.int64)


def insert_records_sql(records_view: str, phrases_view: str, id_width: int) -> str:
    """Return the INSERT that writes case_records from record rows and the phrase table.

    ``records_view`` needs visit_no, case_number, caseworker_id, recorded_on,
    status, submitted_at, approved_by, approved_at, created_at,
    interval_months, visit_kind (the record's 記録区分) and the ids from
    ``choose_phrases``.
    """
    joins = "\n".join(
        f"LEFT JOIN {phrases_view} p_{section} ON p_{section}.phrase_id = r.{section}_id"
        for section in ("title", "absent", *SECTIONS)
    )
    return f"""
        INSERT INTO case_records (record_id, case_number, visit_id, caseworker_id, recorded_on, title, body,
                                  status, kind, submitted_at, approved_by, approved_at, created_at)
        SELECT 'CR' || lpad(r.visit_no::VARCHAR, {id_width}, '0'),
               r.case_number,
               'V' || lpad(r.visit_no::VARCHAR, {id_width}, '0'),
               r.caseworker_id,
               r.recorded_on,
               p_title.text,
               concat_ws(chr(10), p_absent.text, p_purpose.text, p_home.text, p_living.text, p_health.text,
                         p_guidance.text, replace(p_next.text, '{{interval}}', r.interval_months::VARCHAR)),
               r.status,
               r.visit_kind,
               r.submitted_at,
               r.approved_by,
               r.approved_at,
               r.created_at
        FROM {records_view} r
        {joins}
    """
