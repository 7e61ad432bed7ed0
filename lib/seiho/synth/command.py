"""``seiho demo``: build the database of a fictional office for trying the workbench."""

import argparse
import datetime as dt
import logging
import os
from pathlib import Path

from filelock import FileLock, Timeout

from seiho.access import Role
from seiho.errors import SeihoError
from seiho.store import default_db_path
from seiho.synth.build import DEMO_PASSWORD, DemoSummary, build_demo

log = logging.getLogger(__name__)

DEFAULT_HOUSEHOLDS = 3000
DEFAULT_SEED = 1
# 受給者番号 have six digits before the check digit, so there can be at most
# a million members. This limit keeps households well below that.
MAXIMUM_HOUSEHOLDS = 500_000
REPLACE_LOCK_TIMEOUT_SECONDS = 120

ROLE_HEADINGS = (
    (Role.CASEWORKER, "ケースワーカー"),
    (Role.SUPERVISOR, "査察指導員"),
    (Role.MEDICAL_CLERK, "医療担当"),
    (Role.ANALYST, "分析担当"),
    (Role.ADMIN, "管理者"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``seiho demo``."""
    parser.add_argument("--db", type=Path, default=None,
                        help="作成するデータベースファイル（既定: 環境変数 SEIHO_DB、なければ data/demo.duckdb）")
    parser.add_argument("--households", type=int, default=DEFAULT_HOUSEHOLDS,
                        help=f"世帯数（廃止世帯を含む。既定: {DEFAULT_HOUSEHOLDS}）")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"乱数の種。同じ世帯数・種・基準日なら同じ内容になる（既定: {DEFAULT_SEED}）")
    parser.add_argument("--as-of", default=None, metavar="YYYY-MM-DD",
                        help="デモの「今日」とする基準日。この日までの5年分の履歴を作る（既定: 今日）")
    parser.add_argument("--force", action="store_true", help="既にあるファイルを上書きする")
    parser.add_argument("--no-progress", action="store_true", help="進行状況の表示を出さない")


def run(args: argparse.Namespace) -> int:
    """Build the demo database and print the office and its logins in Japanese."""
    path = args.db if args.db is not None else default_db_path()
    as_of = parse_as_of(args.as_of)
    validate_counts(args.households, args.seed)
    if path.exists() and not args.force:
        raise SeihoError(
            f"{path} は既にあります。上書きする場合は --force を付けて実行してください。",
            f"{path} exists and --force was not given",
        )

    # Build beside the target and move it into place at the end, so an
    # interrupted build never leaves a half-written database under the real name.
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    _remove_database(building)
    try:
        summary = build_demo(building, args.households, args.seed, as_of, progress=not args.no_progress)
        _replace(building, path)
    finally:
        _remove_database(building)
        Path(str(building) + ".lock").unlink(missing_ok=True)
    summary.path = path

    print(format_summary(summary))
    return 0


def parse_as_of(text: str | None) -> dt.date:
    """Return the reference date from YYYY-MM-DD, or today when not given."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SeihoError(
            f"--as-of の日付「{text}」が読めません。2026-12-01 のように YYYY-MM-DD 形式で指定してください。",
            f"invalid --as-of {text!r}",
        ) from None


def validate_counts(households: int, seed: int) -> None:
    """Raise SeihoError unless the household count and the seed are in range."""
    if not 1 <= households <= MAXIMUM_HOUSEHOLDS:
        raise SeihoError(
            f"--households は 1 以上 {MAXIMUM_HOUSEHOLDS:,} 以下で指定してください（指定値: {households:,}）。",
            f"households {households} out of range",
        )
    if seed < 0:
        raise SeihoError(f"--seed は 0 以上の整数で指定してください（指定値: {seed}）。", f"negative seed {seed}")


def format_summary(summary: DemoSummary) -> str:
    """Return the Japanese report printed at the end: office, counts and logins."""
    counts = summary.counts
    lines = [
        f"デモ用データベースを作成しました: {summary.path}",
        f"  架空の事務所: {summary.office_name}（基準日 {summary.as_of.isoformat()}、乱数の種 {summary.seed}）",
        f"  世帯 {counts['households']:,} ／ 世帯員 {counts['members']:,} ／ 訪問 {counts['visits']:,} ／ ケース記録 {counts['case_records']:,}",
        "",
        "ログイン名:",
    ]
    for role, heading in ROLE_HEADINGS:
        user_ids = [user.user_id for user in summary.users if user.role is role]
        if not user_ids:
            continue
        login_range = user_ids[0] if len(user_ids) == 1 else f"{user_ids[0]}〜{user_ids[-1]}（{len(user_ids)}人）"
        lines.append(f"  {heading}: {login_range}")
    lines.append(f"パスワード（全員共通）: {DEMO_PASSWORD}")
    lines.append("※ 人物・住所・番号はすべて架空です。デモ以外の用途に使わないでください。")
    return "\n".join(lines)


def _replace(building: Path, path: Path) -> None:
    """Move the finished database onto ``path`` while holding the workbench's lock on it."""
    lock = FileLock(str(path) + ".lock", is_singleton=False)
    try:
        lock.acquire(timeout=REPLACE_LOCK_TIMEOUT_SECONDS)
    except Timeout:
        raise SeihoError(
            f"{path} を他の処理が使用中のため置き換えられません。ワークベンチを閉じてからもう一度実行してください。",
            f"lock on {path} not acquired within {REPLACE_LOCK_TIMEOUT_SECONDS} s",
        ) from None
    try:
        Path(str(path) + ".wal").unlink(missing_ok=True)
        os.replace(building, path)
    finally:
        lock.release()
    log.info("demo database moved into place")


def _remove_database(path: Path) -> None:
    path.unlink(missing_ok=True)
    Path(str(path) + ".wal").unlink(missing_ok=True)
