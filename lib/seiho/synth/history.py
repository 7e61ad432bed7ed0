"""Five years of visits, the case record of each, and recording consents."""

import datetime as dt
import logging

import numpy as np
import pandas as pd

from seiho.synth.dates import DAYS_PER_MONTH, as_day, offset_days, timestamps

log = logging.getLogger(__name__)

# Office hours for created_at and approved_at: 09:00 to 17:45.
WORKDAY_START_SECONDS = 9 * 3600
WORKDAY_SECONDS = 8 * 3600 + 45 * 60

# A household that starts inside the window is visited within this many
# days (開始時訪問), then at its regular interval.
START_VISIT_DAYS = 14

FACE_TO_FACE = ("家庭訪問", "来所面接", "入院先訪問", "施設訪問")


def draw_visits(rng: np.random.Generator, households: pd.DataFrame, settings: dict, as_of: dt.date,
                history_start: dt.date) -> pd.DataFrame:
    """Return the visits of every household between its start (or the window's) and its end.

    Each household has an interval in months that depends on where it lives
    and, at home, on its type. Visits fall at that interval, each moved by up
    to ``jitter_days``. Columns: household, visited_on, visit_kind, result,
    interval_months and visit_no, with rows in date order.
    """
    count = len(households)
    interval_months = _draw_intervals(rng, households, settings["interval_months"])
    interval_days = interval_months * DAYS_PER_MONTH

    started_on = households["started_on"].to_numpy(dtype="datetime64[D]")
    closed_on = households["closed_on"].to_numpy(dtype="datetime64[D]")
    window_start = np.maximum(started_on, as_day(history_start))
    window_end = np.where(np.isnat(closed_on), as_day(as_of), closed_on)
    span = (window_end - window_start).astype(np.int64).astype(float)

    started_inside = started_on >= as_day(history_start)
    first_offset = rng.random(count) * np.where(started_inside, START_VISIT_DAYS, interval_days)
    visits_per_household = np.where(span >= first_offset, np.floor((span - first_offset) / interval_days).astype(np.int64) + 1, 0)

    household = np.repeat(np.arange(count), visits_per_household)
    step = np.arange(len(household)) - np.repeat(np.cumsum(visits_per_household) - visits_per_household, visits_per_household)
    jitter = rng.uniform(-settings["jitter_days"], settings["jitter_days"], len(household))
    days = first_offset[household] + step * interval_days[household] + jitter
    visited_on = offset_days(window_start[household], days)
    visited_on = np.clip(visited_on, window_start[household], window_end[household])

    visit_kind, result = _draw_kinds(rng, households["housing"].to_numpy()[household], settings)
    order = np.lexsort((household, visited_on))
    visits = pd.DataFrame({
        "household": household[order],
        "visited_on": visited_on[order],
        "visit_kind": visit_kind[order],
        "result": result[order],
        "interval_months": interval_months[household[order]],
    })
    visits["visit_no"] = np.arange(1, len(visits) + 1)
    log.info("drew %d visits", len(visits))
    return visits


def _draw_intervals(rng: np.random.Generator, households: pd.DataFrame, intervals: dict) -> np.ndarray:
    """Return each household's months between visits."""
    housing = households["housing"].to_numpy()
    household_type = households["household_type"].to_numpy()
    months = np.zeros(len(households), dtype=np.int64)
    groups = [(housing == "居宅") & (household_type == kind) for kind in intervals["居宅"]]
    tables = list(intervals["居宅"].values())
    for place in ("入院", "施設"):
        groups.append(housing == place)
        tables.append(intervals[place])
    for chosen, table in zip(groups, tables):
        options = np.array([int(month) for month in table])
        weights = np.array(list(table.values()), dtype=float)
        months[chosen] = options[rng.choice(len(options), size=int(chosen.sum()), p=weights / weights.sum())]
    return months


def _draw_kinds(rng: np.random.Generator, housing: np.ndarray, settings: dict) -> tuple[np.ndarray, np.ndarray]:
    """Return the kind of each contact and whether the person was met (面会) or not (不在)."""
    count = len(housing)
    kinds = np.array(list(settings["kind_share"]), dtype=object)
    weights = np.array(list(settings["kind_share"].values()), dtype=float)
    visit_kind = kinds[rng.choice(len(kinds), size=count, p=weights / weights.sum())]
    inpatient = housing == "入院"
    visit_kind[inpatient] = np.where(rng.random(int(inpatient.sum())) < settings["inpatient_phone_share"], "電話", "入院先訪問")
    visit_kind[housing == "施設"] = "施設訪問"
    absent = (visit_kind == "家庭訪問") & (rng.random(count) < settings["absent_share"])
    result = np.where(absent, "不在", "面会").astype(object)
    return visit_kind, result


