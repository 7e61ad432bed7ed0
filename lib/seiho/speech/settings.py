"""The office's speech settings, kept in the ``settings`` table.

| key | meaning | default |
| --- | --- | --- |
| speech.model_folder | a CTranslate2 Whisper folder to use instead of the bundled base model | (the bundled model) |
| speech.retention_days | days to keep audio after its record is approved | 0 (delete at approval) |
| speech.audio_folder | where stored recordings are kept | <database folder>/<database name>.recordings |
| speech.channel_labels | speaker labels of the left and right channel, comma-separated | 左,右 |
"""

from dataclasses import dataclass
from pathlib import Path

import duckdb

from seiho.errors import ParameterError

MODEL_FOLDER = "speech.model_folder"
RETENTION_DAYS = "speech.retention_days"
AUDIO_FOLDER = "speech.audio_folder"
CHANNEL_LABELS = "speech.channel_labels"


@dataclass(frozen=True)
class SpeechSettings:
    """The speech settings of one database."""

    model_folder: str | None
    retention_days: int
    audio_folder: Path
    channel_labels: tuple[str, str]


def _get(connection: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0].strip() if row and row[0] and row[0].strip() else None


def read_settings(connection: duckdb.DuckDBPyConnection, database_path: Path) -> SpeechSettings:
    """Read the speech settings, with defaults, and check their values."""
    retention = _get(connection, RETENTION_DAYS) or "0"
    if not retention.isdigit():
        raise ParameterError(
            f"設定 {RETENTION_DAYS} の値「{retention}」は日数（0 以上の整数）ではありません。管理者が設定を直してください。",
            f"bad {RETENTION_DAYS}: {retention!r}",
        )
    labels = tuple(part.strip() for part in (_get(connection, CHANNEL_LABELS) or "左,右").split(","))
    if len(labels) != 2 or not all(labels):
        raise ParameterError(
            f"設定 {CHANNEL_LABELS} は「左,右」のように話者名を 2 つ、カンマで区切って書いてください（現在: {','.join(labels)}）。",
            f"bad {CHANNEL_LABELS}: {labels!r}",
        )
    folder = _get(connection, AUDIO_FOLDER)
    database_path = Path(database_path)
    return SpeechSettings(
        model_folder=_get(connection, MODEL_FOLDER),
        retention_days=int(retention),
        audio_folder=Path(folder) if folder else database_path.with_name(database_path.stem + ".recordings"),
        channel_labels=labels,
    )


def write_setting(connection: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Set one speech setting (insert or replace)."""
    connection.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])
