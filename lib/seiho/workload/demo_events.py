"""Workload events for the demo office, derived from its visits and case records.

The demo database contains visits and records but no event log. This module
derives one: before the adoption date the times are those of the records;
from the adoption date on, drafts are written and approved faster and need
fewer edits, by seeded random factors. The effect is invented for the demo,
so the efficiency report has something to find; it says nothing about any
real office.
"""

import datetime as dt
import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from seiho.store import Store

log = logging.getLogger(__name__)

DEFAULT_SEED = 7


@dataclass(frozen=True)
class AdoptionEffect:
    """How the demo's working times change from the adoption date on.

    Factors multiply the time from visit to draft and from draft to
    approval. Each visit draws its own factor from a log-normal around the
    median given here. Edit ratios are Beta-distributed.
    """

    draft_time_factor: float = 0.45
    approval_time_factor: float = 0.7
    factor_spread: float = 0.35
    edit_ratio_before: tuple[float, float] = (2.0, 9.0)   # Beta(a, b): mean 0.18
    edit_ratio_after: tuple[float, float] = (1.3, 12.0)   # mean 0.10
    recording_share: float = 0.7                          # home visits recorded after adoption


HOME_VISIT_KINDS = ("家庭訪問", "入院先訪問", "施設訪問")


def generate_demo_events(store: Store, adoption_on: dt.date, seed: int = DEFAULT_SEED,
                         effect: AdoptionEffect = AdoptionEffect()) -> int:
    """Replace the demo events of every office with events derived from visits and records; return the count."""
    with store.connect() as connection:
        visits = connection.execute(
            """
            SELECT v.visit_id, v.case_number, v.caseworker_id, v.visited_on, v.visit_kind, h.office_code,
                   r.record_id, r.created_at, r.approved_at
            FROM visits v JOIN households h USING (case_number)
            LEFT JOIN case_records r ON r.visit_id = v.visit_id
            QUALIFY row_number() OVER (PARTITION BY v.visit_id ORDER BY r.created_at) = 1
            ORDER BY v.visit_id
            """
        ).df()
        events = derive_events(visits, adoption_on, np.random.default_rng(seed), effect)

        connection.execute("DELETE FROM workload_events WHERE source = 'demo'")
        connection.register("demo_events_frame", events)
        connection.execute(
            "INSERT INTO workload_events (event_id, occurred_at, event_kind, office_code, caseworker_id, case_number, visit_id, record_id, edit_ratio, source)"
            " SELECT event_id, occurred_at, event_kind, office_code, caseworker_id, case_number, visit_id, record_id, edit_ratio, 'demo'"
            " FROM demo_events_frame"
        )
        connection.unregister("demo_events_frame")
    log.info("wrote %d demo workload events for %d visits", len(events), len(visits))
    return len(events)


def derive_events(visits: pd.DataFrame, adoption_on: dt.date, rng: np.random.Generator, effect: AdoptionEffect) -> pd.DataFrame:
    """Return the event rows of ``visits`` (one row per visit, with its first record's times)."""
    count = len(visits)
    visited = pd.to_datetime(visits["visited_on"])
    after = (visited >= pd.Timestamp(adoption_on)).to_numpy()

    planned_at = visited - pd.to_timedelta(rng.integers(3, 22, count), unit="D") + pd.Timedelta(hours=9)
    done_at = visited + pd.Timedelta(hours=10) + pd.to_timedelta(rng.integers(0, 6 * 60, count), unit="min")

    created = pd.to_datetime(visits["created_at"])
    approved = pd.to_datetime(visits["approved_at"])
    # Records saved before the visit's time of day are moved to one hour after it.
    to_draft = (created - done_at).where(created > done_at, pd.Timedelta(hours=1))
    # Imported records can carry an approval time before their creation time; they count as approved at once.
    to_approval = (approved - created).clip(lower=pd.Timedelta(0))

    draft_factor = np.where(after, effect.draft_time_factor * rng.lognormal(0, effect.factor_spread, count), 1.0)
    approval_factor = np.where(after, effect.approval_time_factor * rng.lognormal(0, effect.factor_spread, count), 1.0)
    draft_at = done_at + to_draft * draft_factor
    approved_at = draft_at + to_approval * approval_factor

    edit_ratio = np.where(
        after, rng.beta(*effect.edit_ratio_after, count), rng.beta(*effect.edit_ratio_before, count)
    ).round(3)
    recorded = after & visits["visit_kind"].isin(HOME_VISIT_KINDS).to_numpy() & (rng.random(count) < effect.recording_share)

    base = visits[["office_code", "caseworker_id", "case_number", "visit_id", "record_id"]].reset_index(drop=True)
    has_record = visits["record_id"].notna().to_numpy()
    has_approval = has_record & approved.notna().to_numpy()
    parts = [
        _rows(base, planned_at, "visit_planned", np.ones(count, bool)),
        _rows(base, done_at, "visit_done", np.ones(count, bool)),
        _rows(base, done_at + pd.Timedelta(minutes=1), "recording_made", recorded),
        _rows(base, draft_at, "draft_created", has_record),
        _rows(base, approved_at, "draft_approved", has_approval, edit_ratio),
    ]
    events = pd.concat(parts, ignore_index=True)
    events.insert(0, "event_id", [f"E{number:09d}" for number in range(1, len(events) + 1)])
    return events


def _rows(base: pd.DataFrame, times, kind: str, mask: np.ndarray, edit_ratio=None) -> pd.DataFrame:
    rows = base.copy()
    rows["occurred_at"] = pd.Series(times).dt.floor("s").to_numpy()
    rows["event_kind"] = kind
    rows["edit_ratio"] = edit_ratio if edit_ratio is not None else np.nan
    if kind in ("visit_planned", "visit_done", "recording_made"):
        rows["record_id"] = None
    return rows[mask]
