"""seiho.benefit rules: dates, ages, household sizes, 加算, 住宅扶助, 教育扶助 and income."""

import datetime as dt

import pytest

from seiho.benefit import Household, Income, Member, StaleAgeError, calculate_benefit
from seiho.benefit.additions import child_until
from seiho.benefit.income import basic_deduction
from seiho.benefit.rules import rule
from seiho.errors import ParameterError

OCTOBER = dt.date(2026, 10, 1)
SEPTEMBER = dt.date(2026, 9, 1)


def adult(name: str = "架空 太郎", born: dt.date = dt.date(1980, 1, 15), **fields) -> Member:
    return Member(name=name, birth_date=born, **fields)


def home(*members: Member, grade_area: str = "1級地-1", prefecture: str = "東京都", **fields) -> Household:
    return Household(grade_area=grade_area, prefecture=prefecture, members=members, **fields)


def step(result, label: str):
    found = [item for item in result.steps if item.label == label or item.label.startswith(label + "（")]
    assert found, f"no step {label}: {[item.label for item in result.steps]}"
    return found[0]


def labels(result) -> list[str]:
    return [item.label for item in result.steps]


# --- dates and sizes -------------------------------------------------------


def test_special_addition_before_october():
    assert step(calculate_benefit(home(adult()), SEPTEMBER), "特例加算").amount == 1500


def test_special_addition_from_october():
    assert step(calculate_benefit(home(adult()), OCTOBER), "特例加算").amount == 2500


def test_date_inside_month_uses_month():
    assert calculate_benefit(home(adult()), dt.date(2026, 10, 31)).month == OCTOBER


def test_date_before_tables_raises():
    with pytest.raises(ParameterError):
        calculate_benefit(home(adult()), dt.date(2025, 3, 1))


def test_twelve_members_class2_extends():
    members = [adult(f"世帯員{number}") for number in range(12)]
    result = calculate_benefit(home(*members), OCTOBER)

    assert step(result, "第2類").amount == 64670 + 2760 * 3


def test_twelve_members_reduction_rate():
    members = [adult(f"世帯員{number}") for number in range(12)]
    result = calculate_benefit(home(*members), OCTOBER)

    assert step(result, "第1類（逓減後）").amount == 46930 * 12 // 2


def test_twelve_members_transitional_over_table():
    members = [adult(f"世帯員{number}") for number in range(12)]
    result = calculate_benefit(home(*members), OCTOBER)

    assert step(result, "経過的加算").amount == 3110  # 41歳～59歳, 10人以上


def test_six_members_september_rejected():
    members = [adult(f"世帯員{number}") for number in range(6)]
    with pytest.raises(ParameterError, match="5人までの額しかなく"):
        calculate_benefit(home(*members), SEPTEMBER)


def test_rounding_cut_then_raise():
    # 3 members of 41～59 in 1級地-1: 140,790 × 0.75 = 105,592.5 → 105,592 → 105,600.
    members = [adult(f"世帯員{number}", dt.date(1975, 1, 15)) for number in range(3)]
    result = calculate_benefit(home(*members), OCTOBER)

    assert step(result, "第1類（逓減後）").amount == 105600


# --- ages ------------------------------------------------------------------


def test_age_taken_at_fiscal_year_start():
    # Turns 65 in June 2026: still 60歳～64歳 for October 2026, as on 2026-04-01.
    result = calculate_benefit(home(adult(born=dt.date(1961, 6, 20))), OCTOBER)

    assert result.age_bands == ("60歳～64歳",)


def test_age_moves_next_fiscal_year():
    result = calculate_benefit(home(adult(born=dt.date(1961, 6, 20))), dt.date(2027, 4, 1))

    assert result.age_bands == ("65歳～69歳",)


def test_age_reference_is_start_date():
    household = home(adult(born=dt.date(1961, 6, 20)), started_on=dt.date(2026, 7, 1))

    assert calculate_benefit(household, OCTOBER).age_reference_date == dt.date(2026, 7, 1)


def test_age_reference_start_mid_month():
    household = home(adult(born=dt.date(1961, 6, 20)), started_on=dt.date(2026, 10, 15))

    assert calculate_benefit(household, OCTOBER).age_reference_date == dt.date(2026, 10, 15)


def test_age_reference_ignores_later_start():
    household = home(adult(born=dt.date(1961, 6, 20)), started_on=dt.date(2026, 11, 2))

    assert calculate_benefit(household, OCTOBER).age_reference_date == dt.date(2026, 4, 1)


def test_stale_age_rejected_with_names():
    household = home(
        Member(name="古い 一子", age=64, age_as_of=dt.date(2025, 4, 1)),
        Member(name="古い 二郎", age=30, age_as_of=dt.date(2025, 4, 1)),
        adult("正しい 三郎"),
    )
    with pytest.raises(StaleAgeError) as raised:
        calculate_benefit(household, OCTOBER)

    assert [entry[0] for entry in raised.value.members] == ["古い 一子", "古い 二郎"]


