"""``seiho records``: export approved case records as CSV and list records waiting for approval.

The command acts as the user named by --user, with that user's role and scope.
"""

import argparse

from seiho.arguments import iso_date
from seiho.cli_parser import output_file
from seiho.access.users import acting_user
from seiho.errors import SeihoError
from seiho.records.export import ENCODINGS, GETA, UnencodableCharacter, export_approved_csv
from seiho.records.queries import pending_for_supervisor
from seiho.store import Store

# 〓 replacements printed one per line; the rest are counted.
SHOWN_SUBSTITUTIONS = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the actions export and pending."""
    parser.add_argument("--db", default=None, help="データベースファイル（省略時は環境変数 SEIHO_DB、なければ data/demo.duckdb）")
    parser.add_argument("--user", default=None, help="操作する利用者ID（役割と担当範囲で権限を確認し、監査ログに記録する）")
    actions = parser.add_subparsers(dest="action", required=True)

    export = actions.add_parser("export", help="承認済みのケース記録を標準システム取込用の CSV に書き出す")
    export.add_argument("--out", type=output_file, required=True, help="書き出す CSV ファイル（同名のファイルは置き換える）")
    export.add_argument("--since", type=iso_date, default=None, help="この日（YYYY-MM-DD）以降に承認された記録だけを出力する")
    export.add_argument("--encoding", choices=ENCODINGS, default="utf-8-sig", help="文字コード（utf-8-sig は BOM 付き UTF-8）")
    export.add_argument(
        "--replace-unencodable", action="store_true",
        help=f"cp932 で表せない文字を {GETA} に置き換えて出力し、置き換えた箇所を表示する（指定しないと出力を中止する）",
    )

    actions.add_parser("pending", help="事務所の承認待ちのケース記録を一覧する（査察指導員）")


def run(args: argparse.Namespace) -> int:
    """Run one action and print its result in Japanese."""
    store = Store(args.db, must_exist=True)
    user = acting_user(store, args.user)

    if args.action == "export":
        try:
            result = export_approved_csv(store, user, args.out, args.since, args.encoding, args.replace_unencodable)
        except UnencodableCharacter as error:
            raise SeihoError(
                f"{error.location}--encoding utf-8-sig（BOM付き UTF-8）で出力するか、"
                f"--replace-unencodable を付けて表せない文字を {GETA} に置き換えて出力してください。",
                error.detail,
            ) from error
        print(f"承認済みのケース記録 {result.rows} 件を {result.path}（{result.encoding}）に書き出しました。")
        for substitution in result.substitutions[:SHOWN_SUBSTITUTIONS]:
            print(
                f"注意: 記録 {substitution.record_id}（ケース番号 {substitution.case_number}）の「{substitution.header}」の"
                f"「{substitution.character}」（{substitution.code_point}）を {GETA} に置き換えました。"
            )
        hidden = len(result.substitutions) - SHOWN_SUBSTITUTIONS
        if hidden > 0:
            print(f"注意: ほかに {hidden} か所を {GETA} に置き換えました。")
        return 0

    records = pending_for_supervisor(store, user)
    if not records:
        print("承認待ちのケース記録はありません。")
        return 0
    print("記録ID\tケース番号\t記録日\t記録区分\t担当\t提出日時\t表題")
    for record in records:
        submitted = record.submitted_at.strftime("%Y-%m-%d %H:%M") if record.submitted_at else ""
        print(f"{record.record_id}\t{record.case_number}\t{record.recorded_on}\t{record.kind or ''}\t"
              f"{record.caseworker_id}\t{submitted}\t{record.title}")
    print(f"承認待ち {len(records)} 件")
    return 0
