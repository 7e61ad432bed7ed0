"""Export approved case records as CSV in the layout of data/records/export_layout.yaml."""

import csv
import datetime as dt
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from seiho.access import Role, User, require_role
from seiho.errors import SeihoError
from seiho.records.layout import ExportLayout, load_export_layout
from seiho.records.model import APPROVED
from seiho.store import Store
from seiho.store.audit import record_events

log = logging.getLogger(__name__)

ENCODINGS = ("utf-8-sig", "cp932")

# The number of records an export converts to CSV lines in one step.
PAGE_ROWS = 20_000

# Written in place of a character that CP932 cannot encode, when asked for.
GETA = "〓"


class UnencodableCharacter(SeihoError):
    """A record contains a character that the chosen encoding cannot write.

    ``location`` names the record, column and character. ``message_ja`` adds
    the two ways out in words that suit any screen, and the command line
    replaces them with its option names.
    """

    def __init__(self, location: str, detail: str):
        super().__init__(
            f"{location}文字コードを UTF-8（BOM付き）にするか、表せない文字を{GETA}に置き換える指定をして、もう一度出力してください。",
            detail,
        )
        self.location = location


@dataclass(frozen=True)
class Substitution:
    """A character written as 〓 in a CP932 export: where it was and which character."""

    record_id: str
    case_number: str
    header: str
    character: str

    @property
    def code_point(self) -> str:
        """The character's Unicode code point, as U+XXXX."""
        return f"U+{ord(self.character):04X}"


@dataclass(frozen=True)
class ExportResult:
    """The outcome of an export: the file, its encoding, the row count and any 〓 substitutions."""

    path: Path
    encoding: str
    rows: int
    substitutions: tuple[Substitution, ...] = field(default_factory=tuple)


def export_approved_csv(
    store: Store,
    user: User,
    path: str | os.PathLike,
    since: dt.date | None = None,
    encoding: str = "utf-8-sig",
    replace_unencodable: bool = False,
) -> ExportResult:
    """Write the office's approved case records, oldest approval first, to a CSV file.

    Args:
        store: the database.
        user: a supervisor or an administrator; the export covers their office.
        path: the CSV file to write; an existing file is replaced.
        since: only records approved on or after this date; None exports all.
        encoding: ``utf-8-sig`` (UTF-8 with BOM) or ``cp932``.
        replace_unencodable: for CP932, write 〓 for a character CP932 cannot
            encode and list it in the result. Without it such a character
            raises ``UnencodableCharacter`` naming the record and the character,
            and no file is written.
    """
    require_role(user, Role.SUPERVISOR, Role.ADMIN, action="承認済みケース記録の CSV 出力")
    if encoding not in ENCODINGS:
        raise SeihoError(
            f"文字コード「{encoding}」には対応していません。{' か '.join(ENCODINGS)} を指定してください。",
            f"unsupported export encoding {encoding!r}",
        )
    layout = load_export_layout()
    path = Path(path)

    # One short transaction copies the records to a Parquet snapshot, so the
    # store lock is free while the slow CSV writing runs. Reading the snapshot
    # back PAGE_ROWS at a time keeps memory flat. The CSV gets its name only
    # when complete, so an error leaves no partial file.
    partial = path.with_name(path.name + ".part")
    substitutions: list[Substitution] = []
    rows = 0
    try:
        with tempfile.TemporaryDirectory(prefix="seiho-export-") as folder:
            snapshot = Path(folder) / "approved.parquet"
            _snapshot(store, user, since, snapshot)
            case_numbers: set[str] = set()
            with open(partial, "w", encoding=encoding, newline="") as handle:
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerow([column.header for column in layout.columns])
                for records in _pages(snapshot):
                    lines = [[_text(record, column.field, layout) for column in layout.columns] for record in records]
                    if encoding == "cp932":
                        lines = _fit_cp932(lines, records, layout, replace_unencodable, substitutions)
                    writer.writerows(lines)
                    rows += len(records)
                    case_numbers.update(record["case_number"] for record in records)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)

    with store.connect() as connection:
        record_events(connection, user.user_id, "export_case_records", sorted(case_numbers), f"{rows} records to {path.name}")
    # The command line and the dashboard report substitutions to staff in Japanese, so this line is for engineers.
    if substitutions:
        log.info("export wrote %d characters as %s", len(substitutions), GETA)
    log.info("exported %d approved case records", rows)
    return ExportResult(path, encoding, rows, tuple(substitutions))


