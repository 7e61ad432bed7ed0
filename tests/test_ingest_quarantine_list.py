"""``seiho quarantine``: reviewing rejected import rows without SQL."""

import argparse
import csv

import pytest

from seiho.access.users import acting_user, create_user
from seiho.errors import AccessDenied
from seiho.ingest import command as import_command
from seiho.ingest import quarantine_command
from seiho.ingest.review import quarantined_rows

from test_ingest_fixtures import HOUSEHOLD_HEADER, OFFICE_CODE, fetch, household_row, office, write_csv  # noqa: F401

PASSWORD = "quarantine-test"


@pytest.fixture
def office_with_users(office):
    with office.connect() as connection:
        create_user(connection, "admin1", "管理 一郎", "admin", OFFICE_CODE, PASSWORD)
        create_user(connection, "cw1", "担当 花子", "caseworker", OFFICE_CODE, PASSWORD, caseworker_id="C01")
    return office


def run(module, capsys, *arguments: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    status = module.run(parser.parse_args(list(arguments)))
    return status, capsys.readouterr().out


def import_with_bad_row(store, folder, capsys, bad_number: str = "12"):
    path = write_csv(folder / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001"), household_row(bad_number)])
    run(import_command, capsys, "--db", str(store.path), "--force", str(path))
    return path


def test_quarantine_list_shows_file_line(office_with_users, tmp_path, capsys):
    import_with_bad_row(office_with_users, tmp_path, capsys)
    status, out = run(quarantine_command, capsys, "--db", str(office_with_users.path), "--user", "admin1")
    assert status == 0
    assert "世帯.csv 3行目" in out
    assert "取込保留 1 件" in out


def test_quarantine_list_empty_says_none(office_with_users, capsys):
    status, out = run(quarantine_command, capsys, "--db", str(office_with_users.path), "--user", "admin1")
    assert status == 0
    assert "取込保留の行はありません" in out


def test_quarantine_list_rejects_caseworker(office_with_users):
    user = acting_user(office_with_users, "cw1")
    with pytest.raises(AccessDenied, match="取込保留の一覧"):
        quarantined_rows(office_with_users, user)


def test_quarantine_list_latest_import_only(office_with_users, tmp_path, capsys):
    import_with_bad_row(office_with_users, tmp_path, capsys, bad_number="12")
    import_with_bad_row(office_with_users, tmp_path, capsys, bad_number="123")
    user = acting_user(office_with_users, "admin1")
    latest = quarantined_rows(office_with_users, user)
    everything = quarantined_rows(office_with_users, user, latest_only=False)
    assert latest["value"].tolist() == ["123"]
    assert len(everything) == 2


def test_quarantine_csv_keeps_raw_row(office_with_users, tmp_path, capsys):
    import_with_bad_row(office_with_users, tmp_path, capsys)
    out_path = tmp_path / "保留一覧.csv"
    run(quarantine_command, capsys, "--db", str(office_with_users.path), "--user", "admin1", "--csv", str(out_path))
    assert out_path.read_bytes().startswith(b"\xef\xbb\xbf")
    with out_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["行"] == "3"
    assert "ケース番号=12" in rows[0]["元の行"]


def test_quarantine_read_is_audited(office_with_users, tmp_path, capsys):
    import_with_bad_row(office_with_users, tmp_path, capsys)
    quarantined_rows(office_with_users, acting_user(office_with_users, "admin1"))
    events = fetch(office_with_users, "SELECT user_id FROM audit_log WHERE action = 'view_import_quarantine'")
    assert events == [("admin1",)]