def test_stale_age_message_names_member():
    household = home(Member(name="古い 一子", age=64, age_as_of=dt.date(2025, 4, 1)))
    with pytest.raises(StaleAgeError, match="古い 一子"):
        calculate_benefit(household, OCTOBER)


def test_age_on_reference_date_accepted():
    household = home(Member(name="年齢 入力", age=64, age_as_of=dt.date(2026, 4, 1)))

    assert calculate_benefit(household, OCTOBER).age_bands == ("60歳～64歳",)


def test_age_contradicting_birth_date_rejected():
    household = home(Member(name="食違 花子", birth_date=dt.date(1980, 1, 15), age=40, age_as_of=dt.date(2026, 4, 1)))
    with pytest.raises(StaleAgeError):
        calculate_benefit(household, OCTOBER)


# --- 冬季加算 and 期末一時扶助 ------------------------------------------------


def test_winter_hokkaido_october():
    result = calculate_benefit(home(adult(), prefecture="北海道"), OCTOBER)

    assert step(result, "冬季加算").amount == 12780


def test_winter_tokyo_october_none():
    assert "冬季加算" not in labels(calculate_benefit(home(adult()), OCTOBER))


def test_winter_tokyo_november():
    assert step(calculate_benefit(home(adult()), dt.date(2026, 11, 1)), "冬季加算").amount == 2630


def test_winter_september_needs_no_table():
    assert "冬季加算" not in labels(calculate_benefit(home(adult(), prefecture="北海道"), SEPTEMBER))


def test_winter_april_without_table_raises():
    with pytest.raises(ParameterError):
        calculate_benefit(home(adult(), prefecture="北海道"), dt.date(2026, 4, 1))


def test_winter_unknown_prefecture_raises():
    with pytest.raises(ParameterError, match="東京"):
        calculate_benefit(home(adult(), prefecture="東京"), dt.date(2026, 11, 1))


def test_year_end_allowance_december():
    assert step(calculate_benefit(home(adult()), dt.date(2026, 12, 1)), "期末一時扶助").amount == 14500


def test_year_end_allowance_not_november():
    assert "期末一時扶助" not in labels(calculate_benefit(home(adult()), dt.date(2026, 11, 1)))


# --- 加算 -------------------------------------------------------------------


def test_disability_severe_first_grade():
    result = calculate_benefit(home(adult(disability="身体障害者手帳 2級")), OCTOBER)

    assert step(result, "障害者加算").amount == 26810


def test_disability_moderate_third_grade():
    result = calculate_benefit(home(adult(disability="精神障害者保健福祉手帳 2級"), grade_area="3級地-2"), OCTOBER)

    assert step(result, "障害者加算").amount == 15380


def test_disability_grade4_no_addition():
    result = calculate_benefit(home(adult(disability="身体障害者手帳 4級")), OCTOBER)

    assert not any(label.startswith("障害者加算") for label in labels(result))


def test_single_parent_three_children():
    children = [adult(f"子{number}", dt.date(2015 + number, 5, 1)) for number in range(3)]
    result = calculate_benefit(home(adult(), *children, single_parent=True), OCTOBER)

    assert step(result, "母子加算").amount == 23600 + 2900


def test_child_rearing_per_child():
    children = [adult(f"子{number}", dt.date(2015 + number, 5, 1)) for number in range(2)]
    result = calculate_benefit(home(adult(), *children), OCTOBER)

    assert step(result, "児童養育加算").amount == 2 * 10190


def test_child_until_march_after_18():
    assert child_until(dt.date(2008, 6, 1)) == dt.date(2027, 3, 31)


def test_child_until_born_in_march():
    assert child_until(dt.date(2008, 3, 15)) == dt.date(2026, 3, 31)


def test_child_rearing_ends_after_march():
    household = home(adult(), adult("子", dt.date(2008, 3, 15)))

    assert "児童養育加算" not in labels(calculate_benefit(household, OCTOBER))


def test_pregnancy_under_six_months():
    result = calculate_benefit(home(adult(pregnancy_months=4)), OCTOBER)

    assert step(result, "妊産婦加算").amount == 9130


def test_postpartum_within_period():
    result = calculate_benefit(home(adult(childbirth_date=dt.date(2026, 8, 20))), OCTOBER)

    assert step(result, "妊産婦加算").amount == 8480


def test_postpartum_formula_fed_ends():
    result = calculate_benefit(home(adult(childbirth_date=dt.date(2026, 7, 20), formula_fed=True)), OCTOBER)

    assert not any(label.startswith("妊産婦加算") for label in labels(result))


def test_care_insurance_premium_added():
    result = calculate_benefit(home(adult(born=dt.date(1950, 1, 1), care_insurance_premium=6200)), OCTOBER)

    assert step(result, "介護保険料加算").amount == 6200


# --- 住宅扶助 and 教育扶助 ------------------------------------------------------


def test_housing_rent_below_limit():
    assert step(calculate_benefit(home(adult(), rent=50000), OCTOBER), "住宅扶助").amount == 50000


