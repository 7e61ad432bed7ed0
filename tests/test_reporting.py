"""Report notebooks: parameter checks, leading zeros, the monthly summary."""

import plotly.graph_objects as go
import pytest

from seiho.cli import main
from seiho.errors import ParameterError
from seiho.paths import notebooks_dir
from seiho.reporting import coerce_parameters, declared_parameters, run_report
from seiho.reporting.figures import show_figure
from seiho.workload import required_caseworkers

import datetime as dt

SUMMARY = "monthly_office_summary"


def test_declared_parameters_read_from_notebook():
    declared = declared_parameters(notebooks_dir() / f"{SUMMARY}.ipynb")
    assert set(declared) == {"db_path", "month", "office_code"}


def test_string_parameter_keeps_leading_zeros():
    declared = {"office_code": {"type": "str", "default": '""'}}
    assert coerce_parameters(SUMMARY, declared, {"office_code": "013101"}) == {"office_code": "013101"}


def test_integer_parameter_is_converted():
    declared = {"limit": {"type": "int", "default": "10"}}
    assert coerce_parameters(SUMMARY, declared, {"limit": "25"}) == {"limit": 25}


def test_integer_parameter_rejects_text():
    declared = {"limit": {"type": "int", "default": "10"}}
    with pytest.raises(ParameterError) as raised:
        coerce_parameters(SUMMARY, declared, {"limit": "多い"})
    assert "整数" in raised.value.message_ja


def test_unknown_parameter_lists_known_ones():
    declared = {"month": {"type": "str", "default": '""'}}
    with pytest.raises(ParameterError) as raised:
        coerce_parameters(SUMMARY, declared, {"mnth": "2026-11"})
    assert "month" in raised.value.message_ja


def test_unknown_report_is_named(tmp_path):
    with pytest.raises(ParameterError) as raised:
        run_report("no_such_report", {}, output_root=tmp_path)
    assert SUMMARY in raised.value.message_ja


@pytest.mark.parametrize("households, kind, expected", [
    (0, "市", 3), (240, "市", 3), (241, "市", 4), (320, "市", 4), (321, "市", 5), (3000, "市", 38),
    (390, "郡部", 6), (391, "郡部", 7), (455, "郡部", 7), (456, "郡部", 8),
    (160, "町村", 2), (161, "町村", 3),
])
def test_required_caseworkers_standard(households, kind, expected):
    assert required_caseworkers(households, kind, dt.date(2026, 12, 1)) == expected


def test_summary_report_for_office_with_leading_zero(small_office, tmp_path):
    with small_office.connect() as con:
        con.execute("INSERT INTO offices VALUES ('013101', '零始市福祉事務所', '市', '北海道', '零始市', '2級地-1', 43.0, 141.3)")
        con.execute(
            "INSERT INTO households (case_number, office_code, head_name, household_type, status, started_on)"
            " VALUES ('00000099', '013101', '零始 一', 'その他の世帯', '保護中', DATE '2026-01-05')"
        )
    result = run_report(
        SUMMARY, {"db_path": str(small_office.path), "month": "2026-11", "office_code": "013101"}, output_root=tmp_path
    )
    page = result.html_path.read_text(encoding="utf-8")
    assert "零始市福祉事務所 月次業務概況（2026年11月）" in page
    assert result.html_path == tmp_path / "2026-11" / f"{SUMMARY}.html"


def test_summary_report_page_loads_nothing_remote(small_office, tmp_path):
    result = run_report(
        SUMMARY, {"db_path": str(small_office.path), "month": "2026-11", "office_code": "131999"}, output_root=tmp_path
    )
    page = result.html_path.read_text(encoding="utf-8")
    assert 'src="http' not in page
    assert '<link rel="stylesheet" href="http' not in page
    assert "被保護世帯数" in page


def test_report_command_rejects_malformed_parameter(capsys):
    status = main(["report", SUMMARY, "-p", "month"])
    assert status == 2
    assert "名前=値" in capsys.readouterr().err


@pytest.mark.parametrize("month", ["2026-13", "202611", "１９９９-01", "2026-1"])
def test_bad_month_rejected_before_running(small_office, tmp_path, month):
    with pytest.raises(ParameterError) as raised:
        run_report(SUMMARY, {"db_path": str(small_office.path), "month": month}, output_root=tmp_path / "reports")
    assert "YYYY-MM" in raised.value.message_ja
    assert not (tmp_path / "reports").exists()


def test_missing_database_is_named(tmp_path):
    from seiho.errors import SeihoError

    with pytest.raises(SeihoError) as raised:
        run_report(SUMMARY, {"db_path": str(tmp_path / "typo.duckdb"), "month": "2026-11"}, output_root=tmp_path / "out")
    assert "typo.duckdb がありません" in raised.value.message_ja
    assert not (tmp_path / "typo.duckdb").exists()


def test_backlog_not_counted_before_due(small_office):
    from seiho.workload import office_summary

    with small_office.connect() as con:
        con.execute(
            "INSERT INTO visits (visit_id, case_number, caseworker_id, visited_on, visit_kind)"
            " VALUES ('V1', '00000001', 'C01', DATE '2026-12-01', '家庭訪問')"
        )
    during_month = office_summary(small_office, "131999", "2026-12", today=dt.date(2026, 12, 4))
    after_month = office_summary(small_office, "131999", "2026-12", today=dt.date(2027, 1, 10))
    assert during_month.record_backlog == 0
    assert after_month.record_backlog == 1


def test_report_figure_has_no_toolbar():
    page = show_figure(go.Figure(go.Bar(x=["a"], y=[1]))).data
    assert '"displayModeBar": false' in page
    assert '"showSendToCloud": false' in page
