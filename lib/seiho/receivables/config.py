"""The receivables data files in data/receivables and the office's overrides."""

import functools
from dataclasses import dataclass
from typing import Any

import duckdb
import yaml

from seiho.errors import ParameterError
from seiho.paths import data_dir

SETTING_PREFIX = "receivables."


@functools.cache
def load_data_file(name: str) -> dict:
    """Load data/receivables/<name>.yaml."""
    path = data_dir() / "receivables" / f"{name}.yaml"
    if not path.exists():
        raise ParameterError(
            f"債権管理の設定ファイル {path} がありません。data/receivables/ に {name}.yaml を置いてください。",
            f"receivables data file {path} not found",
        )
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class MonitorSettings:
    """The office's thresholds for the receivables alerts."""

    installment_alert_max_payments: int
    demand_due_days: int
    reminder_interval_days: int
    limitation_warning_days: int
    balloon_ratio: float
    ageing_bucket_years: tuple[int, ...]


def monitor_settings(connection: duckdb.DuckDBPyConnection | None = None) -> MonitorSettings:
    """Return the defaults from office_settings.yaml, overridden by rows "receivables.<name>" in ``settings``."""
    values: dict[str, Any] = dict(load_data_file("office_settings"))
    if connection is not None:
        rows = connection.execute("SELECT key, value FROM settings WHERE key LIKE ?", [SETTING_PREFIX + "%"]).fetchall()
        for key, text in rows:
            name = key.removeprefix(SETTING_PREFIX)
            if name not in values:
                raise ParameterError(
                    f"設定 {key} は債権管理の設定にありません。使える設定: {'、'.join(SETTING_PREFIX + known for known in values)}",
                    f"unknown receivables setting {key}",
                )
            values[name] = _parse_setting(key, text, values[name])
    values["ageing_bucket_years"] = tuple(values["ageing_bucket_years"])
    return MonitorSettings(**values)


def _parse_setting(key: str, text: str, default: Any) -> Any:
    try:
        if isinstance(default, list):
            return [int(part) for part in text.split(",")]
        return type(default)(text)
    except ValueError:
        raise ParameterError(
            f"設定 {key} の値「{text}」は数値として読めません。settings 表の値を直してください。",
            f"invalid value {text!r} for setting {key}",
        ) from None
