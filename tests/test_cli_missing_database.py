"""Subcommands that read a database reject a missing file and create none."""

import pytest

from seiho.cli import main

COMMANDS = {
    "plan": ["plan", "--month", "2027-01", "--user", "cw001"],
    "receivables": ["receivables", "alerts"],
    "vouchers": ["vouchers", "roster", "--month", "2027-01", "--out", "roster.pdf"],
    "workload": ["workload", "demo-events", "--adoption", "2026-04-01"],
    "records": ["records", "--user", "sv01", "pending"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_missing_database_not_created(tmp_path, capsys, name):
    path = tmp_path / "nosuch.duckdb"
    subcommand, *arguments = COMMANDS[name]
    command = [subcommand, "--db", str(path), *arguments]

    status = main(command)

    assert status == 2
    assert f"データベース {path} がありません" in capsys.readouterr().err
    assert not path.exists()
    assert not (tmp_path / "nosuch.duckdb.lock").exists()


def test_report_missing_database_not_created(tmp_path, capsys):
    path = tmp_path / "nosuch.duckdb"

    status = main(["report", "receivables_monthly", "-p", f"db_path={path}", "-p", "month=2026-11"])

    assert status == 2
    assert f"データベース {path} がありません" in capsys.readouterr().err
    assert not path.exists()
