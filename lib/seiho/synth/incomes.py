"""Incomes (収入申告・収入認定): pensions, earnings, allowances and remittances."""

import datetime as dt
import logging

import numpy as np
import pandas as pd

from seiho.synth.dates import DAYS_PER_YEAR, add_months, as_day, first_of_month, offset_days, uniform_dates

log = logging.getLogger(__name__)

WORKING_AGE = (18, 64)

# Half of the incomes count from the start of assistance. The others were
# recognised at some point in the last RECENT_YEARS years of the case.
RECOGNISED_LATER_SHARE = 0.5
RECENT_YEARS = 3


def draw_incomes(rng: np.random.Generator, members: pd.DataFrame, households: pd.DataFrame, settings: dict,
                 as_of: dt.date) -> pd.DataFrame:
    """Return income rows and set flags on ``members`` for later steps.

    Flags added to ``members``: old_age_pension, disability_pension and
    earner (booleans). Each income has the yen amount a month, the date it
    was first recognised, the closure date as its end for closed cases, and
    the next report due: monthly for earnings, yearly for the rest.
    """
    household = members["household"].to_numpy()
    age = members["age"].to_numpy()
    present = members["in_household"].to_numpy()
    is_head = members["member_no"].to_numpy() == 1
    household_type = households["household_type"].to_numpy()[household]
    count = len(members)

    elderly = present & (age >= 65)
    members["old_age_pension"] = elderly & (rng.random(count) < settings["old_age_pension"]["share"])
    members["disability_pension"] = is_head & (household_type == "障害者世帯") & (rng.random(count) < settings["disability_pension"]["share"])
    working_age = present & (age >= WORKING_AGE[0]) & (age <= WORKING_AGE[1])
    earner_share = np.where(is_head, pd.Series(household_type).map(settings["earnings"]["share"]).to_numpy(dtype=float),
                            settings["earnings"]["adult_member_share"])
    members["earner"] = working_age & (rng.random(count) < earner_share)
    mothers = is_head & (household_type == "母子世帯")
    remittance = is_head & elderly & (rng.random(count) < settings["remittance"]["share"])

    children = _children_per_household(members, len(households))
    parts = [
        _rows(rng, members, "年金", members["old_age_pension"].to_numpy(), settings["old_age_pension"]["monthly_yen"]),
        _rows(rng, members, "年金", members["disability_pension"].to_numpy(), settings["disability_pension"]["monthly_yen"]),
        _rows(rng, members, "就労収入", members["earner"].to_numpy(), settings["earnings"]["monthly_yen"]),
        _rows(rng, members, "手当", mothers, settings["child_rearing_allowance"]["monthly_yen"]),
        _rows(rng, members, "仕送り", remittance, settings["remittance"]["monthly_yen"]),
    ]
    # 児童手当 is a fixed amount per child, as a monthly figure.
    child_allowance = _rows(rng, members, "手当", mothers & (children[household] > 0), None)
    child_allowance["monthly_amount"] = children[child_allowance["household"].to_numpy()] * settings["child_allowance_per_child_yen"]
    parts.append(child_allowance)
    incomes = pd.concat(parts, ignore_index=True)

    _add_dates(rng, incomes, households, settings, as_of)
    incomes = incomes.sort_values(["household", "member_no", "income_type", "monthly_amount"], kind="stable", ignore_index=True)
    incomes["income_id"] = [f"I{number:08d}" for number in range(1, len(incomes) + 1)]
    log.info("drew %d incomes", len(incomes))
    return incomes


def _rows(rng: np.random.Generator, members: pd.DataFrame, income_type: str, chosen: np.ndarray, monthly_yen: list | None) -> pd.DataFrame:
    """Return one income row per chosen member, amounts rounded to 10 yen."""
    picked = members.loc[chosen, ["household", "member_no"]].reset_index(drop=True)
    picked["income_type"] = income_type
    if monthly_yen is not None:
        picked["monthly_amount"] = (np.round(rng.triangular(*monthly_yen, size=len(picked)) / 10) * 10).astype(np.int64)
    return picked


def _children_per_household(members: pd.DataFrame, household_count: int) -> np.ndarray:
    children = (members["age"].to_numpy() < 18) & members["in_household"].to_numpy()
    return np.bincount(members["household"].to_numpy()[children], minlength=household_count)


def _add_dates(rng: np.random.Generator, incomes: pd.DataFrame, households: pd.DataFrame, settings: dict, as_of: dt.date) -> None:
    """Set since, until and next_report_due on the income rows."""
    household = incomes["household"].to_numpy()
    started_on = households["started_on"].to_numpy(dtype="datetime64[D]")[household]
    closed_on = households["closed_on"].to_numpy(dtype="datetime64[D]")[household]
    closed = ~np.isnat(closed_on)
    as_of_day = as_day(as_of)
    end = np.where(closed, closed_on, as_of_day)
    count = len(incomes)

    latest_start = np.maximum(started_on, offset_days(end, -RECENT_YEARS * DAYS_PER_YEAR))
    later = rng.random(count) < RECOGNISED_LATER_SHARE
    since = np.where(later, uniform_dates(rng, latest_start, end, count), started_on)
    incomes["since"] = since
    incomes["until"] = closed_on

    # Earnings are reported every month by report_day, the rest once a year.
    report_day = settings["report_day"] - 1
    monthly = (incomes["income_type"] == "就労収入").to_numpy()
    next_month = first_of_month(add_months(as_of_day, 1)) + np.timedelta64(report_day, "D")
    late_monthly = first_of_month(as_of_day) + np.timedelta64(report_day, "D")
    late_monthly = np.where(late_monthly >= as_of_day, first_of_month(add_months(as_of_day, -1)) + np.timedelta64(report_day, "D"), late_monthly)
    monthly_due = np.where(rng.random(count) < settings["earnings_overdue_share"], late_monthly, next_month)
    yearly_due = np.where(
        rng.random(count) < settings["annual_overdue_share"],
        uniform_dates(rng, as_of_day - 60, as_of_day - 1, count),
        uniform_dates(rng, as_of_day + 1, as_of_day + 365, count),
    )
    due = np.where(monthly, monthly_due, yearly_due)
    due[closed] = np.datetime64("NaT")
    incomes["next_report_due"] = due
