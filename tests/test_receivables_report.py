"""Tests of the monthly receivables report notebook."""

import pytest

from seiho.errors import ParameterError
from seiho.receivables.report import month_end
from seiho.reporting import run_report

REPORT = "receivables_monthly"


def test_report_renders_demo_office(tmp_path):
    import datetime as dt

    from seiho.synth.build import build_demo

    build_demo(tmp_path / "demo.duckdb", households=300, seed=5, as_of=dt.date(2026, 12, 1), progress=False)
    result = run_report(REPORT, {"db_path": str(tmp_path / "demo.duckdb"), "month": "2026-11"}, output_root=tmp_path)
    page = result.html_path.read_text(encoding="utf-8")
    assert "債権管理月報（2026年11月）" in page
    assert "経過年数別の未収額" in page
    assert 'src="http' not in page


def test_report_month_end_leap_year():
    assert month_end("2028-02").day == 29


def test_report_bad_month_rejected():
    with pytest.raises(ParameterError, match="YYYY-MM"):
        month_end("2026年11月")
