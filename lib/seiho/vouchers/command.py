"""``seiho vouchers``: print 連名簿 and 単票, import institutions, export the month's CSV, list duplicates and opinions.

The command acts as the user named by --user, with that user's role and
scope, like ``seiho receivables``.
"""

import argparse
import datetime as dt
from pathlib import Path

from seiho.arguments import iso_date, year_month
from seiho.access.users import acting_user
from seiho.store import Store
from seiho.vouchers.duplicates import find_duplicate_prescriptions
from seiho.vouchers.export import export_month
from seiho.vouchers.institutions import import_institutions
from seiho.vouchers.opinions import opinion_status, record_opinion_returned, record_opinion_sent
from seiho.vouchers.printing import print_rosters, print_sheets


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the actions roster, sheets, institutions, export, duplicates, opinions, opinion-sent and opinion-returned."""
    parser.add_argument("--db", default=None, help="データベースファイル（省略時は環境変数 SEIHO_DB、なければ data/demo.duckdb）")
    parser.add_argument("--user", default=None, help="操作する利用者ID（役割と担当範囲で権限を確認し、監査ログに記録する）")
    actions = parser.add_subparsers(dest="action", required=True)

    roster = actions.add_parser("roster", help="診療年月の連名簿 PDF（医療機関ごと）を作る")
    roster.add_argument("--month", type=year_month, required=True, help="診療年月（YYYY-MM）")
    roster.add_argument("--institution", default=None, help="医療機関コード（省略時は全機関）")
    roster.add_argument("--out", type=Path, required=True, help="書き出す PDF ファイル")

    sheets = actions.add_parser("sheets", help="診療年月の単票 PDF（1枚1ページ）を作る")
    sheets.add_argument("--month", type=year_month, required=True, help="診療年月（YYYY-MM）")
    sheets.add_argument("--issue-number", action="append", default=None, help="交付番号（繰り返し指定可。省略時は全件）")
    sheets.add_argument("--out", type=Path, required=True, help="書き出す PDF ファイル")

    institutions = actions.add_parser("institutions", help="保険医療機関の一覧（CSV または ZIP）を取り込む")
    institutions.add_argument("file", type=Path, help="一覧ファイル（例 data/iryokikan/202508_all_med_inst_cd.zip）")

    export = actions.add_parser("export", help="診療年月の医療券・調剤券を資格確認登録用の CSV に書き出す")
    export.add_argument("--month", type=year_month, required=True, help="診療年月（YYYY-MM）")
    export.add_argument("--encoding", choices=("utf-8", "cp932"), default="utf-8", help="文字コード")
    export.add_argument("--out", type=Path, required=True, help="書き出す CSV ファイル")

    duplicates = actions.add_parser("duplicates", help="調剤記録の CSV から重複投薬の候補を一覧する")
    duplicates.add_argument("file", type=Path, help="調剤記録 CSV（レイアウトは data/vouchers/dispensing_records_layout.md）")
    duplicates.add_argument("--encoding", choices=("utf-8", "cp932"), default="utf-8", help="文字コード")

    opinions = actions.add_parser("opinions", help="期限切れ・期限間近・返送待ちの医療要否意見書を一覧する")
    opinions.add_argument("--on", type=iso_date, default=dt.date.today(), help="基準日（YYYY-MM-DD、省略時は今日）")

    sent = actions.add_parser("opinion-sent", help="医療要否意見書を医療機関へ送付したことを記録する")
    sent.add_argument("aid_id", help="医療扶助の決定ID（medical_aid の aid_id）")
    sent.add_argument("--on", type=iso_date, required=True, help="送付日（YYYY-MM-DD）")
    sent.add_argument("--reply-by", type=iso_date, required=True, help="返送期限（YYYY-MM-DD）")

    returned = actions.add_parser("opinion-returned", help="医療要否意見書の返送と、その有効期限を記録する")
    returned.add_argument("opinion_id", help="送付の記録で表示された意見書ID")
    returned.add_argument("--on", type=iso_date, required=True, help="返送日（YYYY-MM-DD）")
    returned.add_argument("--valid-to", type=iso_date, required=True, help="意見書が示す医療の要否の有効期限（YYYY-MM-DD）")


def run(args: argparse.Namespace) -> int:
    """Run one action and print its result in Japanese."""
    store = Store(args.db, must_exist=True)
    user = acting_user(store, args.user)
    if args.action == "roster":
        document = print_rosters(store, user, args.month, args.out, args.institution)
        print(f"連名簿 {len(document.rosters)} 機関・{document.count} 件を {document.path} に書き出しました。")
    elif args.action == "sheets":
        document = print_sheets(store, user, args.month, args.out, args.issue_number)
        print(f"単票 {len(document.issue_numbers)} 枚を {document.path} に書き出しました。")
    elif args.action == "institutions":
        result = import_institutions(store, user, args.file)
        print(f"{result.source}: {result.read} 行を読み、{result.stored} 機関を登録しました（同一行の重複 {result.repeated}、除外 {len(result.rejected)}）。")
        for number, reason in result.rejected:
            print(f"  {number} 行目: {reason}")
    elif args.action == "export":
        count = export_month(store, user, args.month, args.out, args.encoding)
        print(f"医療券・調剤券 {count} 件を {args.out} に書き出しました。")
    elif args.action == "duplicates":
        review = find_duplicate_prescriptions(store, user, args.file, args.encoding)
        print(f"調剤記録 {review.records} 件を確認し、重複投薬の候補は {len(review.candidates)} 件です（除外した行 {len(review.rejected)}）。")
        for number, reason in review.rejected:
            print(f"  {number} 行目: {reason}")
        if len(review.candidates):
            print(review.candidates.to_string(index=False))
    elif args.action == "opinion-sent":
        opinion_id = record_opinion_sent(store, user, args.aid_id, args.on, args.reply_by)
        print(f"医療要否意見書 {opinion_id} の送付を記録しました（返送期限 {args.reply_by}）。")
    elif args.action == "opinion-returned":
        record_opinion_returned(store, user, args.opinion_id, args.on, args.valid_to)
        print(f"医療要否意見書 {args.opinion_id} の返送を記録しました。次の期限は {args.valid_to} です。")
    elif args.action == "opinions":
        frame = opinion_status(store, user, args.on)
        print(frame.to_string(index=False) if len(frame) else "対応が必要な医療要否意見書はありません。")
    return 0
