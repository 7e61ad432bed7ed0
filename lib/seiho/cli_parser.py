"""An ``argparse`` parser whose usage, help and errors read in Japanese.

argparse builds its standard texts with ``gettext`` and ships no Japanese
catalog. Installing a catalog or patching ``argparse._`` would change every
parser in the process. This module overrides only what ``seiho`` shows: the
usage prefix, the two section titles and the help of ``-h``. ``error()``
translates the English error messages that argparse produces.

NOTE: the message patterns follow the argparse of Python 3.11. A message that
a later Python words differently stays in English until a pattern is added.
"""

import argparse
import re
import sys
from pathlib import Path
from typing import NoReturn

USAGE_PREFIX = "使い方: "
POSITIONALS_TITLE = "引数"
OPTIONALS_TITLE = "オプション"
HELP_TEXT = "このヘルプを表示して終了する"

# (pattern of argparse's English message, Japanese template). The patterns
# are tried in order on the message after any "argument NAME: " prefix.
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"the following arguments are required: (?P<names>.+)", re.S), "次の引数を指定してください: {names}"),
    (re.compile(r"one of the arguments (?P<names>.+) is required", re.S), "次の引数のどれか1つを指定してください: {names}"),
    (re.compile(r"unrecognized arguments: (?P<names>.+)", re.S), "不明な引数です: {names}"),
    (re.compile(r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)", re.S), "{value} は選べません（選べる値: {choices}）"),
    (re.compile(r"expected one argument"), "値を1つ指定してください"),
    (re.compile(r"expected at most one argument"), "値は1つまでです"),
    (re.compile(r"expected at least one argument"), "値を1つ以上指定してください"),
    (re.compile(r"expected (?P<count>\d+) arguments?"), "値を {count} 個指定してください"),
    (re.compile(r"invalid int value: (?P<value>.+)", re.S), "{value} は整数ではありません"),
    (re.compile(r"invalid float value: (?P<value>.+)", re.S), "{value} は数値ではありません"),
    (re.compile(r"invalid fromisoformat value: (?P<value>.+)", re.S),
     "{value} を日付・日時として読めません。YYYY-MM-DD または YYYY-MM-DDTHH:MM の形で指定してください"),
    (re.compile(r"invalid (?P<type>\S+) value: (?P<value>.+)", re.S), "{value} は {type} の値として読めません"),
    (re.compile(r"not allowed with argument (?P<other>.+)", re.S), "引数 {other} と同時には指定できません"),
    (re.compile(r"ignored explicit argument (?P<value>.+)", re.S), "このオプションは値 {value} を取りません"),
    (re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", re.S), "省略した {option} が複数のオプションに当てはまります: {matches}"),
]
_ARGUMENT_PREFIX = re.compile(r"argument (?P<name>[^:]+): (?P<rest>.+)", re.S)


def translate_message(message: str) -> str:
    """Return the Japanese form of an argparse error message.

    A message that matches no known pattern, such as the Japanese text of an
    ``ArgumentTypeError`` from ``seiho.arguments``, is returned unchanged.
    """
    prefix = _ARGUMENT_PREFIX.fullmatch(message)
    if prefix:
        return f"引数 {prefix['name']}: {translate_message(prefix['rest'])}"
    for pattern, template in _MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return template.format(**match.groupdict())
    return message


def output_file(text: str) -> Path:
    """Return ``text`` as the path of a file to write, in a folder that exists.

    Use as ``type=`` for options whose command does not create folders, so a
    mistyped folder is reported before any long work starts.
    """
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} はフォルダです。ファイル名まで指定してください。")
    folder = path.parent
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(
            f"書き出し先のフォルダ {folder} がありません。フォルダを作成するか、別の場所を指定してください。"
        )
    return path


class JapaneseHelpFormatter(argparse.HelpFormatter):
    """A help formatter whose usage line starts with 「使い方: 」."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = USAGE_PREFIX
        super().add_usage(usage, actions, groups, prefix)


class JapaneseArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` with Japanese usage, help and error messages.

    ``error()`` prints the usage, 「エラー: 」 with the translated message and
    a hint to run ``--help``, then exits with status 2 as argparse does.
    Subparsers made with ``add_subparsers()`` are of this class too.
    """

    def __init__(self, *args, add_help: bool = True, **kwargs):
        kwargs.setdefault("formatter_class", JapaneseHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = POSITIONALS_TITLE
        self._optionals.title = OPTIONALS_TITLE
        if add_help:
            prefix = "-" if "-" in self.prefix_chars else self.prefix_chars[0]
            self.add_argument(
                prefix + "h", prefix * 2 + "help", action="help", default=argparse.SUPPRESS, help=HELP_TEXT,
            )

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("parser_class", type(self))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        message = self._name_subcommands(message)
        self.exit(2, f"エラー: {translate_message(message)}\n「{self.prog} --help」で使い方を表示できます。\n")

    def _name_subcommands(self, message: str) -> str:
        """Replace the ``dest`` of a missing subcommand with its choices.

        argparse names a required subcommand by its ``dest`` (such as
        ``action``), which means nothing to staff.
        """
        prefix = "the following arguments are required: "
        if not message.startswith(prefix):
            return message
        choices_by_name = {
            action.dest: "、".join(action.choices)
            for action in self._actions
            if isinstance(action, argparse._SubParsersAction) and action.metavar is None
        }
        names = [
            f"サブコマンド（{choices_by_name[name]} のどれか）" if name in choices_by_name else name
            for name in message[len(prefix):].split(", ")
        ]
        return prefix + ", ".join(names)
