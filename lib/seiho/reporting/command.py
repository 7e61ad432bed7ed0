"""``seiho report NAME -p key=value``: run one report notebook."""

import argparse
import ast
from pathlib import Path

from seiho.errors import ParameterError
from seiho.paths import REPOSITORY_ROOT, notebooks_dir
from seiho.reporting.parameters import declared_parameters
from seiho.reporting.runner import run_report
from seiho.store import Store

# Notebook parameters that name the database file. Papermill runs the
# notebook in the repository root, so a relative path is resolved there.
DATABASE_PARAMETERS = ("db_path", "db")


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
    _check_database_exists(args.name, parameters)
    result = run_report(args.name, parameters)
    print(f"帳票を作成しました: {result.html_path}")
    return 0


def _check_database_exists(name: str, parameters: dict[str, str]) -> None:
    """Raise ``StoreError`` when the report's database file is missing.

    A notebook that opens a missing path would create an empty database and
    fail later with a misleading message.
    """
    notebook = notebooks_dir() / f"{name}.ipynb"
    if not notebook.exists():
        return  # run_report names the unknown report and lists the others.
    declared = declared_parameters(notebook)
    for key in DATABASE_PARAMETERS:
        if key not in declared:
            continue
        text = parameters.get(key) or ast.literal_eval(declared[key]["default"])
        Store(REPOSITORY_ROOT / Path(text), must_exist=True)
