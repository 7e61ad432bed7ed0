"""The office against the 被保護者調査 figures, on the small office (fiscal year 2024)."""

import pytest

from seiho.errors import ParameterError, SeihoError
from seiho.reporting import run_report
from seiho.workload.national import load_national_figures, office_vs_nation


def test_national_mix_2023():
    figures = load_national_figures("2023年度")
    assert figures.household_mix["高齢者世帯"] == 55.3
    assert figures.household_mix["障害者・傷病者世帯"] == 25.0


def test_national_monthly_starts_2023():
    figures = load_national_figures("2023年度")
    assert figures.starts_per_month == 18509
    assert figures.households == 1650478


def test_national_reasons_skip_not_surveyed():
    # 左記以外の収入の増 was not counted in 2019年度 ('…' in 統計表5).
    assert "左記以外の収入の増" not in load_national_figures("2019年度").closure_reasons


def test_national_unknown_year_named():
    with pytest.raises(SeihoError) as raised:
        load_national_figures("1999年度")
    assert "1999年度" in raised.value.message_ja


def test_office_mix_at_fiscal_year_end(small_office):
    mix = office_vs_nation(small_office, "131999", 2024).household_mix.set_index("世帯類型")
    assert mix.loc["高齢者世帯", "事務所の世帯数"] == 1
    assert mix.loc["母子世帯", "事務所（%）"] == 33.3
    assert mix.loc["障害者・傷病者世帯", "事務所の世帯数"] == 0


def test_office_closure_rate_known(small_office):
    # One closure in the year; households at the twelve month ends: 4 eleven times, then 3.
    rates = office_vs_nation(small_office, "131999", 2024).rates.set_index("指標")
    assert rates.loc["保護廃止（1か月・千世帯あたり）", "事務所"] == pytest.approx(round(1000 / 12 / (47 / 12), 2))
    assert rates.loc["保護廃止（1か月・千世帯あたり）", "全国"] == pytest.approx(round(1000 * 18259 / 1650478, 2))


def test_office_unknown_closure_reason_listed(small_office):
    closures = office_vs_nation(small_office, "131999", 2024).closure_reasons.set_index("廃止理由")
    assert closures.loc["不明", "事務所の世帯数"] == 1


def test_office_unknown_code_rejected(small_office):
    with pytest.raises(ParameterError):
        office_vs_nation(small_office, "999999", 2024)


def test_national_report_exports_charts(small_office, tmp_path):
    result = run_report("office_vs_nation", {
        "db_path": str(small_office.path), "office_code": "131999", "fiscal_year": "2024", "month": "2025-03",
        "chart_dir": str(tmp_path / "charts"),
    }, output_root=tmp_path)
    assert "全国との比較" in result.html_path.read_text(encoding="utf-8")
    assert (tmp_path / "charts" / "household_mix.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "charts" / "rates.pdf").read_bytes().startswith(b"%PDF")
