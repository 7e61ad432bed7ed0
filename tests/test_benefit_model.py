"""seiho.benefit against the ministry's 27 model households, to the yen, before and after 2026-10-01."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from seiho.benefit import Household, Member, calculate_benefit

MODEL_FILE = Path(__file__).parent / "data" / "benefit" / "model_households.csv"


def _model_rows() -> list[dict]:
    lines = [line for line in MODEL_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _household(ages: str, grade_area: str) -> Household:
    # Born on January 15, each member has the given age on 2026-04-01, the age reference date for both months.
    members = tuple(
        Member(name=f"世帯員{number}", birth_date=dt.date(2026 - int(age), 1, 15)) for number, age in enumerate(ages.split(), start=1)
    )
    return Household(grade_area=grade_area, prefecture="東京都", members=members)


MODELS = _model_rows()


def test_model_file_has_27_households():
    assert len(MODELS) == 27


@pytest.mark.parametrize("row", MODELS, ids=[f"{row['世帯類型']}-{row['級地']}" for row in MODELS])
@pytest.mark.parametrize("month, column", [(dt.date(2026, 9, 1), "2026年9月"), (dt.date(2026, 10, 1), "2026年10月")])
def test_model_household_exact(row, month, column):
    result = calculate_benefit(_household(row["年齢（2026年4月1日現在）"], row["級地"]), month)

    assert result.living_assistance_base == int(row[column])


def test_model_months_differ_where_published():
    differing = [row for row in MODELS if row["2026年9月"] != row["2026年10月"]]
    september = calculate_benefit(_household(differing[0]["年齢（2026年4月1日現在）"], differing[0]["級地"]), dt.date(2026, 9, 30))
    october = calculate_benefit(_household(differing[0]["年齢（2026年4月1日現在）"], differing[0]["級地"]), dt.date(2026, 10, 1))

    assert september.living_assistance_base != october.living_assistance_base
