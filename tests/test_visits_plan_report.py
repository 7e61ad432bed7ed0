"""The monthly visit-plan report notebook."""

import pytest

from seiho.errors import ParameterError, SeihoError
from seiho.reporting import run_report
from seiho.visits.plan.report import report_user

REPORT = "visit_plan_monthly"


def test_report_renders_small_office(small_office, tmp_path):
    result = run_report(REPORT, {"db_path": str(small_office.path), "month": "2027-01"}, output_root=tmp_path)
    page = result.html_path.read_text(encoding="utf-8")
    assert "訪問計画月報（2027年1月）" in page
    assert "勤務日ごとの計画訪問件数" in page
    assert "訪問格付け別の期限超過" in page
    assert "担当 花子（C01）" in page
    assert "担当 次郎（C02）" in page
    assert 'src="http' not in page


def test_report_one_caseworker_only(small_office, tmp_path):
    result = run_report(REPORT, {"db_path": str(small_office.path), "month": "2027-01", "office": "131999", "caseworker": "C02"},
                        output_root=tmp_path)
    page = result.html_path.read_text(encoding="utf-8")
    assert "担当 次郎（C02）" in page
    assert "担当 花子（C01）" not in page


def test_report_unknown_office_rejected(small_office):
    with pytest.raises(ParameterError, match="登録されていません"):
        report_user(small_office, "999999")


def test_report_unknown_caseworker_fails(small_office, tmp_path):
    with pytest.raises(SeihoError, match="C99"):
        run_report(REPORT, {"db_path": str(small_office.path), "month": "2027-01", "caseworker": "C99"}, output_root=tmp_path)
