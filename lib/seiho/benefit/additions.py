"""The 加算: 障害者, 母子, 児童養育, 妊産婦 and 介護保険料."""

import datetime as dt

from seiho.benefit.household import Household, Member
from seiho.benefit.rules import major_grade, rule
from seiho.benefit.trace import Step, format_yen

CATEGORY = "加算"


def child_until(birth_date: dt.date) -> dt.date:
    """Return the first March 31 on or after the 18th birthday (the last day a member counts as a 児童)."""
    year = birth_date.year + 18
    if (birth_date.month, birth_date.day) > (3, 31):
        year += 1
    return dt.date(year, 3, 31)


def is_child(member: Member, age: int, month: dt.date) -> bool:
    """Return whether the member is a 児童 in ``month`` (up to the March 31 after turning 18)."""
    if member.birth_date is not None:
        return month <= child_until(member.birth_date)
    # Without a birth date, an age below 18 on the fiscal year's April 1 keeps the member a child all year.
    return age <= 17


def additions(household: Household, month: dt.date, ages: list[int]) -> list[Step]:
    """Return one step for each 加算 that applies in ``month``."""
    grade = major_grade(household.grade_area)
    children = [member for member, age in zip(household.members, ages) if is_child(member, age, month)]
    steps: list[Step] = []
    steps += _disability(household, month, grade)
    steps += _single_parent(household, month, grade, children)
    steps += _child_rearing(month, children)
    steps += _pregnancy(household, month, grade)
    steps += _care_insurance(household)
    return steps


def _disability(household: Household, month: dt.date, grade: str) -> list[Step]:
    found = rule("disability_addition", month)
    steps = []
    for member in household.members:
        level = found.value["certificates"].get(member.disability or "")
        if level is None:
            continue
        amount = found.value[level]["amounts"][grade]
        steps.append(Step(CATEGORY, f"障害者加算（{member.name}）", amount, f"{member.disability}は「{found.value[level]['label']}」、{grade}の額",
                          {"障害": member.disability, "級地": grade}, found.name, found.source))
    return steps


def _single_parent(household: Household, month: dt.date, grade: str, children: list[Member]) -> list[Step]:
    # TODO: a parent who also gets the 障害者加算 receives only the larger of the two; not applied yet.
    if not household.single_parent or not children:
        return []
    found = rule("single_parent_addition", month)
    count = len(children)
    if count == 1:
        amount, explanation = found.value["one_child"][grade], "児童1人の額"
    else:
        extra = found.value["per_child_over_two"][grade] * (count - 2)
        amount = found.value["two_children"][grade] + extra
        explanation = f"児童2人の額 {format_yen(found.value['two_children'][grade])}" + (f" ＋ 3人目以降1人につき {format_yen(found.value['per_child_over_two'][grade])} × {count - 2}人" if count > 2 else "")
    return [Step(CATEGORY, "母子加算", amount, f"{grade}、{explanation}", {"児童数": count, "級地": grade}, found.name, found.source)]


def _child_rearing(month: dt.date, children: list[Member]) -> list[Step]:
    if not children:
        return []
    found = rule("child_rearing_addition", month)
    per_child = found.value["per_child"]
    return [Step(CATEGORY, "児童養育加算", per_child * len(children), f"児童1人あたり {format_yen(per_child)} × {len(children)}人（{'・'.join(child.name for child in children)}）",
                 {"児童数": len(children)}, found.name, found.source)]


def _pregnancy(household: Household, month: dt.date, grade: str) -> list[Step]:
    found = rule("pregnancy_addition", month)
    steps = []
    for member in household.members:
        if member.pregnancy_months is not None:
            key = "pregnant_under_6_months" if member.pregnancy_months < 6 else "pregnant_6_months_or_more"
            label = "妊娠6か月未満" if member.pregnancy_months < 6 else "妊娠6か月以上"
            steps.append(Step(CATEGORY, f"妊産婦加算（{member.name}・{label}）", found.value[key][grade], f"妊娠{member.pregnancy_months}か月、{grade}の額",
                              {"妊娠月数": member.pregnancy_months, "級地": grade}, found.name, found.source))
        elif member.childbirth_date is not None:
            months = found.value["postpartum_months_formula_fed" if member.formula_fed else "postpartum_months"]
            elapsed = (month.year - member.childbirth_date.year) * 12 + month.month - member.childbirth_date.month
            if 0 <= elapsed < months:
                steps.append(Step(CATEGORY, f"妊産婦加算（{member.name}・産婦）", found.value["postpartum"][grade],
                                  f"出産月から{elapsed + 1}か月目（{months}か月まで）、{grade}の額",
                                  {"出産日": member.childbirth_date.isoformat(), "人工栄養のみ": member.formula_fed}, found.name, found.source))
    return steps


def _care_insurance(household: Household) -> list[Step]:
    premium = sum(member.care_insurance_premium for member in household.members)
    if not premium:
        return []
    return [Step(CATEGORY, "介護保険料加算", premium, "納付すべき介護保険料の実費（月額）", {"介護保険料": premium}, None,
                 "生活保護法による保護の基準（昭和38年厚生省告示第158号）別表第1第2章 加算 介護保険料加算")]
