"""Argument types shared by the ``seiho`` subcommands, with Japanese messages that show the expected form."""

import argparse
import datetime as dt


def iso_date(text: str) -> dt.date:
    """Return the date written as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日付「{text}」を読めません。YYYY-MM-DD の形で指定してください（例: 2026-04-14）。") from None


def year_month(text: str) -> dt.date:
    """Return the first day of the month written as YYYY-MM."""
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"年月「{text}」を読めません。YYYY-MM の形で指定してください（例: 2026-04）。") from None
