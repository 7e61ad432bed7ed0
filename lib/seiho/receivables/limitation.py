"""The limitation (時効) of a receivable: when it completes, and what moved it.

The period (parameter ``receivable_limitation_years``) runs from the day after
the due date (初日不算入, 民法第140条). It ends on the day before the
corresponding day of the last year, or at the end of that month when that day
does not exist (民法第143条). An event whose kind renews the period starts it
again the day after the event. A 催告 (demand without legal force) delays
completion until six months after it (民法第150条), once.

NOTE: 民法 and 地方自治法 are not in data/laws, so these rules and the
articles cited follow the usual reading of those laws and were not checked
against their text here.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from seiho.parameters import parameter
from seiho.receivables.config import load_data_file

RENEWAL = "renewal"
SUSPENSION = "suspension"

# 民法第150条第1項: completion waits until six months after a 催告.
SUSPENSION_MONTHS = 6


@dataclass(frozen=True)
class LimitationEvent:
    """One dated event that may renew or suspend the limitation."""

    kind: str
    occurred_on: dt.date


@dataclass
class LimitationResult:
    """The completion date of a limitation and the events that decided it."""

    completes_on: dt.date
    period_years: int
    runs_from: dt.date
    renewed_by: LimitationEvent | None
    suspended_by: LimitationEvent | None
    ignored: list[tuple[LimitationEvent, str]] = field(default_factory=list)

    def completed(self, as_of: dt.date) -> bool:
        """Return whether the claim is extinguished on ``as_of`` (the day after the completion date)."""
        return as_of > self.completes_on


def period_end(event_day: dt.date, years: int = 0, months: int = 0) -> dt.date:
    """Return the last day of a period that starts the day after ``event_day``.

    民法第143条: the period ends the day before the corresponding day; when the
    last month has no corresponding day, it ends on that month's last day.
    """
    start = event_day + dt.timedelta(days=1)
    month_index = start.month - 1 + months
    year = start.year + years + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return dt.date(year, month, last_day)
    return dt.date(year, month, start.day) - dt.timedelta(days=1)


def event_effects() -> dict[str, dict]:
    """Return each event kind's effect from data/receivables/events.yaml."""
    return load_data_file("events")


def limitation_of(due_on: dt.date, events: list[LimitationEvent], as_of: dt.date) -> LimitationResult:
    """Compute the completion date of a receivable's limitation on ``as_of``.

    Args:
        due_on: the 納期限; the right can be exercised from the next day.
        events: recorded events and payments (kind '納付' is an acknowledgement).
        as_of: events after this day are not counted.
    """
    years = int(parameter("receivable_limitation_years").at(due_on))
    effects = event_effects()
    result = LimitationResult(period_end(due_on, years=years), years, due_on, None, None)
    demand_seen = False

    for event in sorted(events, key=lambda item: item.occurred_on):
        if event.occurred_on > as_of:
            continue
        effect = effects.get(event.kind, {"effect": RENEWAL}) if event.kind == "納付" else effects.get(event.kind)
        if effect is None:
            result.ignored.append((event, "時効に影響しない種類"))
            continue
        if event.occurred_on > _effective_end(result):
            result.ignored.append((event, "時効完成後の事象"))
            continue

        if effect["effect"] == RENEWAL:
            if event.kind == "督促" and effect.get("first_only") and demand_seen:
                result.ignored.append((event, "2回目以降の督促"))
                continue
            demand_seen = demand_seen or event.kind == "督促"
            result.completes_on = period_end(event.occurred_on, years=years)
            result.runs_from = event.occurred_on
            result.renewed_by = event
            result.suspended_by = None
        elif effect["effect"] == SUSPENSION:
            if result.suspended_by is not None and event.occurred_on <= _effective_end(result):
                result.ignored.append((event, "完成猶予中の再度の催告"))
                continue
            if period_end(event.occurred_on, months=SUSPENSION_MONTHS) > result.completes_on:
                result.suspended_by = event
        else:
            result.ignored.append((event, "時効に影響しない種類"))

    if result.suspended_by is not None:
        result.completes_on = max(result.completes_on, period_end(result.suspended_by.occurred_on, months=SUSPENSION_MONTHS))
    return result


def _effective_end(result: LimitationResult) -> dt.date:
    if result.suspended_by is None:
        return result.completes_on
    return max(result.completes_on, period_end(result.suspended_by.occurred_on, months=SUSPENSION_MONTHS))
