"""定期確認: the checks a visit should cover, each with its due date, from data/parameters/visit_periodic_checks.yaml."""

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from seiho.errors import ParameterError
from seiho.parameters import parameter
from seiho.ui.formatting import format_value
from seiho.visits.facts import age_on

PARAMETER = "visit_periodic_checks"
# Each rule and the keys its entries need besides id, label and rule.
RULES = {
    "income_report": (),
    "anniversary": ("interval_months",),
    "yearly": ("month", "day"),
    "medical_opinion": (),
    "age_reached": ("age",),
}


@dataclass(frozen=True)
class CheckItem:
    """One 定期確認 item: what to check, for whom, by when, and where the due date came from."""

    check_id: str
    label: str
    due_on: dt.date
    overdue: bool                   # the due date is before the visit day
    member: str                     # the member's name, or '' for the household
    basis: str                      # how the due date was found, in Japanese


@dataclass(frozen=True)
class HouseholdDueFacts:
    """The facts about one household that the due rules read on the visit day."""

    started_on: dt.date
    incomes: tuple[tuple[str, str, dt.date | None], ...]                # (member name, income_type, next_report_due)
    opinions: tuple[tuple[str, str, dt.date | None], ...]               # (member name, 診療別・医療機関, due date)
    members: tuple[tuple[str, dt.date], ...]                            # (member name, birth date)


def periodic_checks(facts: HouseholdDueFacts, day: dt.date) -> list[CheckItem]:
    """Return the checks due on or before ``day`` + lookahead_days, by due date.

    The rules in force on ``day`` decide which checks exist and how each due
    date is found.
    """
    settings = parameter(PARAMETER).at(day)
    until = day + dt.timedelta(days=int(settings["lookahead_days"]))

    items = []
    for check in settings["checks"]:
        rule = _check_entry(check)
        for due_on, member, basis in _RULE_FUNCTIONS[rule](check, facts, day):
            if due_on is not None and due_on <= until:
                items.append(CheckItem(check["id"], check["label"], due_on, due_on < day, member, basis))

    return sorted(items, key=lambda item: (item.due_on, item.label, item.member))


def _check_entry(check: dict[str, Any]) -> str:
    """Return the entry's rule, or raise ``ParameterError`` naming the entry and what it lacks."""
    where = f"data/parameters/{PARAMETER}.yaml の確認事項 {check.get('id') or '(id なし)'}"
    rule = check.get("rule")
    if rule not in RULES:
        raise ParameterError(
            f"{where} の rule「{rule}」は使えません。{'・'.join(RULES)} のどれかにしてください。",
            f"{PARAMETER}: check {check.get('id')} has unknown rule {rule!r}",
        )
    missing = [key for key in ("id", "label", *RULES[rule]) if check.get(key) in (None, "")]
    if missing:
        raise ParameterError(
            f"{where}（rule {rule}）に {'・'.join(missing)} がありません。書き足してください。",
            f"{PARAMETER}: check {check.get('id')} lacks {missing}",
        )
    return rule


def _income_report(check: dict[str, Any], facts: HouseholdDueFacts, day: dt.date):
    included_types = check.get("income_types")
    excluded = check.get("except_types") or []
    interval = check.get("interval_months")
    for member, income_type, next_due in facts.incomes:
        if (included_types is not None and income_type not in included_types) or income_type in excluded:
            continue
        if next_due is not None:
            yield next_due, member, f"{income_type}の次回申告期限（標準システム）"
        elif interval == 1:
            yield _month_end(day), member, f"{income_type}は毎月申告（期限の登録がないため今月末とした）"


def _anniversary(check: dict[str, Any], facts: HouseholdDueFacts, day: dt.date):
    # A check marked income_report_due takes the standard system's date, so
    # the sheet does not show a second, computed date beside the 収入 table.
    if check.get("income_report_due"):
        reported = _earliest_report_due(facts, check.get("except_types") or [])
        if reported is not None:
            due_on, income_type = reported
            yield due_on, "", f"{income_type}の次回申告期限（標準システム）"
            return

    # The first occurrence on or after the first day of the visit's month, so
    # a check that fell due earlier in the month still shows, as 期限経過.
    # TODO: when a check was last done is not recorded, so an earlier month's
    # missed check is not shown and a done check of this month still shows.
    interval = int(check["interval_months"])
    month_start = day.replace(day=1)
    occurrence = facts.started_on
    step = 1
    while occurrence < month_start:
        occurrence = _add_months(facts.started_on, interval * step)
        step += 1
    if occurrence == facts.started_on:
        # The start itself is not a periodic check.
        occurrence = _add_months(facts.started_on, interval)
    yield occurrence, "", f"保護開始日 {format_value(facts.started_on)} から {interval} か月ごと"


def _earliest_report_due(facts: HouseholdDueFacts, excluded: list[str]) -> tuple[dt.date, str] | None:
    """Return (next_report_due, income_type) of the household's earliest report due date, or None when none is known."""
    dues = [(next_due, income_type) for _, income_type, next_due in facts.incomes
            if next_due is not None and income_type not in excluded]
    return min(dues) if dues else None


def _yearly(check: dict[str, Any], facts: HouseholdDueFacts, day: dt.date):
    month, day_of_month = int(check["month"]), int(check["day"])
    occurrence = dt.date(day.year, month, day_of_month)
    if occurrence < day.replace(day=1):
        occurrence = dt.date(day.year + 1, month, day_of_month)
    yield occurrence, "", f"毎年 {month} 月 {day_of_month} 日"


def _medical_opinion(check: dict[str, Any], facts: HouseholdDueFacts, day: dt.date):
    for member, aid, due_on in facts.opinions:
        if due_on is not None:
            yield due_on, member, f"{aid}の医療要否意見書の期限"


def _age_reached(check: dict[str, Any], facts: HouseholdDueFacts, day: dt.date):
    age = int(check["age"])
    for member, birth_date in facts.members:
        birthday = _birthday_in(birth_date, birth_date.year + age)
        # Only a birthday from the start of the visit's month on, so someone
        # who reached the age long ago is not listed on every visit.
        if birthday >= day.replace(day=1) and age_on(birth_date, birthday) == age:
            yield birthday, member, f"{format_value(birthday)} に {age} 歳"


_RULE_FUNCTIONS = {
    "income_report": _income_report,
    "anniversary": _anniversary,
    "yearly": _yearly,
    "medical_opinion": _medical_opinion,
    "age_reached": _age_reached,
}


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _add_months(start: dt.date, months: int) -> dt.date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _birthday_in(birth_date: dt.date, year: int) -> dt.date:
    # Someone born on 29 February has their birthday on 1 March in common
    # years, as age_on counts it.
    if birth_date.month == 2 and birth_date.day == 29 and not calendar.isleap(year):
        return dt.date(year, 3, 1)
    return birth_date.replace(year=year)
