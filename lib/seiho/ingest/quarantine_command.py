"""``seiho quarantine``: list the rows the import rejected, with reasons, or write them to CSV."""

import argparse
import sys

from seiho.access.users import acting_user
from seiho.ingest.review import quarantined_rows, write_quarantine_csv
from seiho.store import Store, default_db_path

# How many rows the terminal list shows before pointing to --csv.
TERMINAL_ROWS = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``quarantine`` options to ``parser``."""
    parser.add_argument("--db", default=None, help="データベースファイル（省略時は環境変数 SEIHO_DB、なければ data/demo.duckdb）")
    parser.add_argument("--user", default=None, help="操作する利用者ID（査察指導員または管理者）")
    parser.add_argument("--file", default=None, help="このファイル名の取込だけを表示する")
    parser.add_argument("--all", action="store_true", help="同じファイルの過去の取込で保留にした行も表示する")
    parser.add_argument("--csv", default=None, metavar="OUT", help="一覧を CSV（UTF-8 BOM 付き）に書き出す")


def run(args: argparse.Namespace) -> int:
    """Print the quarantine list, or write it to CSV; return 0."""
    store = Store(args.db if args.db else default_db_path(), must_exist=True)
    user = acting_user(store, args.user)
    rows = quarantined_rows(store, user, file_name=args.file, latest_only=not args.all)

    if rows.empty:
        print("取込保留の行はありません。")
        return 0

    if args.csv:
        path = write_quarantine_csv(rows, args.csv)
        print(f"取込保留 {len(rows):,} 件を {path} に書き出しました。")
        return 0

    for row in rows.head(TERMINAL_ROWS).itertuples(index=False):
        column = f"「{row.column_name}」" if row.column_name else ""
        print(f"{row.file_name} {row.line_number}行目 {column}: {row.reason}")
    if len(rows) > TERMINAL_ROWS:
        print(f"ほか {len(rows) - TERMINAL_ROWS:,} 件。すべて見るには --csv で書き出してください。", file=sys.stdout)
    print(f"取込保留 {len(rows):,} 件")
    return 0