def test_housing_rent_capped_at_limit():
    assert step(calculate_benefit(home(adult(), rent=60000), OCTOBER), "住宅扶助").amount == 53700


def test_housing_designated_city_limit():
    household = home(adult(), rent=60000, prefecture="神奈川県", housing_authority="横浜市")

    assert step(calculate_benefit(household, OCTOBER), "住宅扶助").amount == 52000


def test_housing_unknown_authority_raises():
    with pytest.raises(ParameterError, match="架空村"):
        calculate_benefit(home(adult(), rent=40000, housing_authority="架空村"), OCTOBER)


def test_housing_unpublished_size_raises():
    members = [adult(f"世帯員{number}") for number in range(6)]
    household = home(*members, rent=40000, prefecture="宮城県", housing_authority="仙台市")
    with pytest.raises(ParameterError, match="6人"):
        calculate_benefit(household, OCTOBER)


def test_education_middle_school():
    result = calculate_benefit(home(adult(), adult("子", dt.date(2013, 7, 1), school="中学校")), OCTOBER)

    assert step(result, "教育扶助 基準額").amount == 5100


# --- income ----------------------------------------------------------------

TABLE = rule("basic_deduction", OCTOBER).value


@pytest.mark.parametrize(
    "earnings, first, expected",
    [
        (15000, True, 15000),
        (15100, True, 15100),
        (15100, False, 15000),
        (80000, True, 21600),
        (80000, False, 18360),
        (230999, True, 36400),
        (231000, True, 36800),
        (235000, True, 37200),
        (231000, False, 31280),
    ],
)
def test_basic_deduction_table(earnings, first, expected):
    assert basic_deduction(earnings, first, TABLE) == expected


def test_main_earner_gets_first_column():
    household = home(
        adult("副 稼得", incomes=(Income("就労収入", 80000),)),
        adult("主 稼得", incomes=(Income("就労収入", 100000),)),
    )
    result = calculate_benefit(household, OCTOBER)

    assert step(result, "就労収入（主 稼得）").inputs["基礎控除"] == 23600
    assert step(result, "就労収入（副 稼得）").inputs["基礎控除"] == 18360


def test_new_job_deduction_in_sixth_month():
    member = adult(incomes=(Income("就労収入", 80000),), new_job_since=dt.date(2026, 5, 1))
    result = calculate_benefit(home(member), OCTOBER)

    assert step(result, "就労収入").amount == 80000 - 21600 - 12900


def test_new_job_deduction_ends_after_six_months():
    member = adult(incomes=(Income("就労収入", 80000),), new_job_since=dt.date(2026, 4, 1))
    result = calculate_benefit(home(member), OCTOBER)

    assert step(result, "就労収入").amount == 80000 - 21600


def test_minor_deduction_in_family():
    worker = adult("若 就労", dt.date(2009, 1, 1), incomes=(Income("就労収入", 50000),))
    result = calculate_benefit(home(adult(), worker), OCTOBER)

    assert step(result, "就労収入").amount == 50000 - 18400 - 11900


def test_minor_deduction_not_when_single():
    worker = adult("若 単身", dt.date(2008, 1, 1), incomes=(Income("就労収入", 50000),))
    result = calculate_benefit(home(worker), OCTOBER)

    assert step(result, "就労収入").amount == 50000 - 18400


def test_expenses_deducted_from_pension():
    member = adult(incomes=(Income("年金", 60000, expenses=1000),))

    assert calculate_benefit(home(member), OCTOBER).recognised_income == 59000


def test_occasional_income_above_exemption():
    member = adult(incomes=(Income("臨時収入", 10000),))

    assert calculate_benefit(home(member), OCTOBER).recognised_income == 2000


def test_recognised_never_negative():
    member = adult(incomes=(Income("就労収入", 15000, expenses=3000),))

    assert calculate_benefit(home(member), OCTOBER).recognised_income == 0


# --- result ----------------------------------------------------------------


def test_benefit_is_cost_minus_income():
    member = adult(incomes=(Income("年金", 40000),))
    result = calculate_benefit(home(member, rent=50000), OCTOBER)

    assert result.benefit_amount == result.minimum_living_cost - 40000


def test_income_above_cost_not_needed():
    member = adult(incomes=(Income("年金", 300000),))

    assert calculate_benefit(home(member), OCTOBER).needs_assistance is False


def test_income_above_cost_benefit_zero():
    member = adult(incomes=(Income("年金", 300000),))

    assert calculate_benefit(home(member), OCTOBER).benefit_amount == 0


def test_need_steps_cite_source():
    household = home(adult(disability="身体障害者手帳 1級"), adult("子", dt.date(2015, 5, 1), school="小学校"), rent=60000, single_parent=True)
    result = calculate_benefit(household, dt.date(2026, 12, 1))
    need_steps = [item for item in result.steps if item.category != "収入認定"]

    assert all(item.source for item in need_steps)


def test_trace_text_shows_rounding():
    assert "10円未満切り上げ" in calculate_benefit(home(adult()), OCTOBER).trace_text()
