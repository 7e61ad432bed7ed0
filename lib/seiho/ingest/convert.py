"""Check and convert every field of a file's rows, column by column.

Working a column at a time keeps the per-row Python work to one converter
call per field. A row with any rejected field is left out of the result and
each of its problems becomes an ``Issue`` for the quarantine.
"""

import datetime as dt
from dataclasses import dataclass

from seiho.ingest.fields import build_converter
from seiho.ingest.layout import EntityLayout, HeaderMatch, Layout
from seiho.ingest.problems import CATEGORY_DATE_ORDER, CATEGORY_FIELD_COUNT, FieldError, Issue
from seiho.ingest.reader import CsvRows
from seiho.text import name_key


@dataclass
class ConvertedRows:
    """The accepted rows as stored text per target column, and the problems found."""

    columns: dict[str, list[str | None]]
    row_indexes: list[int]
    issues: list[Issue]
    rejected_keys: dict[tuple[str, ...], int]

    def __len__(self) -> int:
        return len(self.row_indexes)


def convert_rows(match: HeaderMatch, csv_rows: CsvRows, layout: Layout, today: dt.date) -> ConvertedRows:
    """Convert the rows of a recognised file; rows with problems are reported, not returned."""
    entity = match.entity
    rows, lines = csv_rows.rows, csv_rows.line_numbers
    header_width = len(csv_rows.header)
    issues: list[Issue] = []
    rejected = bytearray(len(rows))

    for index, fields in enumerate(rows):
        if len(fields) != header_width:
            rejected[index] = 1
            issues.append(
                Issue(
                    row_index=index,
                    line_number=lines[index],
                    column_name=None,
                    value=None,
                    category=CATEGORY_FIELD_COUNT,
                    reason=f"この行は{len(fields)}列ですが、見出し行は{header_width}列です。項目の中のカンマや改行が \" で囲まれているか確かめてください。",
                )
            )

    well_formed = not any(rejected)
    converted: dict[str, list[str | None]] = {}
    for column in _in_dependency_order(entity):
        position = match.positions.get(column.target)
        if position is None:
            texts = [""] * len(rows)
        else:
            texts = [fields[position] if len(fields) == header_width else "" for fields in rows]

        converters = [build_converter(column, layout, today)] * len(rows)
        if column.type_when is not None:
            other = build_converter(column, layout, today, column.type_when.type)
            deciding = converted[column.type_when.column]
            converters = [other if value == column.type_when.equals else converters[0] for value in deciding]

        values = None
        if well_formed and column.type_when is None:
            values = _convert_all_or_none(converters[0], texts)
        if values is None:
            values = _convert_each(column.name, converters, texts, rows, header_width, lines, rejected, issues)
        converted[column.target] = values

    _check_date_order(entity, converted, rejected, lines, issues)
    _add_derived(entity, converted)

    accepted = [index for index in range(len(rows)) if not rejected[index]]
    columns = {target: [values[index] for index in accepted] for target, values in converted.items()}
    issues.sort(key=lambda issue: (issue.line_number, issue.column_name or ""))
    return ConvertedRows(
        columns=columns,
        row_indexes=accepted,
        issues=issues,
        rejected_keys=_rejected_keys(entity, converted, rejected, lines),
    )


def raw_row(header: list[str], fields: list[str]) -> dict[str, str]:
    """Return a row as header -> field text, naming fields beyond the header by position."""
    row = {name: value for name, value in zip(header, fields)}
    for extra, value in enumerate(fields[len(header):], start=1):
        row[f"（見出しのない列 {len(header) + extra}）"] = value
    return row


def household_name_key(name: str | None, kana: str | None) -> str | None:
    """Return the ``name_key`` stored beside a name: the name's key and the kana's key, space-separated."""
    keys = [key for key in (name_key(name), name_key(kana)) if key]
    return " ".join(keys) or None


def _convert_all_or_none(convert, texts: list[str]) -> list[str | None] | None:
    # Most columns have no bad value, so map runs them at C speed. The first
    # rejection sends the column to the slower loop that records each problem.
    try:
        return list(map(convert, texts))
    except FieldError:
        return None


def _convert_each(column_name, converters, texts, rows, header_width, lines, rejected, issues) -> list[str | None]:
    values: list[str | None] = [None] * len(texts)
    for index, text in enumerate(texts):
        if len(rows[index]) != header_width:
            continue
        try:
            values[index] = converters[index](text)
        except FieldError as error:
            rejected[index] = 1
            issues.append(Issue(index, lines[index], column_name, text, error.category, error.reason))
    return values


def _rejected_keys(entity, converted, rejected, lines) -> dict[tuple[str, ...], int]:
    # Keys of rejected rows whose key fields were readable. A later file that
    # refers to one of them names the file and line that was held back.
    key_columns = [converted[target] for target in entity.key]
    found = {}
    for index in range(len(rejected)):
        if rejected[index]:
            key = tuple(values[index] for values in key_columns)
            if all(part is not None for part in key):
                found[key] = lines[index]
    return found


def _in_dependency_order(entity: EntityLayout):
    # A column whose type depends on another column is converted after it.
    plain = [column for column in entity.columns if column.type_when is None]
    dependent = [column for column in entity.columns if column.type_when is not None]
    return plain + dependent


def _check_date_order(entity, converted, rejected, lines, issues) -> None:
    for check in entity.date_order_checks:
        starts, ends = converted[check.start], converted[check.end]
        start_name, end_name = entity.column(check.start).name, entity.column(check.end).name
        for index, (start, end) in enumerate(zip(starts, ends)):
            # ISO dates compare correctly as text.
            if start is not None and end is not None and end < start and not rejected[index]:
                rejected[index] = 1
                issues.append(
                    Issue(
                        row_index=index,
                        line_number=lines[index],
                        column_name=end_name,
                        value=end,
                        category=CATEGORY_DATE_ORDER,
                        reason=f"{end_name}（{end}）が{start_name}（{start}）より前です。どちらかの日付を原本で確かめてください。",
                    )
                )


def _add_derived(entity: EntityLayout, converted: dict[str, list[str | None]]) -> None:
    for target, rule in entity.derived.items():
        if rule["rule"] != "name_key":
            raise ValueError(f"layout derived column {target} has unknown rule {rule['rule']}")
        name_column, kana_column = rule["from"]
        converted[target] = [household_name_key(name, kana) for name, kana in zip(converted[name_column], converted[kana_column])]
