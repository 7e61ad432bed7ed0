"""The store: migrations and many processes saving at once."""

import multiprocessing

import duckdb
import pytest

from seiho.errors import StoreError
from seiho.store import Store, current_version, migrate
from seiho.store.migrate import available_migrations

WRITERS = 8
RECORDS_PER_WRITER = 200


def test_migration_sets_latest_version(tmp_path):
    store = Store(tmp_path / "new.duckdb")
    with store.connect() as con:
        version = current_version(con)
    assert version == available_migrations()[-1][0]


def test_migration_twice_changes_nothing(tmp_path):
    store = Store(tmp_path / "new.duckdb")
    with store.connect() as con:
        before = con.execute("SELECT count(*) FROM schema_version").fetchone()[0]
    con = duckdb.connect(str(tmp_path / "new.duckdb"))
    migrate(con)
    after = con.execute("SELECT count(*) FROM schema_version").fetchone()[0]
    con.close()
    assert after == before


def test_schema_has_every_domain_table(tmp_path):
    store = Store(tmp_path / "new.duckdb")
    with store.connect() as con:
        tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    expected = {
        "offices", "caseworkers", "households", "members", "support_plans", "incomes", "other_programs",
        "medical_aid", "care_aid", "visits", "case_records", "receivables", "vouchers", "recording_consents",
        "audit_log", "import_quarantine", "import_runs", "users", "schema_version",
    }
    assert expected <= tables


def test_newer_database_schema_is_refused(tmp_path):
    path = tmp_path / "future.duckdb"
    with Store(path).connect() as con:
        con.execute("INSERT INTO schema_version (version, name) VALUES (9999, 'future')")
    with pytest.raises(StoreError) as raised:
        with Store(path).connect():
            pass
    assert "ワークベンチを更新" in raised.value.message_ja


def test_missing_folder_names_the_folder(tmp_path):
    with pytest.raises(StoreError) as raised:
        with Store(tmp_path / "no-such-folder" / "x.duckdb").connect():
            pass
    assert "no-such-folder" in raised.value.message_ja


def test_failed_block_rolls_back(small_office):
    with pytest.raises(RuntimeError):
        with small_office.connect() as con:
            con.execute("DELETE FROM case_records")
            raise RuntimeError("stop")
    with small_office.connect() as con:
        assert con.execute("SELECT count(*) FROM case_records").fetchone()[0] == 1


def _write_records(path: str, writer: int, queue) -> None:
    """Save RECORDS_PER_WRITER case records one transaction at a time; report errors."""
    store = Store(path)
    errors = []
    for number in range(RECORDS_PER_WRITER):
        try:
            with store.connect() as con:
                con.execute(
                    "INSERT INTO case_records (record_id, case_number, caseworker_id, recorded_on, title, body, status)"
                    " VALUES (?, '00000001', 'C01', DATE '2026-12-01', '同時保存', '同時に保存した記録', '下書き')",
                    [f"W{writer}-{number}"],
                )
        except Exception as error:  # collected so the test can name every failure
            errors.append(f"{type(error).__name__}: {error}")
    queue.put((writer, errors))


def test_eight_processes_save_all_records(small_office):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [
        context.Process(target=_write_records, args=(str(small_office.path), writer, queue)) for writer in range(WRITERS)
    ]
    for process in processes:
        process.start()
    results = dict(queue.get(timeout=600) for _ in processes)
    for process in processes:
        process.join(timeout=60)

    errors = [error for writer_errors in results.values() for error in writer_errors]
    assert errors == []
    with small_office.connect() as con:
        saved = con.execute("SELECT count(*) FROM case_records WHERE title = '同時保存'").fetchone()[0]
    assert saved == WRITERS * RECORDS_PER_WRITER


def test_record_events_one_row_per_household(small_office):
    from seiho.store.audit import record_events

    with small_office.connect() as con:
        record_events(con, "sv1", "view_list", ["00000001", "00000002", "00000003"], "test")
        rows = con.execute(
            "SELECT case_number, detail FROM audit_log WHERE action = 'view_list' ORDER BY case_number"
        ).fetchall()
    assert rows == [("00000001", "test"), ("00000002", "test"), ("00000003", "test")]
