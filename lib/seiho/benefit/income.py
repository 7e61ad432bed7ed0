"""収入認定: earnings after the 勤労控除, other income after its expenses, occasional income above the exemption."""

import datetime as dt

from seiho.benefit.household import EARNINGS, OCCASIONAL, Household, Member
from seiho.benefit.rules import rule
from seiho.benefit.trace import Step, format_yen

CATEGORY = "収入認定"


def basic_deduction(earnings: int, first_earner: bool, table: dict) -> int:
    """Return the 基礎控除 for monthly gross ``earnings`` from the 基礎控除額表.

    ``first_earner`` picks the column for the household's main earner; a row
    whose column is empty deducts the whole amount.
    """
    column = "first" if first_earner else "second"
    over = table["over_table"]
    if earnings >= over["from"]:
        last = table["rows"][-1][column]
        steps_above = (earnings - over["from"]) // over["step"] + 1
        return last + over["add_first" if first_earner else "add_second"] * steps_above
    for row in table["rows"]:
        if row["from"] <= earnings <= row["to"]:
            return earnings if row[column] is None else row[column]
    raise ValueError(f"earnings {earnings} fall between the rows of the 基礎控除額表")


def recognise_income(household: Household, month: dt.date, ages: list[int]) -> list[Step]:
    """Return the steps of the recognised income, one per member's earnings or other income."""
    steps: list[Step] = []
    earners = sorted(
        ((member, age) for member, age in zip(household.members, ages) if _earnings(member)),
        key=lambda pair: -_earnings(pair[0]),
    )
    for position, (member, age) in enumerate(earners):
        steps.append(_earned(household, month, member, age, first_earner=position == 0))

    for member in household.members:
        for income in member.incomes:
            if income.kind in (EARNINGS, OCCASIONAL):
                continue
            amount = max(0, income.amount - income.expenses)
            steps.append(Step(CATEGORY, f"{income.kind}（{member.name}）", amount,
                              f"月額 {format_yen(income.amount)} − 必要経費 {format_yen(income.expenses)}（全額を認定）",
                              {"月額": income.amount, "必要経費": income.expenses}))

    steps += _occasional(household, month)
    return steps


def _earnings(member: Member) -> int:
    return sum(income.amount for income in member.incomes if income.kind == EARNINGS)


def _earned(household: Household, month: dt.date, member: Member, age: int, first_earner: bool) -> Step:
    table = rule("basic_deduction", month)
    gross = _earnings(member)
    expenses = sum(income.expenses for income in member.incomes if income.kind == EARNINGS)
    basic = basic_deduction(gross, first_earner, table.value)
    parts = [f"収入 {format_yen(gross)}", f"基礎控除 {format_yen(basic)}（{'1人目' if first_earner else '2人目以降'}）"]
    if expenses:
        parts.append(f"必要経費 {format_yen(expenses)}")

    new_job = 0
    if member.new_job_since is not None:
        found = rule("new_job_deduction", month)
        elapsed = (month.year - member.new_job_since.year) * 12 + month.month - member.new_job_since.month
        if 0 <= elapsed < found.value["months"]:
            new_job = found.value["amount"]
            parts.append(f"新規就労控除 {format_yen(new_job)}（{elapsed + 1}か月目）")

    minor = 0
    found_minor = rule("minor_deduction", month)
    if age < found_minor.value["age_below"] and member.minor_deduction and household.size > 1:
        minor = found_minor.value["amount"]
        parts.append(f"未成年者控除 {format_yen(minor)}")

    recognised = max(0, gross - basic - expenses - new_job - minor)
    return Step(CATEGORY, f"就労収入（{member.name}）", recognised, " − ".join(parts) + "（0円未満は0円）",
                {"収入": gross, "基礎控除": basic, "必要経費": expenses, "新規就労控除": new_job, "未成年者控除": minor},
                table.name, table.source)


def _occasional(household: Household, month: dt.date) -> list[Step]:
    total = sum(income.amount for member in household.members for income in member.incomes if income.kind == OCCASIONAL)
    if not total:
        return []
    found = rule("occasional_income_exemption", month)
    amount = max(0, total - found.value)
    return [Step(CATEGORY, "臨時収入（世帯合算）", amount, f"合計 {format_yen(total)} − 認定しない額 {format_yen(found.value)}（0円未満は0円）",
                 {"合計": total}, found.name, found.source)]
