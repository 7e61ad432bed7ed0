"""Ages on the reference date the 生活扶助 age bands use, and the stale-age check."""

import datetime as dt

from seiho.benefit.errors import StaleAgeError
from seiho.benefit.household import Household, Member
from seiho.benefit.rules import rule


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Return the full years (満年齢) reached on ``day``."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def fiscal_year_start(month: dt.date) -> dt.date:
    """Return April 1 of the fiscal year (年度) that ``month`` belongs to."""
    return dt.date(month.year if month.month >= 4 else month.year - 1, 4, 1)


def age_reference_date(household: Household, month: dt.date) -> dt.date:
    """Return the day whose age decides each member's age band in ``month``."""
    reference = rule("age_reference", month).value["rule"]
    if reference == "month_start":
        return month
    start = fiscal_year_start(month)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    if household.started_on is not None and start < household.started_on < next_month:
        return household.started_on
    return start


def member_ages(household: Household, month: dt.date) -> tuple[dt.date, list[int]]:
    """Return the reference date and each member's age on it.

    Raises ``StaleAgeError`` naming every member whose age was taken on
    another day, or whose given age disagrees with their birth date.
    """
    reference = age_reference_date(household, month)
    ages: list[int] = []
    stale: list[tuple] = []
    for member in household.members:
        age, problem = _age(member, reference)
        ages.append(age)
        if problem:
            stale.append(problem)

    if stale:
        listed = "、".join(f"{name}（入力 {given}歳・{taken}現在 → {reference.isoformat()}現在は{right}）" for name, given, taken, right in stale)
        raise StaleAgeError(
            f"{month.year}年{month.month}月の計算には {reference.isoformat()} 現在の年齢が必要ですが、次の世帯員の年齢が古いか食い違っています: {listed}。"
            "生年月日を書くか、基準日現在の年齢に直してください。",
            f"{len(stale)} members with ages not taken on {reference}",
            stale,
        )
    return reference, ages


def _age(member: Member, reference: dt.date) -> tuple[int, tuple | None]:
    if member.birth_date is not None:
        right = age_on(member.birth_date, reference)
        if member.age is not None and member.age != right:
            return right, (member.name, member.age, (member.age_as_of or reference).isoformat(), right)
        return right, None
    if member.age_as_of != reference:
        # Without a birth date the age on the reference date is unknown.
        return member.age, (member.name, member.age, member.age_as_of.isoformat(), "不明")
    return member.age, None


def age_band(age: int, bands: list[dict]) -> str:
    """Return the label of the band whose lower bound is the largest not above ``age``."""
    label = bands[0]["label"]
    for band in bands:
        if age >= band["min_age"]:
            label = band["label"]
    return label
