"""The ``seiho`` command line.

Each subcommand lives in the module that owns its work; this file only wires
them up. A module that provides a subcommand has ``add_arguments(parser)``
and ``run(args) -> int``. A ``SeihoError``, or an ``OSError`` on a named
file such as an output folder that does not exist, is printed as a Japanese
message with exit status 2, never as a traceback. When the reader of standard
output closes early, as ``| head`` does, the command stops quietly.
"""

import argparse
import errno
import importlib
import logging
import os
import select
import sys
from pathlib import Path

from seiho.cli_parser import JapaneseArgumentParser
from seiho.errors import SeihoError

log = logging.getLogger("seiho")

# The exit status a shell reports for a program that SIGPIPE ended (128 + 13).
STDOUT_CLOSED_STATUS = 141

# subcommand -> (module, help text)
SUBCOMMANDS = {
    "demo": ("seiho.synth.command", "架空の福祉事務所のデモ用データベースを作成する"),
    "import": ("seiho.ingest.command", "標準システムの CSV 出力を取り込む"),
    "quarantine": ("seiho.ingest.quarantine_command", "取込で保留にした行の一覧（理由と元の行）を表示・書き出す"),
    "report": ("seiho.reporting.command", "帳票ノートブックを papermill で実行する"),
    "user": ("seiho.access.command", "利用者の追加・パスワード変更・一覧"),
    "serve": ("seiho.ui.serve", "ダッシュボードを Voilà で公開する"),
    "workload": ("seiho.workload.command", "業務量: デモの業務イベントの作成、グラフの書き出し"),
    "benefit": ("seiho.benefit.command", "世帯の最低生活費と保護費を計算し、計算過程を表示する"),
    "receivables": ("seiho.receivables.command", "返還金・徴収金の決定・納付・督促の記録、納付書、警告の一覧"),
    "vouchers": ("seiho.vouchers.command", "医療券・調剤券・介護券の連名簿と単票 PDF、医療機関一覧の取込、資格確認登録用 CSV、医療要否意見書"),
    "plan": ("seiho.visits.plan.command", "訪問計画: 月の訪問予定を勤務日と1日の訪問枠に割り振り、日ごとの経路を示す（--save で保存）"),
    "ask": ("seiho.knowledge.command", "制度Q&A: 質問に答える法令・通知の条文を出典付きで探す"),
    "draft": ("seiho.drafting.command", "文字起こしやメモから面接記録票・ケース記録の下書きを作り、各文の根拠を示す"),
    "transcribe": ("seiho.speech.command", "同意のある録音を保存し、端末内の Whisper で文字起こしする"),
    "speech": ("seiho.speech.speech_command", "音声認識: モデルの用意と確認、録音同意の記録と撤回、保存期間を過ぎた音声の削除、設定"),
    "records": ("seiho.records.command", "ケース記録: 承認済み記録の CSV 出力、承認待ちの一覧"),
}


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every subcommand's own arguments, all in Japanese."""
    parser = JapaneseArgumentParser(prog="seiho", description="seiho workbench（生活保護ケースワーク支援）")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0,
        help="処理の経過をログで表示する（-v で経過、-vv で詳細。既定は警告と誤りだけ）",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        module = importlib.import_module(module_name)
        subparser = subparsers.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(subparser)
        subparser.set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # Staff read the Japanese summaries that commands print; the English log
    # lines are for engineers and appear with -v.
    levels = {0: logging.WARNING, 1: logging.INFO}
    logging.basicConfig(
        level=levels.get(args.verbose, logging.DEBUG),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        status = args.handler(args)
        # Output to a pipe is block-buffered, so a reader that closed early
        # may only show up as a BrokenPipeError at this flush.
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        if not _stdout_closed():
            raise
        log.debug("standard output closed by its reader, output stopped")
        _discard_stdout()
        return STDOUT_CLOSED_STATUS
    except SeihoError as error:
        log.debug("command failed: %s", error.detail)
        print(f"エラー: {error.message_ja}", file=sys.stderr)
        return 2
    except OSError as error:
        if error.filename is None:
            raise
        log.debug("command failed on %s", error.filename, exc_info=True)
        print(f"エラー: {file_error_message(error)}", file=sys.stderr)
        return 2


def _stdout_closed() -> bool:
    """Return whether standard output is a pipe whose reader has closed it."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    if not hasattr(select, "poll"):
        # NOTE: Windows has no poll(), so there any BrokenPipeError is taken as a closed standard output.
        return True
    poller = select.poll()
    poller.register(descriptor, select.POLLOUT)
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


def _discard_stdout() -> None:
    """Point standard output at the null device, so the flush at interpreter exit does not fail again."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)


def file_error_message(error: OSError) -> str:
    """Return a Japanese message for an ``OSError`` that names its file."""
    path = Path(error.filename)
    if isinstance(error, FileNotFoundError):
        if not path.parent.is_dir():
            return f"フォルダ {path.parent} がありません。フォルダを作成するか、別の場所を指定してください。"
        return f"ファイル {path} がありません。パスを確かめてください。"
    if isinstance(error, PermissionError):
        return f"{path} を開く権限がありません。ファイルとフォルダの権限を確かめるか、別の場所を指定してください。"
    if isinstance(error, IsADirectoryError):
        return f"{path} はフォルダです。ファイル名まで指定してください。"
    if isinstance(error, NotADirectoryError):
        return f"{path} の途中にフォルダでないファイルがあります。パスを確かめてください。"
    code = errno.errorcode.get(error.errno, str(error.errno))
    return f"{path} を読み書きできませんでした（OS のエラー {code}）。"


if __name__ == "__main__":
    sys.exit(main())
