"""Run a report notebook with papermill and export it as HTML."""

import datetime as dt
import html
import logging
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from seiho.errors import ParameterError, SeihoError
from seiho.paths import REPOSITORY_ROOT, notebooks_dir, reports_dir
from seiho.reporting.parameters import coerce_parameters, declared_parameters

log = logging.getLogger(__name__)

# The exported page carries its own style and no link to any other host.
REPORT_PAGE = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  body {{ font-family: "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", sans-serif; max-width: 1100px; margin: 24px auto; color: #222; }}
  table {{ border-collapse: collapse; margin: 8px 0 16px 0; }}
  th, td {{ border: 1px solid #ccd3dc; padding: 3px 8px; }}
  th {{ background: #eef2f7; }}
  td {{ text-align: right; }}
  h1 {{ font-size: 1.6em; }} h2 {{ font-size: 1.25em; border-bottom: 2px solid #ccd3dc; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


@dataclass
class ReportResult:
    """Paths of a rendered report and its executed notebook, with the parameters used."""

    name: str
    html_path: Path
    notebook_path: Path
    parameters: dict


def available_reports() -> list[str]:
    """Return the names of the report notebooks."""
    return sorted(path.stem for path in notebooks_dir().glob("*.ipynb"))


def run_report(name: str, parameters: dict[str, str], output_root: Path | None = None) -> ReportResult:
    """Run report ``name`` with text parameters and write its HTML.

    Args:
        name: a notebook in notebooks/, without .ipynb.
        parameters: values as typed; converted to the notebook's declared types.
        output_root: the reports folder; the report goes into a YYYY-MM
            subfolder named after its ``month`` parameter, or this month.
    """
    notebook = notebooks_dir() / f"{name}.ipynb"
    if not notebook.exists():
        raise ParameterError(
            f"帳票「{name}」はありません。使える帳票: {'、'.join(available_reports())}",
            f"report notebook {notebook} not found",
        )
    converted = coerce_parameters(name, declared_parameters(notebook), parameters)

    month = str(converted.get("month") or dt.date.today().strftime("%Y-%m"))
    _check_month(month)
    folder = (output_root or reports_dir()) / month
    folder.mkdir(parents=True, exist_ok=True)
    executed = folder / f"{name}.ipynb"
    html_path = folder / f"{name}.html"

    log.info("running report %s for %s", name, month)
    try:
        papermill.execute_notebook(
            str(notebook), str(executed), parameters=converted, kernel_name="python3",
            cwd=str(REPOSITORY_ROOT), progress_bar=False, report_mode=True,
        )
    except papermill.PapermillExecutionError as error:
        # A SeihoError raised in the notebook already has a message for staff.
        # Anything else is a fault for the administrator, who finds it in the notebook.
        if error.ename in _STAFF_ERRORS:
            message = f"帳票「{name}」を作成できませんでした。{error.evalue}"
        else:
            message = f"帳票「{name}」の作成中に予期しないエラーが起きました。管理者に連絡してください（記録: {executed}）。"
        raise SeihoError(message, f"report {name} failed in cell {error.cell_index}: {error.ename}: {error.evalue}") from error

    export_html(executed, html_path, title=f"{name} {month}")
    log.info("wrote report %s", html_path)
    return ReportResult(name, html_path, executed, converted)


_STAFF_ERRORS = {cls.__name__ for cls in (SeihoError, *SeihoError.__subclasses__())} | {
    sub.__name__ for cls in SeihoError.__subclasses__() for sub in cls.__subclasses__()
}


def _check_month(month: str) -> None:
    """Raise ``ParameterError`` unless ``month`` is a real month written as YYYY-MM in ASCII digits."""
    try:
        valid = month.isascii() and len(month) == 7 and dt.datetime.strptime(month, "%Y-%m") is not None
    except ValueError:
        valid = False
    if not valid:
        raise ParameterError(
            f"対象月「{month}」は半角の YYYY-MM の形で指定してください（例: -p month=2026-11）。",
            f"invalid month {month!r}",
        )


def export_html(executed: Path, html_path: Path, title: str) -> None:
    """Write the executed notebook's outputs, without code, as a self-contained page."""
    notebook = nbformat.read(str(executed), as_version=4)
    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(notebook)
    html_path.write_text(REPORT_PAGE.format(title=html.escape(title), body=body), encoding="utf-8")
