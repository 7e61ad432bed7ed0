"""Vectorised date helpers on numpy datetime64[D] arrays."""

import datetime as dt

import numpy as np

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = 30.4375


def as_day(date: dt.date) -> np.datetime64:
    """Return a date as numpy datetime64[D]."""
    return np.datetime64(date, "D")


def offset_days(start: np.ndarray | np.datetime64, days: np.ndarray | float) -> np.ndarray:
    """Return ``start`` plus a number of days, rounded down to whole days."""
    return start + np.floor(days).astype(np.int64).astype("timedelta64[D]")


def uniform_dates(rng: np.random.Generator, first: np.ndarray | np.datetime64, last: np.ndarray | np.datetime64, size: int) -> np.ndarray:
    """Draw dates uniformly between ``first`` and ``last``, both inclusive."""
    span = (np.asarray(last) - np.asarray(first)).astype(np.int64) + 1
    return first + np.floor(rng.random(size) * span).astype(np.int64).astype("timedelta64[D]")


def add_months(dates: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Add whole months, moving a day that does not exist (31 April) to the month's last day."""
    dates = np.asarray(dates, dtype="datetime64[D]")
    month_starts = dates.astype("datetime64[M]")
    day_of_month = (dates - month_starts.astype("datetime64[D]")).astype(np.int64)
    target_month = month_starts + np.asarray(months).astype("timedelta64[M]")
    month_length = ((target_month + 1).astype("datetime64[D]") - target_month.astype("datetime64[D]")).astype(np.int64)
    return target_month.astype("datetime64[D]") + np.minimum(day_of_month, month_length - 1).astype("timedelta64[D]")


def first_of_month(dates: np.ndarray | np.datetime64) -> np.ndarray:
    """Return the first day of each date's month."""
    return np.asarray(dates, dtype="datetime64[D]").astype("datetime64[M]").astype("datetime64[D]")


def years_between(earlier: np.ndarray, later: np.ndarray | np.datetime64) -> np.ndarray:
    """Return whole years from ``earlier`` to ``later``, as an age is counted."""
    earlier = np.asarray(earlier, dtype="datetime64[D]")
    later = np.broadcast_to(np.asarray(later, dtype="datetime64[D]"), earlier.shape)
    years = later.astype("datetime64[Y]").astype(np.int64) - earlier.astype("datetime64[Y]").astype(np.int64)
    before_birthday = _month_day(later) < _month_day(earlier)
    return years - before_birthday


def timestamps(dates: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """Return datetime64[s] timestamps: each date plus a number of seconds after midnight."""
    return np.asarray(dates, dtype="datetime64[D]").astype("datetime64[s]") + np.asarray(seconds, dtype=np.int64).astype("timedelta64[s]")


def _month_day(dates: np.ndarray) -> np.ndarray:
    months = dates.astype("datetime64[M]")
    month_of_year = months.astype(np.int64) % 12
    day = (dates - months.astype("datetime64[D]")).astype(np.int64)
    return month_of_year * 100 + day
