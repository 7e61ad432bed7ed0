"""Dated legal parameters kept in ``data/parameters``.

Each YAML file contains one figure that a law, an ordinance or a notice sets: a
``description``, ``metadata.reference`` naming the legal source for each date,
and ``values`` keyed by the date each value applies from. Earlier values stay
in the file, so a calculation for a past month uses the law of that month.
"""

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from seiho.errors import ParameterError
from seiho.paths import data_dir


@dataclass(frozen=True)
class Parameter:
    """One dated parameter: its values by start date and their sources."""

    name: str
    description: str
    values: dict[dt.date, Any]
    references: dict[dt.date, Any]

    def at(self, date: dt.date) -> Any:
        """Return the value in force on ``date``."""
        applicable = [start for start in self.values if start <= date]
        if not applicable:
            first = min(self.values)
            raise ParameterError(
                f"基準値「{self.description}」は {first.isoformat()} より前の日付（{date.isoformat()}）には定められていません。日付を確認してください。",
                f"parameter {self.name} has no value before {first} (requested {date})",
            )
        return self.values[max(applicable)]

    def source_at(self, date: dt.date) -> Any:
        """Return the legal reference for the value in force on ``date``."""
        applicable = [start for start in self.references if start <= date]
        return self.references[max(applicable)] if applicable else None


@functools.cache
def parameter(name: str) -> Parameter:
    """Load ``data/parameters/<name>.yaml``."""
    path = data_dir() / "parameters" / f"{name}.yaml"
    if not path.exists():
        raise ParameterError(
            f"基準値ファイル {path} がありません。data/parameters/ に {name}.yaml を置いてください。",
            f"parameter file {path} not found",
        )
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Parameter(
        name=name,
        description=content["description"],
        values={_as_date(key): value for key, value in content["values"].items()},
        references={_as_date(key): value for key, value in content.get("metadata", {}).get("reference", {}).items()},
    )


def _as_date(key: Any) -> dt.date:
    # YAML reads 2000-04-01 as a date already; a quoted key arrives as text.
    return key if isinstance(key, dt.date) else dt.date.fromisoformat(str(key))
