"""``seiho workload``: demo events and chart export from the command line."""

from seiho.cli import main

from test_workload import add_history


def test_command_demo_events_written(small_office, capsys):
    add_history(small_office)
    status = main(["workload", "--db", str(small_office.path), "demo-events", "--adoption", "2026-10-01"])
    assert status == 0
    assert "業務イベントを" in capsys.readouterr().out


def test_command_demo_events_bad_date(small_office, capsys):
    status = main(["workload", "--db", str(small_office.path), "demo-events", "--adoption", "2026/10/01"])
    assert status != 0
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_command_charts_png_and_pdf(small_office, tmp_path):
    add_history(small_office)
    status = main(["workload", "--db", str(small_office.path), "charts", "--user", "sv1", "--month", "2026-11", "--out", str(tmp_path / "charts")])
    assert status == 0
    assert sorted(path.name for path in (tmp_path / "charts").iterdir()) == [
        "caseloads.pdf", "caseloads.png", "trends.pdf", "trends.png", "visit_compliance.pdf", "visit_compliance.png",
    ]


def test_command_charts_unknown_user(small_office, tmp_path, capsys):
    status = main(["workload", "--db", str(small_office.path), "charts", "--user", "nobody", "--out", str(tmp_path)])
    assert status != 0
    assert "nobody" in capsys.readouterr().err
