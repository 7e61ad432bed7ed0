"""``seiho report NAME -p key=value``: run one report notebook."""

import argparse

from seiho.errors import ParameterError
from seiho.reporting.runner import run_report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="帳票名（notebooks/ のノートブック名、.ipynb は不要）")
    parser.add_argument(
        "-p", "--parameter", action="append", default=[], metavar="名前=値",
        help="帳票のパラメータ。文字列のパラメータは入力どおり（先頭の0も保持）に渡す",
    )


def run(args: argparse.Namespace) -> int:
    parameters = {}
    for item in args.parameter:
        name, separator, value = item.partition("=")
        if not separator or not name:
            raise ParameterError(
                f"パラメータ「{item}」は 名前=値 の形で指定してください（例: -p month=2026-11）。",
                f"malformed parameter {item!r}",
            )
        parameters[name.strip()] = value
    result = run_report(args.name, parameters)
    print(f"帳票を作成しました: {result.html_path}")
    return 0
