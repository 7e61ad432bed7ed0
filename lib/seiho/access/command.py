"""``seiho user``: add users, change passwords, list users."""

import argparse
import getpass

from seiho.access.roles import ROLE_LABELS, Role
from seiho.access.users import create_user, set_password
from seiho.store import Store


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, help="データベースファイル（既定: SEIHO_DB または data/demo.duckdb）")
    actions = parser.add_subparsers(dest="action", required=True)

    add = actions.add_parser("add", help="利用者を追加する")
    add.add_argument("user_id", help="利用者ID")
    add.add_argument("--name", required=True, help="表示名")
    add.add_argument("--role", required=True, choices=[role.value for role in Role], help="役割")
    add.add_argument("--office", required=True, help="実施機関コード")
    add.add_argument("--caseworker-id", default=None, help="職員番号（ケースワーカー・査察指導員のみ）")

    passwd = actions.add_parser("passwd", help="パスワードを変更する")
    passwd.add_argument("user_id", help="利用者ID")

    actions.add_parser("list", help="利用者の一覧を表示する")


def run(args: argparse.Namespace) -> int:
    store = Store(args.db)

    if args.action == "list":
        with store.connect() as connection:
            rows = connection.execute(
                "SELECT user_id, display_name, role, office_code, active FROM users ORDER BY user_id"
            ).fetchall()
        for user_id, name, role, office, active in rows:
            state = "" if active else "（無効）"
            print(f"{user_id}\t{name}\t{ROLE_LABELS[Role(role)]}\t{office}{state}")
        return 0

    password = getpass.getpass("パスワード: ")
    if password != getpass.getpass("パスワード（確認）: "):
        print("エラー: 2回入力したパスワードが一致しません。もう一度実行してください。")
        return 2
    with store.connect() as connection:
        if args.action == "add":
            create_user(connection, args.user_id, args.name, args.role, args.office, password, args.caseworker_id)
            print(f"利用者 {args.user_id} を追加しました。")
        else:
            set_password(connection, args.user_id, password)
            print(f"利用者 {args.user_id} のパスワードを変更しました。")
    return 0
