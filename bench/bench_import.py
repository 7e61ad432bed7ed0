"""Rows per second of ``seiho.ingest.import_files`` on the 100,000-household export.

The source is a demo database built once by ``seiho demo --db PATH
--households N --seed 1`` (or any database given with --source-db). Its
households and the rest are written as CSV in the import layout, in CP932
like the standard system. When the data contains a character CP932 cannot
write, the files are written as UTF-8 instead and the output reports it.

Each run imports all files into a fresh copy of a database that has only the
office and its caseworkers, then imports them again with ``force`` (every row
unchanged) and once more without it (skipped by SHA-256). The figures are
medians over the runs.

Usage: python bench/bench_import.py [--households 100000] [--runs 3] [--source-db PATH]
"""

import argparse
import shutil
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_DATA, demo_database  # noqa: E402

from seiho.errors import SeihoError  # noqa: E402
from seiho.ingest import import_files, write_layout_csvs  # noqa: E402
from seiho.ingest.wareki import parse_date, parse_year_month  # noqa: E402
from seiho.store import Store  # noqa: E402


def export_source(source: Path, folder: Path) -> tuple[list[Path], str]:
    """Write the source database as layout CSVs; return the paths and the encoding used."""
    if folder.exists():
        shutil.rmtree(folder)
    try:
        return write_layout_csvs(Store(source), folder, encoding="cp932"), "cp932"
    except SeihoError as error:
        print(f"  CP932 cannot hold the data ({error.detail}); writing UTF-8 instead", flush=True)
        return write_layout_csvs(Store(source), folder, encoding="utf-8"), "utf-8"


def empty_database(path: Path) -> None:
    """Create ``path`` with the schema only; the export brings the office and its caseworkers too."""
    for leftover in (path, Path(str(path) + ".wal")):
        leftover.unlink(missing_ok=True)
    with Store(path).connect():
        pass


def one_run(base: Path, work: Path, paths: list[Path]) -> dict:
    """Import into a fresh copy of ``base``; return the timings of the three imports."""
    for leftover in (work, Path(str(work) + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.copy(base, work)
    store = Store(work)

    # Date parsing is cached; a run must not profit from the run before it.
    parse_date.cache_clear()
    parse_year_month.cache_clear()

    started = time.perf_counter()
    results = import_files(store, paths, user_id="bench")
    first = time.perf_counter() - started

    started = time.perf_counter()
    forced = import_files(store, paths, user_id="bench", force=True)
    again = time.perf_counter() - started

    started = time.perf_counter()
    import_files(store, paths, user_id="bench")
    skipped = time.perf_counter() - started

    return {
        "first": first,
        "forced": again,
        "skipped": skipped,
        "rows": sum(result.rows_read for result in results),
        "quarantined": sum(result.rows_quarantined for result in results),
        "unchanged": sum(result.rows_unchanged for result in forced),
        "per_entity": {result.entity_label: (result.rows_read, result.elapsed_seconds) for result in results},
        "reasons": [(result.file_name, count) for result in results for count in result.reason_counts(1)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000, help="households in the demo database (default 100000)")
    parser.add_argument("--runs", type=int, default=3, help="import runs; medians are reported (default 3)")
    parser.add_argument("--source-db", type=Path, help="use this database instead of building a demo database")
    args = parser.parse_args()

    source = args.source_db or demo_database(args.households)
    work_folder = BENCH_DATA / f"import-{args.households}"
    work_folder.mkdir(parents=True, exist_ok=True)

    print(f"seiho import, source {source.name}", flush=True)
    paths, encoding = export_source(source, work_folder / "csv")
    size_mb = sum(path.stat().st_size for path in paths) / 2**20
    base = work_folder / "office-only.duckdb"
    empty_database(base)

    runs = [one_run(base, work_folder / "run.duckdb", paths) for _ in range(args.runs)]
    rows = runs[0]["rows"]
    first = statistics.median(run["first"] for run in runs)
    forced = statistics.median(run["forced"] for run in runs)
    skipped = statistics.median(run["skipped"] for run in runs)

    print(f"  {len(paths)} files, {rows:,} rows, {size_mb:,.1f} MiB, {encoding}; {args.runs} runs, medians")
    print(f"  first import:       {first:6.1f} s  {rows / first:9,.0f} rows/s  ({runs[0]['quarantined']:,} rows quarantined)")
    print(f"  forced re-import:   {forced:6.1f} s  {rows / forced:9,.0f} rows/s  ({runs[0]['unchanged']:,} rows unchanged)")
    print(f"  identical re-import:{skipped:6.1f} s  (skipped by SHA-256)")

    per_entity = defaultdict(list)
    for run in runs:
        for label, (count, seconds) in run["per_entity"].items():
            per_entity[label].append((count, seconds))
    print("  per entity (first import, read + convert + load):")
    for label, samples in per_entity.items():
        count = samples[0][0]
        seconds = statistics.median(sample[1] for sample in samples)
        rate = count / seconds if seconds else float("inf")
        print(f"    {count:9,} rows {seconds:6.2f} s {rate:9,.0f} rows/s  {label}")

    if runs[0]["reasons"]:
        print("  quarantine reasons (first run, most frequent per file):")
        for file_name, count in runs[0]["reasons"]:
            print(f"    {file_name}: {count.column_name} / {count.category}: {count.count:,}")

    for leftover in (work_folder / "run.duckdb", work_folder / "run.duckdb.wal", work_folder / "run.duckdb.lock"):
        leftover.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
