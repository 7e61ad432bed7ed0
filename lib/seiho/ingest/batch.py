"""Import a batch of export files: read them all, then import each in dependency order.

Every file is read and its layout recognised before anything is written, so
an unreadable file or an unknown layout stops the whole batch with nothing
imported. Files are then imported households first, members next, and the rest
after, whatever order they were given in; each file is one transaction.
"""

import datetime as dt
import json
import logging
import os
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from seiho.errors import ImportFileError
from seiho.ingest.convert import ConvertedRows, convert_rows
from seiho.ingest.encoding import DecodedFile, read_export_file
from seiho.ingest.layout import HeaderMatch, Layout, load_layout
from seiho.ingest.loader import (
    BatchRejections,
    apply_changes,
    drop_staged_rows,
    drop_temporary_tables,
    find_duplicate_keys,
    find_missing_references,
    find_previous_run,
    now,
    record_run,
    stage_rows,
)
from seiho.ingest.quarantine import forget_earlier_quarantine, store_quarantine
from seiho.ingest.reader import CsvRows, split_rows
from seiho.ingest.results import STATUS_IMPORTED, STATUS_SKIPPED, ImportResult, PreviousRun
from seiho.store import Store, record_event

log = logging.getLogger(__name__)


@dataclass
class PreparedFile:
    """A file read, decoded, split into rows and recognised, not yet imported."""

    decoded: DecodedFile
    csv_rows: CsvRows
    match: HeaderMatch
    read_seconds: float


def prepare_files(paths: Iterable[str | os.PathLike], layout: Layout) -> tuple[list[PreparedFile], list[ImportFileError]]:
    """Read and recognise every file; return the prepared files and the errors of those that failed."""
    prepared, errors = [], []
    for path in paths:
        try:
            prepared.append(prepare_file(Path(path), layout))
        except ImportFileError as error:
            log.warning("cannot import: %s", error.detail)
            errors.append(error)
    return prepared, errors


def prepare_file(path: Path, layout: Layout) -> PreparedFile:
    """Read, decode and split one file and recognise its entity from the header row."""
    started = time.perf_counter()
    decoded = read_export_file(path)
    csv_rows = split_rows(decoded.text, path.name)
    match = layout.detect(csv_rows.header, path.name)
    if not match.entity.matches_file_name(path.name):
        log.info("%s: header is %s although the file name fits no %s pattern", path.name, match.entity.name, match.entity.name)
    return PreparedFile(decoded=decoded, csv_rows=csv_rows, match=match, read_seconds=time.perf_counter() - started)


def import_files(
    store: Store,
    paths: Iterable[str | os.PathLike],
    user_id: str = "system",
    force: bool = False,
    today: dt.date | None = None,
    layout: Layout | None = None,
) -> list[ImportResult]:
    """Import export files into ``store`` and return one result per file, in import order.

    Args:
        store: the database to import into.
        paths: the CSV files, in any order.
        user_id: who is importing, for ``import_runs`` and the audit log.
        force: import a file again even if a file with the same SHA-256 was
            imported before (its earlier quarantine rows are replaced).
        today: the day that birth dates may not be after; the current date by default.
        layout: the layout to use instead of ``data/import_layout/layout.yaml``.

    Raises:
        ImportFileError: when any file cannot be read or its layout is not
            known; then no file is imported, and the message lists every such file.
    """
    layout = layout or load_layout()
    today = today or dt.date.today()
    prepared, errors = prepare_files(paths, layout)
    if errors:
        raise ImportFileError(
            "\n".join(error.message_ja for error in errors),
            "; ".join(error.detail for error in errors),
        )

    order = {name: position for position, name in enumerate(layout.dependency_order())}
    prepared.sort(key=lambda file: order[file.match.entity.name])

    batch_rejections: BatchRejections = {}
    results = []
    for file in prepared:
        started = time.perf_counter()
        result = import_prepared(store, file, layout, user_id, force, today, batch_rejections)
        result.elapsed_seconds = file.read_seconds + time.perf_counter() - started
        results.append(result)
    return results


