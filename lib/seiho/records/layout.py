"""The CSV layout of approved case records and the 記録区分, read from data/records/export_layout.yaml."""

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from seiho.errors import ParameterError
from seiho.paths import data_dir

LAYOUT_FILE = Path("records") / "export_layout.yaml"

# The record fields a layout column may take its value from.
FIELDS = (
    "record_id",
    "case_number",
    "recorded_on",
    "kind",
    "kind_code",
    "visit_id",
    "title",
    "body",
    "author_id",
    "author_name",
    "approver_id",
    "approver_name",
    "approved_at",
)


@dataclass(frozen=True)
class ExportColumn:
    """One CSV column: its Japanese header and the record field it holds."""

    header: str
    field: str


@dataclass(frozen=True)
class ExportLayout:
    """The CSV columns in order, the 記録区分 with their codes, and the text forms of dates."""

    path: Path
    columns: tuple[ExportColumn, ...]
    record_kinds: dict[str, str]           # 記録区分 -> code in the standard system
    date_format: str
    datetime_format: str
    cp932_equivalents: dict[str, str]      # character -> the CP932 character written for it


@functools.cache
def load_export_layout(path: Path | None = None) -> ExportLayout:
    """Read and check the export layout.

    Raises ``ParameterError`` naming the file and the entry when a column has
    no header or an unknown field, a header repeats, or a 記録区分 has no code.
    """
    path = Path(path) if path is not None else data_dir() / LAYOUT_FILE
    if not path.exists():
        raise ParameterError(
            f"ケース記録の出力レイアウト {path} がありません。data/records/export_layout.yaml を用意してください。",
            f"export layout {path} not found",
        )
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    columns = []
    for number, entry in enumerate(content.get("columns") or [], start=1):
        header = (entry or {}).get("header")
        field = (entry or {}).get("field")
        if not header or field not in FIELDS:
            raise ParameterError(
                f"{path} の columns の {number} 番目（{header or '見出しなし'}）は header と field が必要で、"
                f"field は {'・'.join(FIELDS)} のどれかです（指定は {field!r}）。",
                f"{path}: column {number} has header {header!r} and field {field!r}",
            )
        if any(column.header == header for column in columns):
            raise ParameterError(
                f"{path} の columns に見出し「{header}」が2回あります。1つにしてください。",
                f"{path}: duplicate header {header!r}",
            )
        columns.append(ExportColumn(header, field))
    if not columns:
        raise ParameterError(f"{path} に columns がありません。出力する列を並べてください。", f"{path}: no columns")

    kinds = {}
    for kind, code in (content.get("record_kinds") or {}).items():
        if code is None or not str(code).strip():
            raise ParameterError(
                f"{path} の record_kinds の「{kind}」にコードがありません。標準システムの記録区分コードを書いてください。",
                f"{path}: record kind {kind!r} has no code",
            )
        kinds[str(kind)] = str(code)
    if not kinds:
        raise ParameterError(f"{path} に record_kinds がありません。記録区分とコードを並べてください。", f"{path}: no record kinds")

    return ExportLayout(
        path=path,
        columns=tuple(columns),
        record_kinds=kinds,
        date_format=content.get("date_format", "%Y-%m-%d"),
        datetime_format=content.get("datetime_format", "%Y-%m-%d %H:%M:%S"),
        cp932_equivalents={str(key): str(value) for key, value in (content.get("cp932_equivalents") or {}).items()},
    )
