"""``seiho receivables``: record decisions, payments and events, print 納付書, list alerts, run the monthly report.

The command acts as the user named by --user, with that user's role and
scope, like ``seiho import``. It asks for no password, because anyone who
can run it can already read the database file.
"""

import argparse
import datetime as dt
from pathlib import Path

from seiho.arguments import iso_date
from seiho.access.users import acting_user
from seiho.errors import ParameterError
from seiho.receivables.calculation import AllowedItem, calculate_art63, calculate_art78
from seiho.receivables.demo_history import ensure_demo_history
from seiho.receivables.ledger import PAYMENT_METHODS, record_decision, record_payment, record_receivable_event
from seiho.receivables.limitation import event_effects
from seiho.receivables.monitor import receivables_monitor
from seiho.receivables.payment_slip import payment_slips_pdf
from seiho.store import Store


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, help="データベースファイル（省略時は環境変数 SEIHO_DB、なければ data/demo.duckdb）")
    parser.add_argument("--user", default=None, help="操作する利用者ID（役割と担当範囲で権限を確認し、監査ログに記録する）")
    actions = parser.add_subparsers(dest="action", required=True)

    decide = actions.add_parser("decide", help="返還金（63条）・徴収金（78条）の決定を記録する")
    decide.add_argument("case_number", help="ケース番号")
    decide.add_argument("--article", required=True, choices=["63条", "78条"], help="根拠条文")
    decide.add_argument("--category", required=True, help="発生原因（例: 年金遡及受給、就労収入未申告）")
    decide.add_argument("--decided-on", required=True, type=iso_date, help="決定日 YYYY-MM-DD")
    decide.add_argument("--due-on", required=True, type=iso_date, help="納期限 YYYY-MM-DD")
    decide.add_argument("--resources", type=int, help="63条: 資力の額（円）")
    decide.add_argument("--assistance-paid", type=int, help="63条: 同じ期間に支給した保護費（円）")
    decide.add_argument("--item", action="append", default=[], metavar="項目=金額:根拠", help="63条: 控除を認めた項目（複数可）")
    decide.add_argument("--unduly", type=int, help="78条: 不正に受けた保護費の額（円）")
    decide.add_argument("--surcharge-rate", type=float, default=0.0, help="78条: 加算金の率（0〜上限、例 0.4）")

    pay = actions.add_parser("pay", help="納付を記録する")
    pay.add_argument("receivable_id", help="債権番号")
    pay.add_argument("--on", required=True, type=iso_date, help="納付日 YYYY-MM-DD")
    pay.add_argument("--amount", required=True, type=int, help="納付額（円）")
    pay.add_argument("--method", default="窓口納付", choices=PAYMENT_METHODS, help="納付方法")

    event = actions.add_parser("event", help="督促・催告・債務承認・相続人調査などを記録する")
    event.add_argument("receivable_id", help="債権番号")
    event.add_argument("--kind", required=True, choices=list(event_effects()), help="種類")
    event.add_argument("--on", required=True, type=iso_date, help="日付 YYYY-MM-DD")
    event.add_argument("--note", default="", help="内容")

    slips = actions.add_parser("slips", help="納付書（PDF）を作成する")
    slips.add_argument("receivable_id", help="債権番号")
    slips.add_argument("--out", required=True, type=Path, help="出力する PDF ファイル")
    slips.add_argument("--installment", type=int, action="append", help="作成する分納の回（省略時は未納の回すべて）")

    alerts = actions.add_parser("alerts", help="会計検査の観点での警告を一覧表示する")
    alerts.add_argument("--as-of", type=iso_date, default=None, help="基準日 YYYY-MM-DD（省略時は今日）")

    actions.add_parser("demo-history", help="デモ用データベースの債権に納付・督促などの履歴を作る")


def run(args: argparse.Namespace) -> int:
    store = Store(args.db, must_exist=True)
    if args.action == "demo-history":
        with store.connect() as connection:
            added = ensure_demo_history(connection)
        print(f"{added}件の債権に履歴を作成しました。" if added else "履歴を作る債権はありません（デモ用データベースでないか、作成済みです）。")
        return 0

    user = acting_user(store, args.user)
    if args.action == "decide":
        calculation = _calculation(args)
        receivable_id = record_decision(store, user, args.case_number, calculation, args.decided_on, args.due_on, args.category)
        print(calculation.as_text())
        print(f"債権 {receivable_id} を記録しました。")
    elif args.action == "pay":
        record_payment(store, user, args.receivable_id, args.on, args.amount, args.method)
        print(f"債権 {args.receivable_id} に {args.amount:,}円の納付を記録しました。")
    elif args.action == "event":
        record_receivable_event(store, user, args.receivable_id, args.kind, args.on, args.note)
        print(f"債権 {args.receivable_id} に{args.kind}を記録しました。")
    elif args.action == "slips":
        path = payment_slips_pdf(store, user, args.receivable_id, args.out, args.installment)
        print(f"納付書を作成しました: {path}")
    elif args.action == "alerts":
        monitor = receivables_monitor(store, user, args.as_of or dt.date.today())
        for row in monitor.alerts.itertuples(index=False):
            print("\t".join(str(value) for value in row))
        print(f"警告 {len(monitor.alerts)} 件")
    return 0


def _calculation(args: argparse.Namespace):
    if args.article == "78条":
        if args.unduly is None:
            raise ParameterError("78条の決定には --unduly（不正に受けた保護費の額）を指定してください。", "missing --unduly")
        return calculate_art78(args.unduly, args.surcharge_rate, args.decided_on)
    if args.resources is None or args.assistance_paid is None:
        raise ParameterError("63条の決定には --resources と --assistance-paid を指定してください。", "missing 63条 amounts")
    return calculate_art63(args.resources, args.assistance_paid, [_item(text) for text in args.item])


def _item(text: str) -> AllowedItem:
    name, _, rest = text.partition("=")
    amount, _, basis = rest.partition(":")
    try:
        return AllowedItem(name.strip(), int(amount), basis.strip())
    except ValueError:
        raise ParameterError(f"控除項目「{text}」は 項目=金額:根拠 の形で指定してください（例: 葬祭等の費用=50000:領収書）。", f"malformed item {text!r}") from None
