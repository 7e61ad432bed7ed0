"""Folders of the workbench's versioned data and of its outputs."""

import os
from pathlib import Path

# lib/seiho/paths.py -> the repository root is two folders above lib/.
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """Return the reference-data folder: SEIHO_DATA_DIR, or data/ in the repository."""
    return Path(os.environ.get("SEIHO_DATA_DIR", REPOSITORY_ROOT / "data"))


def reports_dir() -> Path:
    """Return the folder for rendered reports: SEIHO_REPORTS_DIR, or reports/ in the repository."""
    return Path(os.environ.get("SEIHO_REPORTS_DIR", REPOSITORY_ROOT / "reports"))


def notebooks_dir() -> Path:
    """Return the folder of papermill report notebooks."""
    return REPOSITORY_ROOT / "notebooks"


def dashboards_dir() -> Path:
    """Return the folder of Voilà dashboards."""
    return REPOSITORY_ROOT / "dashboards"
