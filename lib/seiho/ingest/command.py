"""``seiho import``: import export files and print a Japanese summary.

Exit status 0 means every row was imported. Status 1 means some row is in
the quarantine, also when a file repeats an earlier import whose rows were
quarantined. Status 2 means a file cannot be read or its layout is unknown,
and then no file is imported.
"""

import argparse
import logging
import sys
from typing import TextIO

from seiho.cli_parser import JapaneseArgumentParser
from seiho.errors import ImportFileError
from seiho.ingest.batch import import_files
from seiho.ingest.results import STATUS_SKIPPED, ImportResult
from seiho.store import Store, default_db_path

log = logging.getLogger(__name__)

EXIT_CLEAN = 0
EXIT_QUARANTINED = 1
EXIT_FILE_ERROR = 2

# How many line numbers the summary lists for each kind of problem.
EXAMPLE_LINES = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``import`` options to ``parser``."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="取り込む CSV ファイル（順不同。世帯→世帯員→その他の順に取り込む）")
    parser.add_argument("--db", default=None, help="データベースファイル（省略時は環境変数 SEIHO_DB、なければ data/demo.duckdb）")
    parser.add_argument("--user", default="system", help="監査ログに記録する取込担当者の利用者ID（省略時 system）")
    parser.add_argument(
        "--force",
        action="store_true",
        help="同じ内容（SHA-256 が同じ）のファイルを取込済みでも、もう一度取り込む",
    )


def run(args: argparse.Namespace) -> int:
    """Import the files named in ``args`` and return the exit status."""
    store = Store(args.db if args.db else default_db_path(), must_exist=True)
    try:
        results = import_files(store, args.files, user_id=args.user, force=args.force)
    except ImportFileError as error:
        log.debug("import stopped: %s", error.detail)
        print(f"エラー: {error.message_ja}", file=sys.stderr)
        print("問題のあるファイルがあるため、どのファイルも取り込んでいません。", file=sys.stderr)
        return EXIT_FILE_ERROR

    print_summary(results, sys.stdout)
    return EXIT_QUARANTINED if any(result.has_quarantine for result in results) else EXIT_CLEAN


def print_summary(results: list[ImportResult], out: TextIO) -> None:
    """Write the Japanese summary of ``results`` to ``out``."""
    print("取込結果", file=out)
    for result in results:
        print(f"■ {result.file_name}（{result.entity_label}）", file=out)
        print(f"  文字コード: {result.encoding_label}", file=out)
        if result.status == STATUS_SKIPPED:
            _print_skipped(result, out)
            continue
        _print_imported(result, out)

    imported = sum(result.rows_imported for result in results)
    quarantined = sum(result.rows_quarantined for result in results)
    print(f"合計: {len(results)} ファイル、取込 {imported:,} 行、保留 {quarantined:,} 行", file=out)
    if any(result.has_quarantine for result in results):
        print("保留にした行は取込保留の一覧（import_quarantine）に理由と元の行が残っています。直して出力し直したファイルを取り込んでください。", file=out)


def _print_imported(result: ImportResult, out: TextIO) -> None:
    blank = f"（空行 {result.blank_rows:,} 行は読み飛ばし）" if result.blank_rows else ""
    print(f"  読み込んだ行: {result.rows_read:,} 行{blank}", file=out)
    print(
        f"  取り込んだ行: {result.rows_imported:,} 行（新規 {result.rows_inserted:,}、更新 {result.rows_updated:,}、変更なし {result.rows_unchanged:,}）",
        file=out,
    )
    print(f"  保留にした行: {result.rows_quarantined:,} 行", file=out)
    if result.absent_columns:
        print(f"  ファイルにない列（空欄として取り込み）: {'、'.join(result.absent_columns)}", file=out)
    if not result.issues:
        return

    print("  保留の理由:", file=out)
    for count in result.reason_counts(EXAMPLE_LINES):
        lines = "、".join(str(line) for line in count.line_numbers)
        more = " ほか" if count.count > len(count.line_numbers) else ""
        column = f"{count.column_name}／" if count.column_name else ""
        print(f"    - {column}{count.category}: {count.count:,} 件（{lines} 行目{more}）", file=out)
        print(f"      例: {count.example_reason}", file=out)


def _print_skipped(result: ImportResult, out: TextIO) -> None:
    previous = result.previous_run
    when = previous.started_at.strftime("%Y-%m-%d %H:%M")
    print(
        f"  同じ内容のファイル（{previous.file_name}）を {when} に取込済みのため、取り込みませんでした"
        f"（前回: 取込 {previous.rows_imported:,} 行、保留 {previous.rows_quarantined:,} 行）。",
        file=out,
    )
    if previous.rows_quarantined:
        print("  前回保留にした行は取込保留の一覧に残っています。直したファイルを取り込むか、--force でもう一度取り込んでください。", file=out)


def main(argv: list[str] | None = None) -> int:
    """Run the import on its own, as ``python -m seiho.ingest.command``."""
    parser = JapaneseArgumentParser(prog="seiho import", description="標準システムの CSV 出力を取り込む")
    add_arguments(parser)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
