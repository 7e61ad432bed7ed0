"""住宅扶助: the actual rent up to the limit for the implementing body, 級地 and household size."""

import datetime as dt

from seiho.benefit.household import Household
from seiho.benefit.rules import major_grade, rule
from seiho.benefit.trace import Step, format_yen
from seiho.errors import ParameterError

CATEGORY = "住宅扶助"


def housing_assistance(household: Household, month: dt.date) -> list[Step]:
    """Return the 住宅扶助 step: the rent, capped at the limit."""
    if household.rent == 0:
        return []

    found = rule("housing_limit", month)
    authority = household.housing_authority or household.prefecture
    entry = found.value.get(authority)
    if entry is None:
        raise ParameterError(
            f"実施機関「{authority}」の住宅扶助限度額が data/parameters/{found.name}.yaml にありません。"
            f"登録済みの実施機関（{'・'.join(found.value)}）から選ぶか、その実施機関の限度額を追加してください。",
            f"no housing limit for {authority!r}",
        )
    limits = entry["limits"].get(major_grade(household.grade_area)) or entry["limits"].get("全域")
    if limits is None:
        raise ParameterError(
            f"実施機関「{authority}」の住宅扶助限度額に {major_grade(household.grade_area)} の行がありません。級地か実施機関を確かめてください。",
            f"no housing limit row for {authority!r} {household.grade_area}",
        )
    column, limit = _limit_for_size(limits, household.size)
    if limit is None:
        raise ParameterError(
            f"実施機関「{authority}」の住宅扶助限度額には {column} の公表値がありません。実施機関の定める額を data/parameters/{found.name}.yaml に追加してください。",
            f"no published housing limit for {authority!r} size {household.size}",
        )

    amount = min(household.rent, limit)
    explanation = "家賃が限度額以下なので家賃の額" if household.rent <= limit else f"家賃 {format_yen(household.rent)} が限度額を超えるので限度額"
    # TODO: the reduced limit for a single person by floor area (床面積別) is not applied.
    return [Step(CATEGORY, "住宅扶助（家賃・間代）", amount, f"{explanation}（{authority}・{major_grade(household.grade_area)}・{column}の限度額 {format_yen(limit)}）",
                 {"家賃": household.rent, "実施機関": authority, "世帯人員": household.size}, found.name, found.source)]


def _limit_for_size(limits: dict, size: int) -> tuple[str, int | None]:
    # Column keys are "1", "2", "3-5", "6", "7-": a size or an inclusive range, open when it ends with "-".
    for key, amount in limits.items():
        low_text, dash, high_text = str(key).partition("-")
        low = int(low_text)
        if not dash:
            if size == low:
                return f"{low}人", amount
        elif not high_text:
            if size >= low:
                return f"{low}人以上", amount
        elif low <= size <= int(high_text):
            return f"{low}〜{high_text}人", amount
    raise ParameterError(f"住宅扶助限度額の表に {size}人世帯の列がありません。", f"no housing column for size {size}")
