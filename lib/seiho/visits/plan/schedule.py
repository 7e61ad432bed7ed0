"""Spread due visits over working days within a daily capacity, and order each day into a route."""

import datetime as dt
import math

from seiho.visits.minimums import HOME
from seiho.visits.plan.due import DueVisit
from seiho.visits.plan.model import CARRIED_OVER, NEEDS_CHECK, DayPlan, PlannedVisit
from seiho.visits.plan.route import haversine_m, order_route
from seiho.visits.plan.settings import PlanSettings


# The place of visit for each housing other than home.
INSTITUTION_PLACES = {"入院": "入院先の病院", "施設": "入所先の施設"}


def assign_days(
    due: list[DueVisit], days: list[dt.date], capacity: int, group_nearby: bool = True
) -> tuple[dict[dt.date, list[DueVisit]], list[DueVisit]]:
    """Give each due visit a working day; return the days and what did not fit.

    Urgent visits (overdue, or with a legal minimum at stake) come first,
    earliest due first, and fill the first working days up to ``capacity``.
    The other visits are then spread evenly over the days that still have
    room: each day takes at most the smaller of its room and the number
    needed to fit them all, so a light month does not crowd its first days.
    With ``group_nearby``, the households of each kind, urgent or not, are
    then regrouped by place within the days that kind was given (see
    ``group_nearby_visits``).
    """
    ordered = sorted(due, key=lambda visit: (visit.due_date, visit.case_number))
    urgent = [visit for visit in ordered if _urgent(visit)]
    rest = [visit for visit in ordered if not _urgent(visit)]
    by_day: dict[dt.date, list[DueVisit]] = {day: [] for day in days}
    if not days:
        return by_day, urgent + rest

    for day in days:
        taken = capacity - len(by_day[day])
        by_day[day].extend(urgent[:taken])
        urgent = urgent[taken:]

    open_days = [day for day in days if len(by_day[day]) < capacity]
    if open_days and rest:
        per_day = math.ceil(len(rest) / len(open_days))
        for day in open_days:
            taken = min(per_day, capacity - len(by_day[day]))
            by_day[day].extend(rest[:taken])
            rest = rest[taken:]

        # A day part-filled by urgent visits took fewer than per_day, so fill
        # the remaining room from the first day on.
        for day in open_days:
            taken = capacity - len(by_day[day])
            by_day[day].extend(rest[:taken])
            rest = rest[taken:]

    if group_nearby:
        urgent_shares = group_nearby_visits({day: [visit for visit in visits if _urgent(visit)] for day, visits in by_day.items()})
        other_shares = group_nearby_visits({day: [visit for visit in visits if not _urgent(visit)] for day, visits in by_day.items()})
        by_day = {day: urgent_shares[day] + other_shares[day] for day in days}

    return by_day, urgent + rest


def group_nearby_visits(shares: dict[dt.date, list[DueVisit]]) -> dict[dt.date, list[DueVisit]]:
    """Regroup the visits among the days so that each day's households lie close together.

    Each day keeps its number of visits. Day by day, the visits that fall due
    this month on or before that day go first, so such a visit goes later
    than its due date only when the day is already full of earlier-due
    visits. The day is then started from the earliest-due visit left, which
    for overdue visits is the longest overdue, and filled with the
    households nearest to the day's households so far. Households without
    coordinates, or in hospital or a facility, are taken in due order.
    """
    pool = sorted((visit for visits in shares.values() for visit in visits),
                  key=lambda visit: (visit.due_date, visit.case_number))
    remaining = list(range(len(pool)))
    grouped: dict[dt.date, list[DueVisit]] = {}
    for day in sorted(shares):
        count = len(shares[day])
        chosen = [index for index in remaining if not pool[index].overdue and pool[index].due_date <= day][:count]
        if remaining and not chosen and count:
            chosen.append(remaining[0])

        while len(chosen) < count:
            left = [index for index in remaining if index not in chosen]
            chosen.append(_nearest(pool, chosen, left))

        grouped[day] = [pool[index] for index in chosen]
        remaining = [index for index in remaining if index not in chosen]

    return grouped


