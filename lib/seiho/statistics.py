"""Read the 被保護者調査 tables in data/stats (CSV copies of the ministry's sheets)."""

import csv

from seiho.errors import SeihoError
from seiho.paths import data_dir


def read_table(file_name: str) -> list[list[str]]:
    """Return the non-empty rows of ``data/stats/<file_name>`` as lists of cells."""
    path = data_dir() / "stats" / file_name
    if not path.exists():
        raise SeihoError(
            f"統計ファイル {path} がありません。data/stats/ を確認してください。",
            f"statistics file {path} not found",
        )
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle) if row]


def year_column(rows: list[list[str]], year: str, file_name: str, fix: str) -> int:
    """Return the index of the column headed ``year`` (e.g. '2023年度').

    Args:
        fix: the sentence that tells staff how to choose another year, for the error.
    """
    for row in rows:
        if year in row:
            return row.index(year)
    raise SeihoError(f"{file_name} に「{year}」の列がありません。{fix}", f"{file_name} has no column {year}")


def table_number(text: str, file_name: str, row: list[str]) -> float:
    """Parse one cell as a number, naming the file and the row when it is not one."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise SeihoError(
            f"{file_name} の行「{'・'.join(cell for cell in row[:3] if cell)}」の値「{text}」が数値ではありません。ファイルを確認してください。",
            f"{file_name}: {text!r} in row {row[:3]} is not a number",
        ) from None
