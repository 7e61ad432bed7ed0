"""Packaging: pinned dependencies, the conda file, CI and the README agree."""

import re
import tomllib
from pathlib import Path

import yaml

from seiho.paths import REPOSITORY_ROOT

# GHSA-2q59-h24c-w6fg (local file inclusion through /static) is fixed in
# Voilà 0.5.6 for the 0.5 series.
VOILA_FIXED = (0, 5, 6)


def pyproject_requirements() -> list[str]:
    project = tomllib.loads((REPOSITORY_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["dependencies"] + [req for extra in project["optional-dependencies"].values() for req in extra]


def test_every_dependency_is_pinned():
    loose = [req for req in pyproject_requirements() if "==" not in req]
    assert loose == []


def test_conda_environment_matches_pyproject():
    environment = yaml.safe_load((REPOSITORY_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    conda_pins = sorted(req for req in pip_section if "==" in req)
    assert conda_pins == sorted(pyproject_requirements())


def test_voila_pin_has_file_inclusion_fix():
    pin = next(req for req in pyproject_requirements() if req.startswith("voila=="))
    version = tuple(int(part) for part in pin.split("==")[1].split(".")[:3])
    assert version >= VOILA_FIXED


def test_ci_runs_readme_test_command():
    readme = (REPOSITORY_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Tests", 1)[1]
    command = re.search(r"```(?:sh|bash)?\n(.+?)\n```", section, re.S).group(1).strip()
    ci_lines = [line.strip() for line in (REPOSITORY_ROOT / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines


def test_console_script_is_declared():
    project = tomllib.loads((REPOSITORY_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["seiho"] == "seiho.cli:main"


def test_migrations_ship_with_package():
    package_data = tomllib.loads((REPOSITORY_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert "store/migrations/*.sql" in package_data["seiho"]