def _routable(visit: DueVisit) -> bool:
    """Return True when the visit takes place at the household's coordinates: at home, with coordinates known."""
    return visit.located and visit.housing == HOME


def _urgent(visit: DueVisit) -> bool:
    return visit.overdue or visit.breach


def _nearest(pool: list[DueVisit], chosen: list[int], left: list[int]) -> int:
    """Return the routable visit in ``left`` nearest to the centre of the routable ``chosen`` ones.

    Without a routable household on either side, the earliest-due visit left
    is returned. Visits are given as positions in ``pool``.
    """
    located = [pool[index] for index in chosen if _routable(pool[index])]
    candidates = [index for index in left if _routable(pool[index])]
    if not located or not candidates:
        return left[0]

    centre = (sum(visit.latitude for visit in located) / len(located),
              sum(visit.longitude for visit in located) / len(located))
    return min(candidates, key=lambda index: haversine_m(centre, (pool[index].latitude, pool[index].longitude)))


def route_day(
    day: dt.date, visits: list[DueVisit], office: tuple[float, float] | None, settings: PlanSettings, with_route: bool = True
) -> DayPlan:
    """Order one day's visits into a route from ``office`` and back.

    Households without coordinates, households in hospital or a facility
    (their coordinates are the home address), and every household when the
    office has none, follow the routed ones in due order with a 要確認 note. With
    ``with_route`` False, the visits stay in due order and no distance is computed.
    """
    routable = [visit for visit in visits if _routable(visit)] if office is not None and with_route else []
    unlocated = [visit for visit in visits if visit not in routable]
    route = order_route(office, [(visit.latitude, visit.longitude) for visit in routable], settings.road_factor,
                        settings.route_time_limit_seconds) if routable else None

    planned = []
    if route is not None:
        for position, (stop, leg) in enumerate(zip(route.order, route.leg_distances_m), start=1):
            planned.append(_planned(routable[stop], day, position, leg, ""))
    for visit in unlocated:
        note = ""
        if with_route and visit.housing != HOME:
            # The household's coordinates are its home, not the hospital or facility it is in.
            place = INSTITUTION_PLACES.get(visit.housing, visit.housing)
            note = f"{NEEDS_CHECK}: 訪問先は{place}のため、経路に含めず最後に置きました。訪問先と移動の順を確認してください"
        elif with_route:
            missing = "事務所" if office is None else "世帯"
            note = f"{NEEDS_CHECK}: {missing}の位置情報（緯度・経度）がないため、経路の最後に置きました"
        planned.append(_planned(visit, day, len(planned) + 1, None, note))

    return DayPlan(
        day=day,
        visits=tuple(planned),
        total_distance_m=route.total_distance_m if route else 0.0,
        nearest_neighbour_m=route.nearest_neighbour_m if route else 0.0,
        method=route.method if route else "none",
    )


def carry_over(visits: list[DueVisit], working_days: int, capacity: int, start: dt.date | None = None) -> list[PlannedVisit]:
    """Return the visits that did not fit as 計画外, each with the reason it was carried over.

    ``start`` is given when the plan begins after the month's first working
    day, so the reason counts only the days left.
    """
    days = f"{start.month}月{start.day}日以降の勤務日" if start is not None else "勤務日"
    if working_days == 0:
        note = f"{CARRIED_OVER}: この月に{'残りの' if start is not None else ''}勤務日がありません"
    else:
        note = (f"{CARRIED_OVER}: 月の訪問枠（{days}{working_days}日×1日{capacity}件＝{working_days * capacity}件）を"
                "超えるため、翌月に繰り越し")
    return [_planned(visit, None, None, None, note) for visit in visits]


def _planned(visit: DueVisit, day: dt.date | None, order: int | None, leg: float | None, note: str) -> PlannedVisit:
    return PlannedVisit(
        case_number=visit.case_number,
        head_name=visit.head_name,
        visit_date=day,
        route_order=order,
        reason=visit.reason,
        due_date=visit.due_date,
        overdue=visit.overdue,
        breach=visit.breach,
        grade=visit.grade,
        leg_distance_m=leg,
        note=note,
    )
