"""Write a database's households, members and the rest as CSV files in the import layout.

The files are what ``import_files`` reads, so exporting one database and
importing into another copies those tables. The round-trip tests and the
import benchmark rely on that.
"""

import csv
import datetime as dt
import logging
import os
from pathlib import Path

from seiho.errors import SeihoError
from seiho.ingest.layout import ColumnSpec, EntityLayout, Layout, load_layout
from seiho.ingest.wareki import to_wareki
from seiho.store import Store

log = logging.getLogger(__name__)

_FETCH_ROWS = 50_000


def write_layout_csvs(
    store: Store,
    folder: str | os.PathLike,
    encoding: str = "cp932",
    date_style: str = "iso",
    layout: Layout | None = None,
) -> list[Path]:
    """Write one CSV per entity into ``folder`` and return the paths, in dependency order.

    Args:
        store: the database to read.
        folder: where the files go; created if missing. Existing files of the same name are replaced.
        encoding: ``cp932`` like the standard system, or ``utf-8`` / ``utf-8-sig``.
        date_style: ``iso`` (2025-09-12) or ``wareki`` (令和7年9月12日).
        layout: the layout to use instead of ``data/import_layout/layout.yaml``.

    Raises:
        SeihoError: when a value has a character the encoding cannot write.
    """
    layout = layout or load_layout()
    if date_style not in ("iso", "wareki"):
        raise ValueError(f"date_style must be 'iso' or 'wareki', not {date_style!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)

    written = []
    with store.connect() as connection:
        for name in layout.dependency_order():
            entity = layout.entities[name]
            path = folder / _file_name(entity)
            count = _write_entity(connection, entity, path, encoding, date_style)
            log.info("exported %d %s rows to %s (%s)", count, entity.name, path.name, encoding)
            written.append(path)
    return written


def _write_entity(connection, entity: EntityLayout, path: Path, encoding: str, date_style: str) -> int:
    targets = ", ".join(f'"{column.target}"' for column in entity.columns)
    order = ", ".join(f'"{target}"' for target in entity.key)
    cursor = connection.execute(f"SELECT {targets} FROM main.{entity.table} ORDER BY {order}")
    formatters = [_labelled(column, _formatter(column.type, date_style)) for column in entity.columns]

    count = 0
    failure = None
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([column.name for column in entity.columns])
        while batch := cursor.fetchmany(_FETCH_ROWS):
            lines = [[format_value(value) for format_value, value in zip(formatters, row)] for row in batch]
            try:
                writer.writerows(lines)
            except UnicodeEncodeError:
                failure = _unencodable(entity, lines, encoding)
                break
            count += len(lines)

    # A half-written file would import as if it were complete, so it is removed.
    if failure is not None:
        path.unlink()
        raise failure
    return count


def _labelled(column: ColumnSpec, format_value):
    """Write a stored value by its Japanese label when the layout gives one."""
    if not column.labels:
        return format_value
    return lambda value: format_value(column.labels.get(value, value) if value is not None else None)


def _formatter(type_name: str, date_style: str):
    def plain(value) -> str:
        return "" if value is None else str(value)

    def date(value) -> str:
        if value is None:
            return ""
        return to_wareki(value) if date_style == "wareki" else value.isoformat()

    def month(value: dt.date | None) -> str:
        return "" if value is None else f"{value.year:04d}-{value.month:02d}"

    def boolean(value) -> str:
        return "" if value is None else ("1" if value else "0")

    def decimal(value) -> str:
        return "" if value is None else repr(float(value))

    return {"date": date, "year_month": month, "boolean": boolean, "decimal": decimal}.get(type_name, plain)


def _unencodable(entity: EntityLayout, lines: list[list[str]], encoding: str) -> SeihoError:
    for line in lines:
        for column, value in zip(entity.columns, line):
            try:
                value.encode(encoding)
            except UnicodeEncodeError as error:
                character = value[error.start]
                key = "・".join(line[[c.target for c in entity.columns].index(target)] for target in entity.key)
                return SeihoError(
                    f"{entity.label}（{key}）の{column.name}に、{encoding} で書けない文字「{character}」（U+{ord(character):04X}）があります。"
                    "encoding=\"utf-8\" で出力してください。",
                    f"{entity.name}: U+{ord(character):04X} in column {column.target} cannot be encoded as {encoding}",
                )
    return SeihoError(f"{entity.label}を {encoding} で書けませんでした。", f"{entity.name}: encoding {encoding} failed")


def _file_name(entity: EntityLayout) -> str:
    # The first pattern without a wildcard is the entity's plain file name (世帯.csv).
    return next(pattern for pattern in entity.file_names if "*" not in pattern)
