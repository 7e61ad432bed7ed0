"""Read dates written in the Japanese calendar (和暦) or the Western one.

The era table (name, letter, first and last day, legal source) lives in
``data/import_layout/eras.yaml``; nothing here names an era. A date that does
not exist in its era (平成31年5月1日, 令和0年, 令和7年2月30日) raises
``DateError``: it is never moved into the next era.
"""

import calendar
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

import yaml

from seiho.paths import data_dir


class DateError(ValueError):
    """A text is not a date, or names a day that does not exist; ``reason`` is Japanese."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Era:
    """One era (元号) and the days it covers in the Gregorian calendar."""

    name: str
    letter: str
    first_year: int
    first_day: dt.date
    last_day: dt.date | None
    source: str
    first_day_note: str | None = None

    def gregorian_year(self, era_year: int) -> int:
        """Return the Western year of year ``era_year`` of this era."""
        return self.first_year + era_year - 1

    def contains(self, day: dt.date) -> bool:
        """Return whether ``day`` falls within this era's table range."""
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)


@dataclass(frozen=True)
class EraTable:
    """All eras, and the era assumed for a year written without one."""

    eras: tuple[Era, ...]
    year_only_era: Era

    def by_name_or_letter(self, text: str) -> Era:
        """Return the era named ``text`` (令和) or abbreviated by its letter (R, r)."""
        for era in self.eras:
            if text == era.name or text.upper() == era.letter:
                return era
        raise KeyError(text)


@functools.cache
def era_table() -> EraTable:
    """Load ``data/import_layout/eras.yaml``."""
    content = yaml.safe_load((data_dir() / "import_layout" / "eras.yaml").read_text(encoding="utf-8"))
    eras = tuple(
        Era(
            name=entry["name"],
            letter=entry["letter"],
            first_year=int(entry["first_year"]),
            first_day=entry["first_day"],
            last_day=entry.get("last_day"),
            source=entry["source"],
            first_day_note=entry.get("first_day_note"),
        )
        for entry in content["eras"]
    )
    year_only = next(era for era in eras if era.name == content["year_only_era"])
    return EraTable(eras=eras, year_only_era=year_only)


_ERA_PREFIX = r"(?P<era>[^\d\s.\-/年月日]{1,2})?"
_YEAR = r"(?P<year>\d{1,4}|元)"
_MONTH = r"(?P<month>\d{1,2})"
_DAY = r"(?P<day>\d{1,2})"

# 2025-09-12, R7.9.12, 令和7/9/12 (separators may differ but each is one of - / .)
_SEPARATED = re.compile(rf"^{_ERA_PREFIX}{_YEAR}[-/.]{_MONTH}[-/.]{_DAY}$")
# 令和7年9月12日, 2025年9月12日, 5年10月1日
_KANJI = re.compile(rf"^{_ERA_PREFIX}{_YEAR}年{_MONTH}月{_DAY}日$")
# 20250912
_COMPACT = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})$")

_SEPARATED_MONTH = re.compile(rf"^{_ERA_PREFIX}{_YEAR}[-/.]{_MONTH}$")
_KANJI_MONTH = re.compile(rf"^{_ERA_PREFIX}{_YEAR}年{_MONTH}月$")
_COMPACT_MONTH = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})$")

DATE_EXAMPLES = "2025-09-12、2025/9/12、令和7年9月12日、R7.9.12"
MONTH_EXAMPLES = "2025-09、令和7年9月、R7.9"


def _clean(text: str) -> str:
    # NFKC turns full-width digits and separators into ASCII and the one-character
    # era signs (㋿, ㍻) into their two-kanji names. Spaces carry no meaning in a date.
    return "".join(unicodedata.normalize("NFKC", text).split())


@functools.lru_cache(maxsize=65536)
def parse_date(text: str) -> dt.date:
    """Parse a Western or Japanese-calendar date; raise ``DateError`` with a Japanese reason."""
    cleaned = _clean(text)
    match = _COMPACT.fullmatch(cleaned) or _SEPARATED.fullmatch(cleaned) or _KANJI.fullmatch(cleaned)
    if match is None:
        raise DateError(f"日付として読めません（書き方の例: {DATE_EXAMPLES}）。")

    parts = match.groupdict()
    year_text, month, day = parts["year"], int(parts["month"]), int(parts["day"])
    era_text = parts.get("era")

    # A four-digit year without an era is Western; anything else belongs to an era.
    if era_text is None and len(year_text) == 4:
        return _gregorian_date(int(year_text), month, day, cleaned)
    if era_text is None and match.re is _SEPARATED:
        raise DateError(f"「{cleaned}」は元号がないため年を決められません（書き方の例: {DATE_EXAMPLES}）。")

    era = _era_of(era_text)
    era_year = _era_year(year_text, era)
    label = f"{era.name}{_year_label(era_year)}年{month}月{day}日"
    day_value = _gregorian_date(era.gregorian_year(era_year), month, day, label)
    _require_within(era, day_value, label)
    return day_value


