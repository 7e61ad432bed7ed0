"""``seiho demo`` on the command line: options, overwrite guard and the printed logins."""

import datetime as dt

import duckdb
import pytest

from seiho import cli
from seiho.synth import command

AS_OF = "2026-12-01"


def run_demo(path, *extra):
    return cli.main(["demo", "--db", str(path), "--households", "120", "--seed", "5", "--as-of", AS_OF, "--no-progress", *extra])


def test_demo_creates_database(tmp_path):
    assert run_demo(tmp_path / "demo.duckdb") == 0
    with duckdb.connect(str(tmp_path / "demo.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM households").fetchone()[0] == 120


def test_demo_prints_logins_and_password(tmp_path, capsys):
    run_demo(tmp_path / "demo.duckdb")
    output = capsys.readouterr().out
    for expected in ("cw001", "sv01", "med01", "ana01", "admin", "パスワード（全員共通）: demo"):
        assert expected in output


def test_demo_refuses_existing_file(tmp_path, capsys):
    path = tmp_path / "demo.duckdb"
    path.write_bytes(b"keep me")
    assert run_demo(path) == 2
    assert "--force" in capsys.readouterr().err


def test_refused_overwrite_leaves_file(tmp_path):
    path = tmp_path / "demo.duckdb"
    path.write_bytes(b"keep me")
    run_demo(path)
    assert path.read_bytes() == b"keep me"


def test_force_replaces_existing_file(tmp_path):
    path = tmp_path / "demo.duckdb"
    path.write_bytes(b"old")
    assert run_demo(path, "--force") == 0
    with duckdb.connect(str(path), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM households").fetchone()[0] == 120


def test_demo_leaves_no_partial_file(tmp_path):
    run_demo(tmp_path / "demo.duckdb")
    assert sorted(p.name for p in tmp_path.iterdir() if "building" in p.name) == []


def test_failed_build_creates_no_database(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(command, "build_demo", fail)
    with pytest.raises(RuntimeError):
        run_demo(tmp_path / "demo.duckdb")
    assert not (tmp_path / "demo.duckdb").exists()


def test_demo_creates_missing_folder(tmp_path):
    assert run_demo(tmp_path / "new" / "demo.duckdb") == 0


def test_invalid_as_of_rejected(tmp_path, capsys):
    code = cli.main(["demo", "--db", str(tmp_path / "d.duckdb"), "--as-of", "2026/12/01"])
    assert code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize("households", ["0", "-5", "500001"])
def test_household_count_out_of_range(tmp_path, capsys, households):
    code = cli.main(["demo", "--db", str(tmp_path / "d.duckdb"), "--households", households])
    assert code == 2
    assert "--households" in capsys.readouterr().err


def test_negative_seed_rejected(tmp_path):
    assert cli.main(["demo", "--db", str(tmp_path / "d.duckdb"), "--seed", "-1"]) == 2


def test_as_of_defaults_to_today():
    assert command.parse_as_of(None) == dt.date.today()


def test_as_of_parses_iso_date():
    assert command.parse_as_of("2024-02-29") == dt.date(2024, 2, 29)


def test_leap_day_reference_date_builds(tmp_path):
    path = tmp_path / "leap.duckdb"
    assert cli.main(["demo", "--db", str(path), "--households", "50", "--as-of", "2024-02-29", "--no-progress"]) == 0
