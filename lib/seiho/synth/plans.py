"""援助方針 (support plans): one decided at the start and at every yearly review."""

import datetime as dt
import logging

import numpy as np
import pandas as pd

from seiho.synth.dates import DAYS_PER_MONTH, add_months, as_day

log = logging.getLogger(__name__)

PARTS = ("situation", "goal", "actions")


def draw_support_plans(rng: np.random.Generator, households: pd.DataFrame, phrases: dict, settings: dict,
                       as_of: dt.date, history_start: dt.date) -> pd.DataFrame:
    """Return the support plans decided within the history window, at least one per household.

    Plans are decided on the start date and every ``review_months`` after it.
    The latest plan of a few households skipped its review, so its
    next_review_on has passed. Text is one phrase per part for the household type.
    """
    review = settings["review_months"]
    started_on = households["started_on"].to_numpy(dtype="datetime64[D]")
    closed_on = households["closed_on"].to_numpy(dtype="datetime64[D]")
    end = np.where(np.isnat(closed_on), as_day(as_of), closed_on)
    window_start = as_day(history_start)

    # Reviews k = first..last, where the first is the earliest inside the window.
    months_to_window = np.maximum(0, (window_start - started_on).astype(np.int64)) / DAYS_PER_MONTH
    first = np.ceil(months_to_window / review).astype(np.int64)
    months_to_end = (end - started_on).astype(np.int64) / DAYS_PER_MONTH
    last = np.floor(months_to_end / review).astype(np.int64)
    skipped = (rng.random(len(households)) < settings["overdue_share"]) & (last > first)
    last = np.where(skipped, last - 1, last)
    # A household that started long ago still keeps its latest plan.
    first = np.minimum(first, last)
    counts = last - first + 1

    household = np.repeat(np.arange(len(households)), counts)
    step = np.arange(len(household)) - np.repeat(np.cumsum(counts) - counts, counts) + first[household]
    decided_on = add_months(started_on[household], step * review)
    decided_on = np.minimum(decided_on, end[household])

    plans = pd.DataFrame({
        "household": household,
        "decided_on": decided_on,
        "next_review_on": add_months(decided_on, review),
    })
    plans["plan_text"] = _plan_texts(rng, phrases, households["household_type"].to_numpy()[household])
    case_numbers = households["case_number"].to_numpy()[household]
    plans["plan_id"] = [f"P{case}-{number:02d}" for case, number in zip(case_numbers, step)]
    log.info("drew %d support plans", len(plans))
    return plans


def _plan_texts(rng: np.random.Generator, phrases: dict, household_type: np.ndarray) -> np.ndarray:
    """Return plan texts: one phrase per part under its 【heading】, for each household type."""
    headings = phrases["headings"]
    texts = np.full(len(household_type), "", dtype=object)
    for part in PARTS:
        section = np.empty(len(household_type), dtype=object)
        for kind, options in phrases[part].items():
            chosen = np.flatnonzero(household_type == kind)
            section[chosen] = np.array(options, dtype=object)[rng.integers(0, len(options), size=chosen.size)]
        separator = "" if part == PARTS[0] else "\n"
        texts = texts + separator + f"【{headings[part]}】" + section
    return texts
