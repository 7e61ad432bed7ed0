"""The day's households for 訪問準備 and an offline map of the route as SVG.

The map is drawn from latitude and longitude alone on a plain background: no
tile server and no script, so it works on the office's closed network.
"""

import datetime as dt
import html
import math
from dataclasses import dataclass

from seiho.access import Role, User, household_scope, require_role
from seiho.errors import AccessDenied, SeihoError
from seiho.store import Store
from seiho.store.audit import record_events
from seiho.visits.plan import day_plan

# Drawing size in SVG user units; the SVG scales to the width of its box.
MAP_WIDTH = 600
MAP_HEIGHT = 380
MAP_MARGIN = 36


@dataclass(frozen=True)
class DayStop:
    """One household of the day in visit order, with its place when known."""

    order: int
    case_number: str
    head_name: str
    address: str
    latitude: float | None
    longitude: float | None
    reason: str                     # why the visit is due, from the saved plan; '' when chosen by hand


@dataclass(frozen=True)
class DayRoute:
    """The day's stops in order, the office's place, and whether they came from a saved plan."""

    day: dt.date
    caseworker_id: str
    office: tuple[float, float] | None
    stops: tuple[DayStop, ...]
    from_plan: bool


def day_route(
    store: Store, user: User, day: dt.date, caseworker_id: str | None = None, case_numbers: list[str] | None = None
) -> DayRoute:
    """Return the day's households in route order from the saved plan, or ``case_numbers`` in the order given.

    ``caseworker_id`` defaults to the user's own; a supervisor may name any
    caseworker of the office. Hand-picked households must be in the user's scope.
    """
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, action="訪問準備の閲覧")
    caseworker_id = caseworker_id or user.caseworker_id
    if case_numbers:
        requested = [(number, "") for number in dict.fromkeys(case_numbers)]
        from_plan = False
    else:
        requested = [(visit.case_number, visit.reason) for visit in day_plan(store, user, caseworker_id, day)]
        from_plan = True

    condition, parameters = household_scope(user, "h")
    with store.connect() as connection:
        office = connection.execute(
            "SELECT latitude, longitude FROM offices WHERE office_code = ?", [user.office_code]
        ).fetchone()
        rows = connection.execute(
            f"SELECT h.case_number, h.head_name, coalesce(h.address, ''), h.latitude, h.longitude FROM households h"
            f" WHERE h.case_number IN (SELECT unnest(?::VARCHAR[])) AND {condition}",
            [[number for number, _ in requested], *parameters],
        ).fetchall()
        found = {row[0]: row for row in rows}
        missing = [number for number, _ in requested if number not in found]
        if missing and not from_plan:
            raise AccessDenied(
                f"ケース番号 {'、'.join(missing)} の世帯は見つからないか、あなたの担当ではありません。ケース番号を確かめてください。",
                f"households {missing} not in scope of {user.user_id}",
            )
        record_events(connection, user.user_id, "view_day_route", sorted(found), f"day {day.isoformat()}")

    stops = [
        DayStop(order, *found[number], reason)
        for order, (number, reason) in enumerate(((n, r) for n, r in requested if n in found), start=1)
    ]
    office_point = (office[0], office[1]) if office and office[0] is not None and office[1] is not None else None
    return DayRoute(day, caseworker_id, office_point, tuple(stops), from_plan)


def office_caseworkers(store: Store, user: User) -> list[tuple[str, str]]:
    """Return (name, caseworker_id) of the office's caseworkers, for a supervisor's choice."""
    require_role(user, Role.SUPERVISOR, action="地区担当員の一覧")
    with store.connect() as connection:
        return connection.execute(
            "SELECT name, caseworker_id FROM caseworkers WHERE office_code = ? AND role = 'caseworker' ORDER BY caseworker_id",
            [user.office_code],
        ).fetchall()


