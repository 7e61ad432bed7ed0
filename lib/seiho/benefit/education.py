"""教育扶助: the monthly 基準額 for each pupil at 小学校 or 中学校."""

import datetime as dt

from seiho.benefit.household import Household
from seiho.benefit.rules import rule
from seiho.benefit.trace import Step

CATEGORY = "教育扶助"


def education_assistance(household: Household, month: dt.date) -> list[Step]:
    """Return one step per pupil with the 基準額 for their school."""
    pupils = [member for member in household.members if member.school]
    if not pupils:
        return []
    found = rule("education", month)
    # TODO: 教材代, 学校給食費, 通学交通費 and 学習支援費 are actual costs and are not entered yet.
    return [Step(CATEGORY, f"教育扶助 基準額（{pupil.name}・{pupil.school}）", found.value[pupil.school], f"{pupil.school}の基準額",
                 {"学校": pupil.school}, found.name, found.source) for pupil in pupils]
