"""Report notebooks run with papermill and written out as HTML.

A report is a notebook in ``notebooks/`` with a cell tagged ``parameters``.
``run_report`` checks the given parameters against that cell, runs the
notebook and writes ``reports/YYYY-MM/<name>.html``.
"""

from seiho.reporting.parameters import coerce_parameters, declared_parameters
from seiho.reporting.runner import ReportResult, available_reports, run_report

__all__ = ["run_report", "available_reports", "ReportResult", "declared_parameters", "coerce_parameters"]
