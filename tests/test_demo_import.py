"""The demo office exported in the import layout imports back without quarantine.

This ties ``seiho demo`` to ``seiho import``: every identifier the demo makes
(受給者番号, 公費負担者番号, 医療機関コード) must pass the import's checks.
"""

import datetime as dt

import pytest

from seiho.ingest import import_files, write_layout_csvs
from seiho.store import Store
from seiho.synth.build import build_demo

TABLES = ["households", "members", "incomes", "other_programs", "medical_aid", "care_aid", "support_plans", "vouchers"]


@pytest.fixture(scope="module")
def demo_and_import(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo_import")
    source = folder / "demo.duckdb"
    build_demo(source, households=400, seed=7, as_of=dt.date(2026, 12, 1), progress=False)

    exported = folder / "csv"
    exported.mkdir()
    write_layout_csvs(Store(source), exported, encoding="utf-8")

    target = Store(folder / "target.duckdb")
    with target.connect() as con:
        con.execute(f"ATTACH '{source}' AS source (READ_ONLY)")
        con.execute("INSERT INTO offices SELECT * FROM source.offices")
        con.execute("INSERT INTO caseworkers SELECT * FROM source.caseworkers")
        con.execute("DETACH source")
    results = import_files(target, sorted(exported.glob("*.csv")), "test")
    return Store(source), target, results


def test_demo_export_imports_without_quarantine(demo_and_import):
    _, _, results = demo_and_import
    quarantined = {result.file_name: result.rows_quarantined for result in results if result.rows_quarantined}
    assert quarantined == {}


@pytest.mark.parametrize("table", TABLES)
def test_demo_export_row_counts_match(demo_and_import, table):
    source, target, _ = demo_and_import
    with source.connect() as con:
        expected = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    with target.connect() as con:
        imported = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert imported == expected
