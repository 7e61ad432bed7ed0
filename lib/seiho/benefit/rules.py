"""Look up the dated parameters under data/parameters/benefit/ by date."""

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from seiho.errors import ParameterError
from seiho.parameters import parameter


@dataclass(frozen=True)
class Rule:
    """A parameter's value on one date, with the name and source to cite."""

    name: str
    value: Any
    source: str

    def by_size(self, table: dict, size: int, what: str) -> int:
        """Return a per-household-size figure, extending past the table with ``per_person_over_table``."""
        by_size = {int(key): amount for key, amount in table["by_size"].items()}
        largest = max(by_size)
        if size <= largest:
            return by_size[size]
        if "per_person_over_table" not in table:
            raise beyond_table(self, what, size, largest)
        return by_size[largest] + table["per_person_over_table"] * (size - largest)


@functools.lru_cache(maxsize=1024)
def rule(name: str, date: dt.date) -> Rule:
    """Return ``benefit/<name>`` in force on ``date`` with its source title (cached: callers must not change the value)."""
    full_name = f"benefit/{name}"
    found = parameter(full_name)
    reference = found.source_at(date) or {}
    title = reference.get("title", "") if isinstance(reference, dict) else str(reference)
    return Rule(full_name, found.at(date), title)


def earliest(name: str) -> Any:
    """Return the earliest value of ``benefit/<name>`` (used to tell whether a month can need it at all)."""
    found = parameter(f"benefit/{name}")
    return found.values[min(found.values)]


def has_value(name: str, date: dt.date) -> bool:
    """Return whether ``benefit/<name>`` has a value in force on ``date``."""
    return any(start <= date for start in parameter(f"benefit/{name}").values)


def major_grade(grade_area: str) -> str:
    """Return the 級地 without its branch, e.g. 1級地 for 1級地-2."""
    return grade_area.split("-")[0]


def beyond_table(found: Rule, what: str, size: int, largest: int) -> ParameterError:
    return ParameterError(
        f"{what}の表（data/parameters/{found.name}.yaml）には{largest}人までの額しかなく、{size}人世帯は計算できません。"
        "この日付に適用される表の額を追加してください。",
        f"{found.name} has sizes up to {largest}, household has {size}",
    )
