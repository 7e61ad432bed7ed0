"""Dates in speech: 和暦 years and relative dates resolved against the recording date."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from seiho.ingest.wareki import era_table

WEEKDAYS = "月火水木金土日"

# 来週の木曜日, 今週木曜, 再来週の月曜日, 先週の金曜 (the week starts on Monday).
_WEEK_DAY = re.compile(r"(再来週|来週|今週|先週)の?([月火水木金土日])曜(?:日)?")
_DAY_WORDS = {"明後日": 2, "あさって": 2, "明日": 1, "あした": 1, "昨日": -1, "きのう": -1}
_DAY_WORD = re.compile("|".join(_DAY_WORDS))
_MONTH_END = re.compile(r"(来月|今月)の?(末|終わり)")
_NEXT_MONTH = re.compile(r"(来月|今月|先月)(?![の]?[末終\d])")
_WEEK_OFFSETS = {"先週": -1, "今週": 0, "来週": 1, "再来週": 2}


@dataclass(frozen=True)
class ResolvedDate:
    """A relative date expression and the day or month it names."""

    start: int
    end: int
    spoken: str
    written: str
    day: dt.date | None


def written_day(day: dt.date) -> str:
    """Return a day in the written style of records: 4月23日（木）."""
    return f"{day.month}月{day.day}日（{WEEKDAYS[day.weekday()]}）"


def wareki_date(day: dt.date) -> str:
    """Return a day as a 和暦 date (2026-04-14 → 令和8年4月14日), using the era table in data/."""
    for era in era_table().eras:
        if era.contains(day):
            era_year = day.year - era.first_year + 1
            return f"{era.name}{'元' if era_year == 1 else era_year}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def find_relative_dates(text: str, recorded_on: dt.date) -> list[ResolvedDate]:
    """Return the relative dates in ``text`` resolved against ``recorded_on``, left to right."""
    found: list[ResolvedDate] = []
    monday = recorded_on - dt.timedelta(days=recorded_on.weekday())

    for match in _WEEK_DAY.finditer(text):
        week = monday + dt.timedelta(weeks=_WEEK_OFFSETS[match.group(1)])
        day = week + dt.timedelta(days=WEEKDAYS.index(match.group(2)))
        found.append(ResolvedDate(match.start(), match.end(), match.group(0), written_day(day), day))

    for match in _DAY_WORD.finditer(text):
        day = recorded_on + dt.timedelta(days=_DAY_WORDS[match.group(0)])
        found.append(ResolvedDate(match.start(), match.end(), match.group(0), written_day(day), day))

    for match in _MONTH_END.finditer(text):
        month = _add_months(recorded_on.replace(day=1), 1 if match.group(1) == "来月" else 0)
        day = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        found.append(ResolvedDate(match.start(), match.end(), match.group(0), f"{day.month}月末（{day.month}月{day.day}日）", day))

    for match in _NEXT_MONTH.finditer(text):
        offset = {"来月": 1, "今月": 0, "先月": -1}[match.group(1)]
        month = _add_months(recorded_on.replace(day=1), offset)
        found.append(ResolvedDate(match.start(), match.end(), match.group(0), f"{match.group(0)}（{month.month}月）", None))

    found.sort(key=lambda item: item.start)
    chosen: list[ResolvedDate] = []
    for item in found:
        if not chosen or item.start >= chosen[-1].end:
            chosen.append(item)
    return chosen