def import_prepared(
    store: Store,
    file: PreparedFile,
    layout: Layout,
    user_id: str,
    force: bool,
    today: dt.date,
    batch_rejections: BatchRejections,
) -> ImportResult:
    """Import one prepared file in one transaction; add its held-back keys to ``batch_rejections``."""
    entity = file.match.entity
    name = file.decoded.path.name
    result = ImportResult(
        path=file.decoded.path,
        entity=entity.name,
        entity_label=entity.label,
        encoding=file.decoded.encoding,
        encoding_label=file.decoded.encoding_label,
        sha256=file.decoded.sha256,
        status=STATUS_IMPORTED,
        rows_read=len(file.csv_rows.rows),
        blank_rows=file.csv_rows.blank_rows,
        absent_columns=tuple(column.name for column in entity.columns if column.target not in file.match.positions),
    )
    log.info("import of %s (%s, %d rows) started", name, entity.name, result.rows_read)

    # A cheap look before the conversion, so an identical re-import of a large file returns at once.
    if not force:
        with store.connect() as connection:
            previous = find_previous_run(connection, result.sha256)
        if previous is not None:
            return _skip(store, result, previous, user_id)

    started_clock = time.perf_counter()
    converted = convert_rows(file.match, file.csv_rows, layout, today)
    log.info("%s: converted in %.1f s, %d rows accepted, %d problems", name, time.perf_counter() - started_clock, len(converted), len(converted.issues))

    started_at = now()
    with store.connect() as connection:
        previous = find_previous_run(connection, result.sha256)
        if previous is not None and not force:
            return _skip(store, result, previous, user_id)

        run_id = str(uuid.uuid4())
        result.import_run_id = run_id
        issues = list(converted.issues)

        stored_columns = stage_rows(connection, entity, converted, file.csv_rows.line_numbers)
        duplicates = find_duplicate_keys(connection, entity)
        drop_staged_rows(connection, {issue.row_index for issue in duplicates})
        missing = find_missing_references(connection, entity, batch_rejections)
        drop_staged_rows(connection, {issue.row_index for issue in missing})
        issues.extend(duplicates)
        issues.extend(missing)
        issues.sort(key=lambda issue: (issue.line_number, issue.column_name or ""))

        if force:
            forgotten = forget_earlier_quarantine(connection, result.sha256)
            log.info("%s: forced re-import replaces %d earlier quarantine rows", name, forgotten)
        store_quarantine(connection, run_id, name, issues, file.csv_rows.header, file.csv_rows.rows)

        inserted, updated, unchanged = apply_changes(connection, entity, stored_columns, user_id, run_id)
        result.rows_inserted, result.rows_updated, result.rows_unchanged = inserted, updated, unchanged
        result.rows_quarantined = len({issue.row_index for issue in issues})
        result.issues = issues

        record_run(
            connection,
            {
                "import_run_id": run_id,
                "file_name": name,
                "file_sha256": result.sha256,
                "entity": entity.name,
                "encoding": result.encoding,
                "rows_total": result.rows_read,
                "rows_imported": result.rows_imported,
                "rows_quarantined": result.rows_quarantined,
                "started_at": started_at,
                "finished_at": now(),
                "imported_by": user_id,
            },
        )
        record_event(connection, user_id, "import", None, json.dumps(_audit_detail(result), ensure_ascii=False))
        drop_temporary_tables(connection)

    _remember_rejections(batch_rejections, entity.table, entity.key, converted, issues, name, file.csv_rows.line_numbers)
    log.info(
        "import of %s finished: %d inserted, %d updated, %d unchanged, %d quarantined (run %s)",
        name, inserted, updated, unchanged, result.rows_quarantined, run_id,
    )
    return result


def _skip(store: Store, result: ImportResult, previous: PreviousRun, user_id: str) -> ImportResult:
    result.status = STATUS_SKIPPED
    result.previous_run = previous
    with store.connect() as connection:
        detail = {"file": result.file_name, "entity": result.entity, "same_as_run": previous.import_run_id}
        record_event(connection, user_id, "import_skipped", None, json.dumps(detail, ensure_ascii=False))
    log.info("import of %s skipped: same SHA-256 as run %s", result.file_name, previous.import_run_id)
    return result


def _audit_detail(result: ImportResult) -> dict:
    return {
        "file": result.file_name,
        "entity": result.entity,
        "import_run_id": result.import_run_id,
        "sha256": result.sha256,
        "rows_read": result.rows_read,
        "inserted": result.rows_inserted,
        "updated": result.rows_updated,
        "unchanged": result.rows_unchanged,
        "quarantined": result.rows_quarantined,
    }


def _remember_rejections(
    batch_rejections: BatchRejections,
    table: str,
    key: tuple[str, ...],
    converted: ConvertedRows,
    issues: list,
    file_name: str,
    line_numbers: list[int],
) -> None:
    remembered = batch_rejections.setdefault(table, {})
    for key_values, line in converted.rejected_keys.items():
        remembered[key_values] = (file_name, line)

    # Rows dropped in SQL (duplicate keys, missing references) had readable keys.
    dropped = {issue.row_index for issue in issues}
    position = {row_index: offset for offset, row_index in enumerate(converted.row_indexes)}
    for row_index in dropped:
        offset = position.get(row_index)
        if offset is None:
            continue
        key_values = tuple(converted.columns[target][offset] for target in key)
        remembered[key_values] = (file_name, line_numbers[row_index])