def draw_record_status(rng: np.random.Generator, visits: pd.DataFrame, supervisor: np.ndarray, settings: dict,
                       as_of: dt.date) -> pd.DataFrame:
    """Return recorded_on, status, created_at, submitted_at, approved_by and approved_at for each visit's record.

    Records of the last ``draft_days`` may be drafts, those of the last
    ``pending_days`` mostly await approval (the backlog of 記録承認), and all
    older ones are approved. ``supervisor`` contains the approving
    supervisor of each visit.
    """
    count = len(visits)
    as_of_day = as_day(as_of)
    visited_on = visits["visited_on"].to_numpy(dtype="datetime64[D]")
    recorded_on = np.minimum(offset_days(visited_on, rng.triangular(*settings["delay_days"], size=count)), as_of_day)
    age_days = (as_of_day - recorded_on).astype(np.int64)

    draw = rng.random(count)
    status = np.full(count, "承認済み", dtype=object)
    recent = age_days <= settings["draft_days"]
    pending_window = ~recent & (age_days <= settings["pending_days"])
    status[recent & (draw < settings["draft_share"])] = "下書き"
    status[recent & (draw >= settings["draft_share"])] = "承認待ち"
    status[pending_window & (draw < settings["pending_share"])] = "承認待ち"
    approved = status == "承認済み"

    created_at = timestamps(recorded_on, WORKDAY_START_SECONDS + rng.integers(0, WORKDAY_SECONDS, size=count))
    approval_day = np.minimum(offset_days(recorded_on, rng.triangular(*settings["approval_delay_days"], size=count)), as_of_day)
    approved_at = timestamps(approval_day, WORKDAY_START_SECONDS + rng.integers(0, WORKDAY_SECONDS, size=count))
    approved_at = np.maximum(approved_at, created_at + np.timedelta64(600, "s"))
    approved_at[~approved] = np.datetime64("NaT")
    submitted_at = created_at + np.timedelta64(int(settings["submit_delay_seconds"]), "s")
    submitted_at[status == "下書き"] = np.datetime64("NaT")

    return pd.DataFrame({
        "recorded_on": recorded_on,
        "status": status,
        "submitted_at": submitted_at,
        "approved_by": np.where(approved, supervisor, None),
        "approved_at": approved_at,
        "created_at": created_at,
    })


def draw_recording_consents(rng: np.random.Generator, visits: pd.DataFrame, case_numbers: np.ndarray, recorded_by: np.ndarray,
                            settings: dict, as_of: dt.date) -> pd.DataFrame:
    """Return 録音同意 for a few recent face-to-face visits where the person was met.

    ``case_numbers`` and ``recorded_by`` (the caseworker's login) hold one
    value per visit. A few consents were later withdrawn.
    """
    as_of_day = as_day(as_of)
    visited_on = visits["visited_on"].to_numpy(dtype="datetime64[D]")
    eligible = (
        np.isin(visits["visit_kind"].to_numpy(), FACE_TO_FACE)
        & (visits["result"].to_numpy() == "面会")
        & ((as_of_day - visited_on).astype(np.int64) <= settings["recent_days"])
    )
    chosen = np.flatnonzero(eligible & (rng.random(len(visits)) < settings["share"]))
    count = chosen.size

    consented_at = timestamps(visited_on[chosen], WORKDAY_START_SECONDS + rng.integers(0, WORKDAY_SECONDS, size=count))
    withdrawn = rng.random(count) < settings["withdrawn_share"]
    withdrawn_days = rng.integers(1, 30, size=count)
    withdrawn_at = consented_at + (withdrawn_days * 86400).astype("timedelta64[s]")
    withdrawn_at = np.where(withdrawn & (withdrawn_at <= timestamps(np.array([as_of_day]), [WORKDAY_START_SECONDS])[0]),
                            withdrawn_at, np.datetime64("NaT"))
    present_people = np.array(settings["present"], dtype=object)
    present = np.where(rng.random(count) < settings["present_share"], present_people[rng.integers(0, len(present_people), size=count)], None)

    consents = pd.DataFrame({
        "case_number": case_numbers[chosen],
        "member_no": 1,
        "visit_id": [f"V{number:08d}" for number in visits["visit_no"].to_numpy()[chosen]],
        "consented_at": consented_at,
        "method": np.where(rng.random(count) < settings["written_share"], "書面", "口頭"),
        "present": present,
        "recorded_by": recorded_by[chosen],
        "withdrawn_at": withdrawn_at,
    })
    consents["consent_id"] = [f"RC{number:07d}" for number in range(1, count + 1)]
    log.info("drew %d recording consents", count)
    return consents
