"""The 最低生活費, the recognised income and the monthly benefit of one household."""

import datetime as dt
from dataclasses import dataclass

from seiho.benefit.additions import additions
from seiho.benefit.ages import age_band, member_ages
from seiho.benefit.education import education_assistance
from seiho.benefit.household import Household
from seiho.benefit.housing import housing_assistance
from seiho.benefit.income import recognise_income
from seiho.benefit.living import living_assistance_base, winter_addition, year_end_allowance
from seiho.benefit.rules import rule
from seiho.benefit.trace import Step, render_text

NEED_CATEGORIES = ("生活扶助", "加算", "住宅扶助", "教育扶助")


@dataclass(frozen=True)
class BenefitResult:
    """A household's calculation for one month with every step behind it."""

    month: dt.date
    household: Household
    age_reference_date: dt.date
    ages: tuple[int, ...]
    age_bands: tuple[str, ...]
    steps: tuple[Step, ...]

    def total(self, category: str) -> int:
        """Return the sum of the counted steps in one category."""
        return sum(step.amount for step in self.steps if step.category == category and step.counted)

    @property
    def living_assistance_base(self) -> int:
        """生活扶助基準額: 第1類 (after 逓減率), 第2類, 経過的加算 and 特例加算."""
        names = ("第1類（逓減後）", "第2類", "特例加算")
        return sum(step.amount for step in self.steps if step.category == "生活扶助" and (step.label in names or step.label.startswith("経過的加算")))

    @property
    def minimum_living_cost(self) -> int:
        """最低生活費: 生活扶助, 加算, 住宅扶助 and 教育扶助."""
        return sum(self.total(category) for category in NEED_CATEGORIES)

    @property
    def recognised_income(self) -> int:
        """認定収入 after deductions."""
        return self.total("収入認定")

    @property
    def needs_assistance(self) -> bool:
        """Whether the recognised income falls short of the 最低生活費."""
        return self.recognised_income < self.minimum_living_cost

    @property
    def benefit_amount(self) -> int:
        """The monthly benefit: 最低生活費 − 認定収入, never below 0."""
        return max(0, self.minimum_living_cost - self.recognised_income)

    def summary(self) -> dict[str, str]:
        """Return the headline figures with Japanese labels."""
        return {
            "計算月": f"{self.month.year}年{self.month.month}月",
            "級地": self.household.grade_area,
            "世帯人員": f"{self.household.size}人",
            "年齢の基準日": self.age_reference_date.isoformat(),
            "生活扶助本体（第1類・第2類・経過的加算・特例加算）": f"{self.living_assistance_base:,}円",
            **{category: f"{self.total(category):,}円" for category in NEED_CATEGORIES},
            "最低生活費": f"{self.minimum_living_cost:,}円",
            "認定収入": f"{self.recognised_income:,}円",
            "保護の要否": "要（収入が最低生活費に満たない）" if self.needs_assistance else "否（収入が最低生活費以上）",
            "保護費（月額）": f"{self.benefit_amount:,}円",
        }

    def trace_text(self) -> str:
        """Return the summary and every step as readable Japanese text."""
        head = "\n".join(f"{label}: {value}" for label, value in self.summary().items())
        return head + "\n\n" + render_text(list(self.steps))


def calculate_benefit(household: Household, date: dt.date) -> BenefitResult:
    """Compute the household's 最低生活費 and benefit for the month containing ``date``.

    Raises ``StaleAgeError`` when a given age is not the age on the reference
    date, and ``ParameterError`` when a figure is missing for that month.
    """
    month = date.replace(day=1)
    reference, ages = member_ages(household, month)
    bands = [age_band(age, rule("age_bands", month).value) for age in ages]

    steps: list[Step] = []
    steps += living_assistance_base(household, month, bands)
    steps += winter_addition(household, month)
    steps += year_end_allowance(household, month)
    steps += additions(household, month, ages)
    steps += housing_assistance(household, month)
    steps += education_assistance(household, month)
    steps += recognise_income(household, month, ages)
    return BenefitResult(month, household, reference, tuple(ages), tuple(bands), tuple(steps))