def route_svg(route: DayRoute) -> str:
    """Draw the office and the located stops, joined in visit order, as an SVG string.

    Points are placed by an equirectangular projection around their centre,
    which is accurate enough within one office's district. Stops carry their
    visit number only; names stay in the list beside the map.
    """
    located = [stop for stop in route.stops if stop.latitude is not None and stop.longitude is not None]
    points = ([route.office] if route.office else []) + [(stop.latitude, stop.longitude) for stop in located]
    if not points:
        raise SeihoError(
            "地図に描ける位置情報（緯度・経度）がありません。世帯の住所の位置情報を標準システムから取り込んでください。",
            "no coordinates to draw",
        )
    project = _projection(points)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" width="100%"'
        f' role="img" aria-label="{route.day.isoformat()} の訪問順路" style="max-width:{MAP_WIDTH}px;background:#f7f9fb;border:1px solid #ccd3dc">'
    ]
    path = [project(point) for point in points]
    if len(path) > 1:
        coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in path)
        parts.append(f'<polyline points="{coordinates}" fill="none" stroke="#3b6ea5" stroke-width="2.5"/>')
    if route.office:
        x, y = project(route.office)
        parts.append(f'<rect x="{x - 9:.1f}" y="{y - 9:.1f}" width="18" height="18" fill="#b00020"/>')
        parts.append(f'<text x="{x + 12:.1f}" y="{y + 5:.1f}" font-size="14" fill="#b00020">事務所</text>')
    for stop in located:
        x, y = project((stop.latitude, stop.longitude))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12" fill="#ffffff" stroke="#3b6ea5" stroke-width="2.5"/>')
        parts.append(f'<text x="{x:.1f}" y="{y + 5:.1f}" font-size="13" text-anchor="middle" fill="#1d3557">{stop.order}</text>')
    parts.append(
        f'<text x="8" y="{MAP_HEIGHT - 8}" font-size="11" fill="#555">{html.escape(_scale_note(points))}</text></svg>'
    )
    return "".join(parts)


def _projection(points: list[tuple[float, float]]):
    latitudes = [lat for lat, _ in points]
    longitudes = [lon for _, lon in points]
    centre_latitude = (min(latitudes) + max(latitudes)) / 2
    shrink = math.cos(math.radians(centre_latitude))
    span_x = max((max(longitudes) - min(longitudes)) * shrink, 1e-6)
    span_y = max(max(latitudes) - min(latitudes), 1e-6)
    scale = min((MAP_WIDTH - 2 * MAP_MARGIN) / span_x, (MAP_HEIGHT - 2 * MAP_MARGIN) / span_y)
    offset_x = (MAP_WIDTH - span_x * scale) / 2
    offset_y = (MAP_HEIGHT - span_y * scale) / 2

    def project(point: tuple[float, float]) -> tuple[float, float]:
        latitude, longitude = point
        x = offset_x + (longitude - min(longitudes)) * shrink * scale
        y = offset_y + (max(latitudes) - latitude) * scale
        return x, y

    return project


def _scale_note(points: list[tuple[float, float]]) -> str:
    latitudes = [lat for lat, _ in points]
    longitudes = [lon for _, lon in points]
    # 1 degree of latitude is about 111 km.
    height_km = (max(latitudes) - min(latitudes)) * 111.0
    width_km = (max(longitudes) - min(longitudes)) * 111.0 * math.cos(math.radians(sum(latitudes) / len(latitudes)))
    return f"北が上。範囲 約 {width_km:.1f} km × {height_km:.1f} km（直線で結んだ順路で、道路ではありません）"


def caseworker_households(store: Store, user: User, caseworker_id: str | None = None) -> list[tuple[str, str]]:
    """Return (label, case_number) of a caseworker's households under protection, for picking a day by hand."""
    require_role(user, Role.CASEWORKER, Role.SUPERVISOR, action="担当世帯の一覧")
    caseworker_id = caseworker_id or user.caseworker_id
    condition, parameters = household_scope(user, "h")
    with store.connect() as connection:
        rows = connection.execute(
            f"SELECT h.case_number, h.head_name FROM households h"
            f" WHERE h.caseworker_id = ? AND h.status <> '廃止' AND {condition} ORDER BY h.case_number",
            [caseworker_id, *parameters],
        ).fetchall()
        record_events(connection, user.user_id, "list_households", [row[0] for row in rows], f"caseworker {caseworker_id}")
    return [(f"{number} {name}", number) for number, name in rows]
