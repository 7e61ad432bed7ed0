"""Working days of a month: weekdays that are neither public holidays nor 年末年始.

Public holidays, substitute holidays (振替休日) and 国民の休日 come from the
``holidays`` package. The 年末年始 closure comes from
data/parameters/year_end_holidays.yaml (行政機関の休日に関する法律 第1条).
"""

import calendar as month_calendar
import datetime as dt
import functools
import re

import holidays

from seiho.errors import ParameterError
from seiho.parameters import parameter

WEEKDAY_NAMES = "月火水木金土日"


def parse_month(text: str) -> dt.date:
    """Return the first day of a month written as YYYY-MM; raise ``ParameterError`` otherwise."""
    form = re.fullmatch(r"(\d{4})-(\d{2})", text) if text.isascii() else None
    if form is None:
        raise ParameterError(
            f"対象月「{text}」は半角の YYYY-MM の形で指定してください（例: 2027-01）。",
            f"invalid month {text!r}",
        )

    year, month = int(form.group(1)), int(form.group(2))
    if not 1 <= month <= 12 or year < dt.MINYEAR:
        hint = "月は 01 から 12 まで" if year >= dt.MINYEAR else "年は 0001 以上"
        raise ParameterError(
            f"対象月「{text}」は存在しない月です。{hint}で指定してください（例: 2027-01）。",
            f"month out of range {text!r}",
        )
    return dt.date(year, month, 1)


def month_end(month: dt.date) -> dt.date:
    """Return the last day of ``month``'s month."""
    return month.replace(day=days_in_month(month))


def days_in_month(month: dt.date) -> int:
    """Return the number of days in ``month``'s month."""
    return month_calendar.monthrange(month.year, month.month)[1]


@functools.cache
def _public_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("JP", years=year, language="ja"))


def closed_reason(day: dt.date) -> str | None:
    """Return why the office is closed on ``day`` (土曜日, 日曜日, a holiday's name or 年末年始), or None on a working day."""
    if day.weekday() == 5:
        return "土曜日"
    if day.weekday() == 6:
        return "日曜日"

    name = _public_holidays(day.year).get(day)
    if name:
        return name

    closure = parameter("year_end_holidays").at(day)
    first = _month_day(closure["first_day"])
    last = _month_day(closure["last_day"])
    if (day.month, day.day) >= first or (day.month, day.day) <= last:
        return "年末年始"
    return None


def working_days(month: dt.date) -> list[dt.date]:
    """Return the office's working days in ``month``'s month, in order."""
    days = [month.replace(day=number) for number in range(1, days_in_month(month) + 1)]
    return [day for day in days if closed_reason(day) is None]


def day_label(day: dt.date) -> str:
    """Return a date as staff read it, e.g. 1月4日（月）."""
    return f"{day.month}月{day.day}日（{WEEKDAY_NAMES[day.weekday()]}）"


def _month_day(text: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in str(text).split("-"))
    except ValueError:
        raise ParameterError(
            f"data/parameters/year_end_holidays.yaml の月日「{text}」は MM-DD の形にしてください（例: 12-29）。",
            f"invalid month-day {text!r} in year_end_holidays",
        ) from None
    return month, day
