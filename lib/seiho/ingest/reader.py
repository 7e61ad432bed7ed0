"""Split decoded CSV text into a header and rows, keeping each row's physical line.

CRLF, LF and CR may be mixed in one file, and a quoted field may contain line
breaks. The line number kept for a row is the physical line where it starts,
so staff can find it in a text editor.
"""

import csv
import io
from dataclasses import dataclass

from seiho.errors import ImportFileError


@dataclass
class CsvRows:
    """The header, the data rows and the physical line where each row starts."""

    header: list[str]
    rows: list[list[str]]
    line_numbers: list[int]
    blank_rows: int


def split_rows(text: str, file_name: str) -> CsvRows:
    """Parse ``text`` as CSV; raise ``ImportFileError`` on a quote that breaks the file's structure."""
    # newline="" keeps line breaks inside quoted fields for the csv module and
    # ends lines at any of CRLF, LF and CR.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    blank_rows = 0

    start_line = 1
    try:
        for fields in reader:
            # Joining once is cheaper than testing each field of a long row.
            joined = "".join(fields)
            if header is None:
                if joined and not joined.isspace():
                    header = fields
                start_line = reader.line_num + 1
                continue

            if joined and not joined.isspace():
                rows.append(fields)
                line_numbers.append(start_line)
            else:
                blank_rows += 1
            start_line = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(
            f"ファイル {file_name} の{start_line}行目から始まる行で、引用符（\"）の対応が取れていません。"
            "項目の中の \" は \"\" と2つ重ねて、項目全体を \" で囲んで出力し直してください。",
            f"{file_name}: CSV syntax error in the row starting at line {start_line}: {error}",
        ) from None

    if header is None:
        raise ImportFileError(
            f"ファイル {file_name} に見出し行がありません。標準システムから出力し直してください。",
            f"{file_name}: no header row",
        )
    return CsvRows(header=header, rows=rows, line_numbers=line_numbers, blank_rows=blank_rows)
