"""The office's visit-plan settings read from data/visits/visit_plan.yaml."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from seiho.errors import ParameterError
from seiho.paths import data_dir

SETTINGS_FILE = Path("visits") / "visit_plan.yaml"


@dataclass(frozen=True)
class PlanSettings:
    """Daily capacity, the road factor applied to great-circle distances, and the solver's time limit."""

    daily_capacity: int
    road_factor: float
    route_time_limit_seconds: int


def load_plan_settings(path: Path | None = None) -> PlanSettings:
    """Read the settings; raise ``ParameterError`` naming the file and field when one is missing or invalid."""
    path = Path(path) if path is not None else data_dir() / SETTINGS_FILE
    if not path.exists():
        raise ParameterError(
            f"訪問計画の設定ファイル {path} がありません。data/visits/visit_plan.yaml を用意してください。",
            f"visit plan settings {path} not found",
        )
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    capacity = content.get("daily_capacity")
    road_factor = content.get("road_factor")
    time_limit = content.get("route_time_limit_seconds")
    if not isinstance(capacity, int) or isinstance(capacity, bool):
        raise _invalid(path, "daily_capacity", capacity, "1以上の整数（件）")
    check_capacity(capacity)
    if not isinstance(road_factor, (int, float)) or isinstance(road_factor, bool) or road_factor < 1:
        raise _invalid(path, "road_factor", road_factor, "1以上の数")
    if not isinstance(time_limit, int) or isinstance(time_limit, bool) or time_limit < 1:
        raise _invalid(path, "route_time_limit_seconds", time_limit, "1以上の整数（秒）")
    return PlanSettings(capacity, float(road_factor), time_limit)


def check_capacity(capacity: int) -> int:
    """Return ``capacity`` when it is a positive number of visits a day; raise ``ParameterError`` otherwise."""
    if capacity < 1:
        raise ParameterError(
            f"1日の訪問枠「{capacity}」は1件以上にしてください。",
            f"invalid daily capacity {capacity}",
        )
    return capacity


def _invalid(path: Path, field: str, value, expected: str) -> ParameterError:
    return ParameterError(
        f"{path} の {field}「{value}」は{expected}にしてください。",
        f"invalid {field} {value!r} in {path}",
    )