def _snapshot(store: Store, user: User, since: dt.date | None, snapshot: Path) -> None:
    """Copy the office's approved records, in export order, to a Parquet file."""
    target = snapshot.as_posix().replace("'", "''")
    with store.connect() as connection:
        connection.execute(f"COPY ({_EXPORT_SQL}) TO '{target}' (FORMAT parquet)", [APPROVED, user.office_code, since, since])


def _pages(snapshot: Path):
    """Yield the snapshot's records as lists of dicts, PAGE_ROWS at a time, in the order they were written."""
    # An in-memory connection of its own reads the file, outside the store's
    # lock. DuckDB 2.0 keeps a file's row order in a plain scan, because
    # preserve_insertion_order is on by default, so no second sort is needed.
    reader = duckdb.connect()
    try:
        cursor = reader.execute("SELECT * FROM read_parquet(?)", [snapshot.as_posix()])
        names = [column[0] for column in cursor.description]
        while page := cursor.fetchmany(PAGE_ROWS):
            yield [dict(zip(names, row)) for row in page]
    finally:
        reader.close()


# Records made before 0008 may lack approved_at, and they sort first. They
# also lack kind, which then comes from their visit, else その他.
_EXPORT_SQL = """
    SELECT coalesce(r.approved_at, TIMESTAMP '0001-01-01') AS sort_key, r.record_id, r.case_number, r.recorded_on,
           coalesce(r.kind, v.visit_kind, 'その他') AS kind, r.visit_id, r.title, r.body,
           r.caseworker_id AS author_id, author.name AS author_name,
           r.approved_by AS approver_id, approver.name AS approver_name, r.approved_at
    FROM case_records r
    JOIN households h ON h.case_number = r.case_number
    LEFT JOIN visits v ON v.visit_id = r.visit_id
    LEFT JOIN caseworkers author ON author.caseworker_id = r.caseworker_id
    LEFT JOIN caseworkers approver ON approver.caseworker_id = r.approved_by
    WHERE r.status = ? AND h.office_code = ? AND (?::DATE IS NULL OR r.approved_at::DATE >= ?::DATE)
    ORDER BY sort_key, r.record_id
"""


def _text(record: dict, field_name: str, layout: ExportLayout) -> str:
    if field_name == "kind_code":
        return layout.record_kinds.get(record["kind"], layout.record_kinds.get("その他", ""))
    value = record[field_name]
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime(layout.datetime_format)
    if isinstance(value, dt.date):
        return value.strftime(layout.date_format)
    return str(value)


def _fit_cp932(
    lines: list[list[str]],
    records: list[dict],
    layout: ExportLayout,
    replace: bool,
    substitutions: list[Substitution],
) -> list[list[str]]:
    """Return the lines with CP932 equivalents applied, and 〓 or an error for what CP932 cannot hold."""
    equivalents = str.maketrans(layout.cp932_equivalents)
    fitted = []
    for line, record in zip(lines, records):
        fitted_line = []
        for column, value in zip(layout.columns, line):
            value = value.translate(equivalents)
            if not _in_cp932(value):
                value = _replace_or_raise(value, record, column.header, replace, substitutions)
            fitted_line.append(value)
        fitted.append(fitted_line)
    return fitted


def _replace_or_raise(value: str, record: dict, header: str, replace: bool, substitutions: list[Substitution]) -> str:
    characters = []
    for character in value:
        if _in_cp932(character):
            characters.append(character)
            continue
        if not replace:
            raise UnencodableCharacter(
                f"記録 {record['record_id']}（ケース番号 {record['case_number']}、記録日 {record['recorded_on']}）の"
                f"「{header}」に CP932 で表せない文字「{character}」（U+{ord(character):04X}）があります。",
                f"record {record['record_id']} column {header} has U+{ord(character):04X} outside CP932",
            )
        substitutions.append(Substitution(record["record_id"], record["case_number"], header, character))
        characters.append(GETA)
    return "".join(characters)


def _in_cp932(character: str) -> bool:
    try:
        character.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True
