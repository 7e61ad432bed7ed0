"""Efficiency measures from the workload event log, compared between two periods or two groups.

There are three measures, each with its own unit of observation. Time from
visit to approved record is counted per visit, in days. The share of drafts
approved with few edits is counted per approved draft. Visits per
caseworker-day are counted per caseworker, over the weekdays of the period.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from seiho.access import Role, User, pseudonym, pseudonym_key, require_role
from seiho.errors import ParameterError
from seiho.store import Store, record_event
from seiho.workload.effect_sizes import Estimate, bootstrap_difference, cohens_h, hedges_g, proportion_difference

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Group:
    """One side of a comparison: a period, and optionally only some teams (係)."""

    label: str
    start: dt.date
    end: dt.date
    teams: tuple[str, ...] = ()
    exclude_teams: bool = False

    def contains_team(self, teams: pd.Series) -> pd.Series:
        """Return which rows of ``teams`` belong to this group."""
        if not self.teams:
            return pd.Series(True, index=teams.index)
        inside = teams.isin(self.teams)
        return ~inside if self.exclude_teams else inside


@dataclass
class MeasureComparison:
    """One measure in both groups, with the effect estimates and the values they came from."""

    name: str
    unit: str
    before: pd.Series
    after: pd.Series
    estimates: list[Estimate] = field(default_factory=list)

    def summary_row(self) -> dict:
        """Return the measure's counts, means and medians in both groups."""
        return {
            "指標": self.name,
            "単位": self.unit,
            "比較元の件数": len(self.before),
            "比較元の平均": float(self.before.mean()) if len(self.before) else np.nan,
            "比較元の中央値": float(self.before.median()) if len(self.before) else np.nan,
            "比較先の件数": len(self.after),
            "比較先の平均": float(self.after.mean()) if len(self.after) else np.nan,
            "比較先の中央値": float(self.after.median()) if len(self.after) else np.nan,
        }


@dataclass
class EfficiencyComparison:
    """The three measures compared between ``before`` and ``after``."""

    office_code: str
    before: Group
    after: Group
    few_edits_ratio: float
    level: float
    measures: list[MeasureComparison]

    def summary(self) -> pd.DataFrame:
        """Return one row per measure: counts, means and medians of both groups."""
        return pd.DataFrame([measure.summary_row() for measure in self.measures])

    def estimates(self) -> pd.DataFrame:
        """Return one row per estimate: measure, estimate, value, interval and method."""
        rows = []
        for measure in self.measures:
            for estimate in measure.estimates:
                rows.append({
                    "指標": measure.name, "推定量": estimate.name, "推定値": estimate.value,
                    "下限": estimate.low, "上限": estimate.high, "方法": estimate.method,
                })
        return pd.DataFrame(rows, columns=["指標", "推定量", "推定値", "下限", "上限", "方法"])


