"""``seiho user``: add users, change passwords, list users."""

import argparse
import getpass
import sys

from seiho.access.roles import ROLE_LABELS, Role
from seiho.access.users import create_user, set_password
from seiho.errors import SeihoError
from seiho.store import Store

ROLE_CHOICES = ", ".join(f"{role.value}（{ROLE_LABELS[role]}）" for role in Role)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument("--db", default=None, help="データベースファイル（既定: SEIHO_DB または data/demo.duckdb）")
    password = argparse.ArgumentParser(add_help=False)
    password.add_argument(
        "--password-stdin", action="store_true", help="パスワードを画面で尋ねず、標準入力の1行目から読む"
    )
    actions = parser.add_subparsers(dest="action", required=True)

    add = actions.add_parser("add", parents=[database, password], help="利用者を追加する")
    add.add_argument("user_id", help="利用者ID")
    add.add_argument("--name", required=True, help="表示名")
    add.add_argument("--role", required=True, choices=[role.value for role in Role], help=f"役割: {ROLE_CHOICES}")
    add.add_argument("--office", required=True, help="実施機関コード（先頭の0も含めて）")
    add.add_argument("--caseworker-id", default=None, help="職員番号（ケースワーカー・査察指導員のみ）")

    passwd = actions.add_parser("passwd", parents=[database, password], help="パスワードを変更する")
    passwd.add_argument("user_id", help="利用者ID")

    actions.add_parser("list", parents=[database], help="利用者の一覧を表示する")


def run(args: argparse.Namespace) -> int:
    store = Store(args.db, must_exist=True)

    if args.action == "list":
        with store.connect() as connection:
            rows = connection.execute(
                "SELECT user_id, display_name, role, office_code, active FROM users ORDER BY user_id"
            ).fetchall()
        for user_id, name, role, office, active in rows:
            state = "" if active else "（無効）"
            print(f"{user_id}\t{name}\t{ROLE_LABELS[Role(role)]}\t{office}{state}")
        return 0

    # Check everything that can be checked before asking for the password.
    with store.connect() as connection:
        if args.action == "add":
            _check_new_user(connection, args)
        elif not connection.execute("SELECT 1 FROM users WHERE user_id = ?", [args.user_id]).fetchone():
            raise SeihoError(f"利用者 {args.user_id} は登録されていません。`seiho user list` で利用者IDを確かめてください。", "unknown user")

    password = _read_password(args.password_stdin)
    with store.connect() as connection:
        if args.action == "add":
            create_user(connection, args.user_id, args.name, args.role, args.office, password, args.caseworker_id)
            print(f"利用者 {args.user_id} を追加しました。")
        else:
            set_password(connection, args.user_id, password)
            print(f"利用者 {args.user_id} のパスワードを変更しました。")
    return 0


def _check_new_user(connection, args: argparse.Namespace) -> None:
    if connection.execute("SELECT 1 FROM users WHERE user_id = ?", [args.user_id]).fetchone():
        raise SeihoError(f"利用者ID {args.user_id} はすでに登録されています。別のIDを指定してください。", "duplicate user id")
    if not connection.execute("SELECT 1 FROM offices WHERE office_code = ?", [args.office]).fetchone():
        raise SeihoError(
            f"実施機関コード {args.office} の福祉事務所は登録されていません。--office を先頭の0も含めて確かめてください。",
            f"unknown office {args.office}",
        )
    if Role(args.role) in (Role.CASEWORKER, Role.SUPERVISOR):
        if not args.caseworker_id:
            raise SeihoError(f"{ROLE_LABELS[Role(args.role)]}には --caseworker-id（職員番号）を指定してください。", "caseworker id missing")
        if not connection.execute("SELECT 1 FROM caseworkers WHERE caseworker_id = ?", [args.caseworker_id]).fetchone():
            raise SeihoError(
                f"職員番号 {args.caseworker_id} は caseworkers に登録されていません。--caseworker-id を確かめてください。",
                f"unknown caseworker {args.caseworker_id}",
            )


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise SeihoError(
            "パスワードを尋ねる画面（端末）がありません。端末から実行するか、--password-stdin で標準入力から渡してください。",
            "no terminal for getpass",
        )
    password = getpass.getpass("パスワード: ")
    if password != getpass.getpass("パスワード（確認）: "):
        raise SeihoError("2回入力したパスワードが一致しません。もう一度実行してください。", "password confirmation mismatch")
    return password