@functools.lru_cache(maxsize=4096)
def parse_year_month(text: str) -> dt.date:
    """Parse a year and month (2025-09, 令和7年9月, R7.9); return the month's first day.

    A full date is accepted only when it is the first of the month, so a value
    such as 2025-09-15 is reported rather than silently truncated.
    """
    cleaned = _clean(text)
    match = _COMPACT_MONTH.fullmatch(cleaned) or _SEPARATED_MONTH.fullmatch(cleaned) or _KANJI_MONTH.fullmatch(cleaned)
    if match is None:
        try:
            day_value = parse_date(text)
        except DateError:
            raise DateError(f"年月として読めません（書き方の例: {MONTH_EXAMPLES}）。") from None
        if day_value.day != 1:
            raise DateError(f"年月の欄に日付 {day_value.isoformat()} があります。年月（例: {MONTH_EXAMPLES}）で出力してください。")
        return day_value

    parts = match.groupdict()
    year_text, month = parts["year"], int(parts["month"])
    era_text = parts.get("era")
    if not 1 <= month <= 12:
        raise DateError(f"{month}月という月はありません。")

    if era_text is None and len(year_text) == 4:
        return dt.date(int(year_text), month, 1)
    if era_text is None and match.re is _SEPARATED_MONTH:
        raise DateError(f"「{cleaned}」は元号がないため年を決められません（書き方の例: {MONTH_EXAMPLES}）。")

    era = _era_of(era_text)
    era_year = _era_year(year_text, era)
    year = era.gregorian_year(era_year)
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    label = f"{era.name}{_year_label(era_year)}年{month}月"

    # A month counts when at least one of its days lies in the era (昭和64年1月 has seven).
    if last < era.first_day or (era.last_day is not None and first > era.last_day):
        raise DateError(_outside_era_reason(era, label))
    return first


def to_wareki(day: dt.date) -> str:
    """Format ``day`` as 令和7年9月12日 (元年 for the first year)."""
    for era in era_table().eras:
        if era.contains(day):
            era_year = day.year - era.first_year + 1
            return f"{era.name}{_year_label(era_year)}年{day.month}月{day.day}日"
    raise DateError(f"{day.isoformat()} は元号の表にない日付です。")


def _era_of(era_text: str | None) -> Era:
    table = era_table()
    if era_text is None:
        return table.year_only_era
    try:
        return table.by_name_or_letter(era_text)
    except KeyError:
        known = "、".join(f"{era.name}（{era.letter}）" for era in table.eras)
        raise DateError(f"「{era_text}」という元号は扱えません（扱える元号: {known}）。") from None


def _era_year(year_text: str, era: Era) -> int:
    if year_text == "元":
        return 1
    if len(year_text) > 2:
        raise DateError(f"{era.name}{year_text}年は元号の年として大きすぎます。西暦なら元号を付けずに4桁で出力してください。")
    year = int(year_text)
    if year < 1:
        raise DateError(f"{era.name}{year}年という年はありません（元年は1年です）。")
    return year


def _year_label(era_year: int) -> str:
    return "元" if era_year == 1 else str(era_year)


def _gregorian_date(year: int, month: int, day: int, label: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"{label} は存在しない日付です。") from None


def _require_within(era: Era, day: dt.date, label: str) -> None:
    if era.contains(day):
        return

    # The table can start later than the era itself (明治 before the 1873
    # calendar reform), and then the table's note gives the reason.
    if day < era.first_day and era.first_day_note:
        raise DateError(f"{label} は西暦に直せません（{era.first_day_note}）。")
    raise DateError(_outside_era_reason(era, label))


def _outside_era_reason(era: Era, label: str) -> str:
    if era.last_day is not None:
        span = f"{era.name}は{era.first_day.isoformat()}から{era.last_day.isoformat()}まで"
    else:
        span = f"{era.name}は{era.first_day.isoformat()}から"
    return f"{label} は{era.name}の期間にない日付です（{span}）。元号と日付を原本で確かめて出力し直してください。"
