"""和暦 and Western dates, and the era table they rest on."""

import datetime as dt

import pytest

from seiho.ingest.wareki import DateError, era_table, parse_date, parse_year_month, to_wareki

ACCEPTED_DATES = [
    ("令和7年9月12日", dt.date(2025, 9, 12)),
    ("R7.9.12", dt.date(2025, 9, 12)),
    ("R07/09/12", dt.date(2025, 9, 12)),
    ("r7-9-12", dt.date(2025, 9, 12)),
    ("令和元年5月1日", dt.date(2019, 5, 1)),
    ("H31.4.30", dt.date(2019, 4, 30)),
    ("平成31年4月30日", dt.date(2019, 4, 30)),
    ("平成元年1月8日", dt.date(1989, 1, 8)),
    ("昭和64年1月7日", dt.date(1989, 1, 7)),
    ("S20.8.15", dt.date(1945, 8, 15)),
    ("大正元年7月30日", dt.date(1912, 7, 30)),
    ("2025-09-12", dt.date(2025, 9, 12)),
    ("2025/9/12", dt.date(2025, 9, 12)),
    ("20250912", dt.date(2025, 9, 12)),
    ("2025年9月12日", dt.date(2025, 9, 12)),
    ("２０２５－０９－１２", dt.date(2025, 9, 12)),
    ("令和 7年 9月 12日", dt.date(2025, 9, 12)),
    ("\u32ff7年9月12日", dt.date(2025, 9, 12)),  # ㋿, the one-character 令和
]

REJECTED_DATES = [
    ("平成31年5月1日", "平成の期間にない"),
    ("令和0年1月1日", "令和0年という年はありません"),
    ("昭和64年1月8日", "昭和の期間にない"),
    ("令和7年2月30日", "存在しない日付"),
    ("令和元年4月30日", "令和の期間にない"),
    ("明治45年7月30日", "明治の期間にない"),
    ("明治5年12月1日", "旧暦"),
    ("2025-02-29", "存在しない日付"),
    ("7.9.12", "元号がない"),
    ("X7.9.12", "という元号は扱えません"),
    ("令和2025年1月1日", "大きすぎます"),
    ("9/12", "日付として読めません"),
]


@pytest.mark.parametrize("text, expected", ACCEPTED_DATES)
def test_parse_date_accepts_format(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, reason_part", REJECTED_DATES)
def test_parse_date_rejects_with_reason(text, reason_part):
    with pytest.raises(DateError) as raised:
        parse_date(text)
    assert reason_part in raised.value.reason


def test_year_only_date_is_reiwa():
    assert parse_date("５年１０月１日") == dt.date(2023, 10, 1)


def test_year_only_era_comes_from_table():
    assert era_table().year_only_era.name == "令和"


def test_era_table_has_no_gaps():
    eras = era_table().eras
    for earlier, later in zip(eras, eras[1:]):
        assert earlier.last_day + dt.timedelta(days=1) == later.first_day, later.name


def test_era_table_cites_each_source():
    for era in era_table().eras:
        assert era.source, era.name


def test_current_era_is_open_ended():
    assert era_table().eras[-1].last_day is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("令和7年9月", dt.date(2025, 9, 1)),
        ("R7.9", dt.date(2025, 9, 1)),
        ("2025-09", dt.date(2025, 9, 1)),
        ("202509", dt.date(2025, 9, 1)),
        ("平成31年4月", dt.date(2019, 4, 1)),
        ("昭和64年1月", dt.date(1989, 1, 1)),
        ("2025-09-01", dt.date(2025, 9, 1)),
    ],
)
def test_parse_year_month_accepts_format(text, expected):
    assert parse_year_month(text) == expected


@pytest.mark.parametrize("text", ["平成31年5月", "令和元年4月", "2025-13", "2025-09-15"])
def test_parse_year_month_rejects(text):
    with pytest.raises(DateError):
        parse_year_month(text)


def test_to_wareki_writes_gannen():
    assert to_wareki(dt.date(2019, 5, 1)) == "令和元年5月1日"


def test_to_wareki_round_trips():
    for day in (dt.date(1989, 1, 7), dt.date(1989, 1, 8), dt.date(2019, 4, 30), dt.date(2025, 9, 12)):
        assert parse_date(to_wareki(day)) == day
