"""Argument types shared by the subcommands."""

import argparse
import datetime as dt

import pytest

from seiho.arguments import iso_date, year_month


def test_iso_date_reads_date():
    assert iso_date("2026-04-14") == dt.date(2026, 4, 14)


def test_iso_date_rejects_slashes_in_japanese():
    with pytest.raises(argparse.ArgumentTypeError, match="YYYY-MM-DD の形"):
        iso_date("2026/04/14")


def test_year_month_first_day():
    assert year_month("2026-04") == dt.date(2026, 4, 1)


def test_year_month_rejects_month_13():
    with pytest.raises(argparse.ArgumentTypeError, match="年月「2026-13」"):
        year_month("2026-13")
