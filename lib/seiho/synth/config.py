"""Load the fictional office's definition and distributions from data/synth."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from seiho.errors import SeihoError
from seiho.paths import data_dir


@dataclass(frozen=True)
class SynthConfig:
    """Everything under data/synth that shapes the demo office."""

    office: dict[str, Any]
    assumptions: dict[str, Any]
    phrases: dict[str, Any]
    surnames: pd.DataFrame
    given_names: pd.DataFrame
    institutions: pd.DataFrame

    @property
    def prefecture_code(self) -> str:
        return str(self.office["prefecture_code"])


def synth_dir() -> Path:
    """Return the folder with the demo office's definition files."""
    return data_dir() / "synth"


def load_config() -> SynthConfig:
    """Read office.yaml, assumptions.yaml, phrases.yaml, the name lists and the institution list."""
    folder = synth_dir()
    office = _read_yaml(folder / "office.yaml")
    institutions_file = data_dir() / "iryokikan" / office["institutions_file"]
    return SynthConfig(
        office=office,
        assumptions=_read_yaml(folder / "assumptions.yaml"),
        phrases=_read_yaml(folder / "phrases.yaml"),
        surnames=_read_commented_csv(folder / "surnames.csv"),
        given_names=_read_commented_csv(folder / "given_names.csv"),
        institutions=_read_institutions(institutions_file),
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise SeihoError(
            f"デモ用の設定ファイル {path} がありません。リポジトリの data/synth/ を確認してください。",
            f"synth file {path} not found",
        )
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _read_commented_csv(path: Path) -> pd.DataFrame:
    # The name lists start with comment lines that explain where they come from.
    if not path.exists():
        raise SeihoError(
            f"デモ用の氏名リスト {path} がありません。リポジトリの data/synth/ を確認してください。",
            f"name list {path} not found",
        )
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return pd.read_csv(io.StringIO("\n".join(lines)), dtype=str, keep_default_na=False)


def _read_institutions(path: Path) -> pd.DataFrame:
    """Read a prefecture's 医科 institution list, keeping codes as text."""
    if not path.exists():
        raise SeihoError(
            f"医療機関の一覧 {path} がありません。data/iryokikan/ に都道府県の医科保険医療機関 CSV を置いてください。",
            f"institution list {path} not found",
        )
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    frame = pd.DataFrame(rows, dtype=str)
    return frame.rename(columns={"医療機関コード7桁": "code7", "医療機関名称": "name"})[["code7", "name"]]
