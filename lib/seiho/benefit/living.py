"""生活扶助 (居宅): 第1類, 逓減率, 第2類, 経過的加算, 特例加算, 冬季加算, 期末一時扶助."""

import datetime as dt
from decimal import ROUND_FLOOR, Decimal

from seiho.benefit.household import Household
from seiho.benefit.rules import beyond_table, earliest, has_value, rule
from seiho.errors import ParameterError
from seiho.benefit.trace import Step, format_yen

CATEGORY = "生活扶助"


def living_assistance_base(household: Household, month: dt.date, bands: list[str]) -> list[Step]:
    """Return the steps of the 生活扶助基準額 (the figure the ministry's model households publish).

    ``bands`` contains each member's age band. The sum is 第1類の合計×逓減率
    (cut below 1 yen, then raised to the next 10 yen) + 第2類 + 経過的加算 + 特例加算.
    """
    size = household.size
    class1 = rule("class1", month)
    rate_rule = rule("reduction_rate", month)
    class2 = rule("class2", month)
    transitional = rule("transitional_addition", month)
    special = rule("special_addition", month)
    steps: list[Step] = []

    # 第1類: one figure per member.
    class1_total = 0
    for member, band in zip(household.members, bands):
        amount = class1.value[household.grade_area][band]
        class1_total += amount
        steps.append(Step(CATEGORY, f"第1類（{member.name}・{band}）", amount, f"{household.grade_area}の{band}の基準額",
                          {"級地": household.grade_area, "年齢区分": band}, class1.name, class1.source, counted=False))

    # 逓減率 applies to the 第1類 total, then the ministry's two roundings.
    rate = _by_size_rate(rate_rule, size)
    product = Decimal(class1_total) * Decimal(str(rate))
    whole_yen = int(product.to_integral_value(rounding=ROUND_FLOOR))
    reduced = -(-whole_yen // 10) * 10
    steps.append(Step(CATEGORY, "第1類（逓減後）", reduced,
                      f"第1類の合計 {format_yen(class1_total)} × 逓減率 {rate} = {product:,.2f}円 → 1円未満切り捨て {format_yen(whole_yen)} → 10円未満切り上げ",
                      {"世帯人員": size, "第1類の合計": class1_total, "逓減率": rate}, rate_rule.name, rate_rule.source))

    class2_amount = class2.by_size(class2.value, size, "第2類")
    steps.append(Step(CATEGORY, "第2類", class2_amount, f"{size}人世帯の額（全級地共通）", {"世帯人員": size}, class2.name, class2.source))

    # 経過的加算: one figure per member by grade area, age band and household size.
    for member, band in zip(household.members, bands):
        amount = _transitional(transitional, household.grade_area, band, size)
        if amount:
            steps.append(Step(CATEGORY, f"経過的加算（{member.name}・{band}）", amount, f"{household.grade_area}・{band}・{size}人世帯の額",
                              {"級地": household.grade_area, "年齢区分": band, "世帯人員": size}, transitional.name, transitional.source))

    special_amount = special.value * size
    steps.append(Step(CATEGORY, "特例加算", special_amount, f"1人あたり {format_yen(special.value)} × {size}人", {"世帯人員": size}, special.name, special.source))
    return steps


def winter_addition(household: Household, month: dt.date) -> list[Step]:
    """Return the 冬季加算 step when ``month`` is in the winter period of the household's district."""
    if not _month_can_need("winter_addition", month, lambda table: any(month.month in row["months"] for row in table.values())):
        return []

    districts = rule("winter_districts", month)
    district = districts.value.get(household.prefecture)
    if district is None:
        raise ParameterError(
            f"都道府県「{household.prefecture}」は冬季加算の地区区分（data/parameters/{districts.name}.yaml）にありません。「東京都」のように正式名で書いてください。",
            f"unknown prefecture {household.prefecture!r}",
        )
    winter = rule("winter_addition", month)
    row = winter.value[district]
    if month.month not in row["months"]:
        return []
    amount = winter.by_size(row, household.size, "冬季加算")
    return [Step(CATEGORY, "冬季加算", amount, f"{household.prefecture}は{district}（{row['period']}）、{household.size}人世帯の額",
                 {"都道府県": household.prefecture, "地区": district, "世帯人員": household.size}, winter.name, winter.source)]


def year_end_allowance(household: Household, month: dt.date) -> list[Step]:
    """Return the 期末一時扶助 step in the month the 告示 names (December)."""
    if not _month_can_need("year_end_allowance", month, lambda table: month.month == table["month"]):
        return []
    allowance = rule("year_end_allowance", month)
    if month.month != allowance.value["month"]:
        return []
    amount = allowance.by_size(allowance.value["amounts"][household.grade_area], household.size, "期末一時扶助")
    return [Step(CATEGORY, "期末一時扶助", amount, f"{household.grade_area}・{household.size}人世帯の額（{allowance.value['month']}月に加える）",
                 {"級地": household.grade_area, "世帯人員": household.size}, allowance.name, allowance.source)]


def _month_can_need(name: str, month: dt.date, applies) -> bool:
    # A table with no version in force yet is still needed when its earliest
    # version covers this calendar month. Then rule() raises a ParameterError
    # that names the missing date. Otherwise the month needs no value.
    if has_value(name, month):
        return True
    if applies(earliest(name)):
        rule(name, month)
    return False


def _by_size_rate(rate_rule, size: int) -> float:
    by_size = {int(key): value for key, value in rate_rule.value["by_size"].items()}
    if size in by_size:
        return by_size[size]
    if size > max(by_size) and "over_table" in rate_rule.value:
        return rate_rule.value["over_table"]
    raise beyond_table(rate_rule, "逓減率", size, max(by_size))


def _transitional(transitional, grade_area: str, band: str, size: int) -> int:
    by_size = transitional.value[grade_area][band]
    sizes = {int(key): amount for key, amount in by_size.items() if key != "over_table"}
    if size in sizes:
        return sizes[size]
    if size > max(sizes) and "over_table" in by_size:
        return by_size["over_table"]
    raise beyond_table(transitional, "経過的加算", size, max(sizes))