def load_events(store: Store, user: User, office_code: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Return the office's events from ``start`` to ``end`` with pseudonyms in place of ids.

    Columns: occurred_at, event_kind, caseworker, team, visit, edit_ratio.
    Caseworker and visit ids are pseudonymised for every role, so the
    result can go into a report. Only analysts, supervisors and admins of
    the office may load it; the read is written to the audit log.
    """
    require_role(user, Role.ANALYST, Role.SUPERVISOR, Role.ADMIN, action="業務イベントの分析")
    if office_code != user.office_code:
        raise ParameterError(
            f"実施機関コード {office_code} はあなたの福祉事務所（{user.office_code}）ではないため分析できません。",
            f"user {user.user_id} of office {user.office_code} may not analyse office {office_code}",
        )

    with store.connect() as connection:
        key = pseudonym_key(connection)
        events = connection.execute(
            """
            SELECT e.occurred_at, e.event_kind, e.caseworker_id, c.team, e.visit_id, e.edit_ratio
            FROM workload_events e LEFT JOIN caseworkers c ON c.caseworker_id = e.caseworker_id
            WHERE e.office_code = ? AND e.occurred_at >= ? AND e.occurred_at < ?::DATE + 1
            ORDER BY e.occurred_at
            """,
            [office_code, start, end],
        ).df()
        record_event(connection, user.user_id, "read_pseudonymised", None, f"workload_events rows={len(events)}")

    # Caseworker ids and visit ids get prefixes so they never share a pseudonym with a case number.
    events["caseworker"] = _pseudonyms(events.pop("caseworker_id"), "caseworker:", key)
    events["visit"] = _pseudonyms(events.pop("visit_id"), "visit:", key)
    return events


def _pseudonyms(values: pd.Series, prefix: str, key: str) -> pd.Series:
    # Each visit has several events, so hashing each distinct id once saves most of the work.
    mapping = {value: pseudonym(prefix + str(value), key) for value in values.dropna().unique()}
    return values.map(mapping)


def visit_chains(events: pd.DataFrame) -> pd.DataFrame:
    """Return one row per visit done: caseworker, team, done_at, approved_at, days_to_approval, edit_ratio.

    A visit's record counts from its first approval; a visit not yet approved
    has no days_to_approval.
    """
    done = events[events["event_kind"] == "visit_done"].groupby("visit").agg(
        caseworker=("caseworker", "first"), team=("team", "first"), done_at=("occurred_at", "min"))
    approved = events[events["event_kind"] == "draft_approved"].groupby("visit").agg(
        approved_at=("occurred_at", "min"), edit_ratio=("edit_ratio", "first"))
    chains = done.join(approved, how="left")
    chains["days_to_approval"] = (chains["approved_at"] - chains["done_at"]).dt.total_seconds() / 86400
    return chains.reset_index()


def weekdays_between(start: dt.date, end: dt.date) -> int:
    """Count Monday-to-Friday days from ``start`` to ``end`` inclusive."""
    # NOTE: public holidays (国民の祝日) are counted as working days, because
    # the repository has no holiday calendar yet.
    return int(np.busday_count(start, end + dt.timedelta(days=1)))


def visits_per_caseworker_day(chains: pd.DataFrame, group: Group) -> pd.Series:
    """Return each caseworker's visits per weekday in the group's period, for caseworkers with a visit in it."""
    days = weekdays_between(group.start, group.end)
    if days == 0:
        return pd.Series(dtype=float)
    return chains.groupby("caseworker").size() / days


def compare_efficiency(events: pd.DataFrame, office_code: str, before: Group, after: Group, few_edits_ratio: float = 0.1,
                       level: float = 0.95, resamples: int = 2000, seed: int = 0) -> EfficiencyComparison:
    """Compare the three measures between two groups of visits, by the date of the visit."""
    if not 0 <= few_edits_ratio <= 1:
        raise ParameterError(f"「修正が少ない」とみなす割合 {few_edits_ratio} は0から1の間で指定してください。", f"few_edits_ratio={few_edits_ratio}")
    chains = visit_chains(events)
    sides = [_select(chains, group) for group in (before, after)]
    log.info("comparing efficiency: %d and %d visits", len(sides[0]), len(sides[1]))

    days = [side["days_to_approval"].dropna() for side in sides]
    time_measure = MeasureComparison("訪問から記録承認までの日数", "日", days[0], days[1])
    if len(days[0]) and len(days[1]):
        time_measure.estimates.append(bootstrap_difference(days[0], days[1], np.mean, "平均の差（日）", level, resamples, seed))
        time_measure.estimates.append(bootstrap_difference(days[0], days[1], np.median, "中央値の差（日）", level, resamples, seed))
    if len(days[0]) > 1 and len(days[1]) > 1:
        time_measure.estimates.append(hedges_g(days[0], days[1], level))

    edits = [side["edit_ratio"].dropna() for side in sides]
    few = [(ratios <= few_edits_ratio).astype(float) for ratios in edits]
    edit_measure = MeasureComparison(f"修正が{few_edits_ratio:.0%}以下で承認された下書きの割合", "割合", few[0], few[1])
    if len(few[0]) and len(few[1]):
        counts = (int(few[0].sum()), len(few[0]), int(few[1].sum()), len(few[1]))
        edit_measure.estimates.append(proportion_difference(*counts, level=level))
        edit_measure.estimates.append(cohens_h(*counts, level=level))

    rates = [visits_per_caseworker_day(side, group) for side, group in zip(sides, (before, after))]
    rate_measure = MeasureComparison("地区担当員1人1日あたりの訪問件数", "件", rates[0], rates[1])
    if len(rates[0]) and len(rates[1]):
        rate_measure.estimates.append(bootstrap_difference(rates[0], rates[1], np.mean, "平均の差（件）", level, resamples, seed))
    if len(rates[0]) > 1 and len(rates[1]) > 1:
        rate_measure.estimates.append(hedges_g(rates[0], rates[1], level))

    return EfficiencyComparison(office_code, before, after, few_edits_ratio, level, [time_measure, edit_measure, rate_measure])


def _select(chains: pd.DataFrame, group: Group) -> pd.DataFrame:
    done_on = chains["done_at"].dt.date
    inside = (done_on >= group.start) & (done_on <= group.end) & group.contains_team(chains["team"])
    return chains[inside]
