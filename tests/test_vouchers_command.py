"""Tests of ``seiho vouchers`` and of the online-eligibility CSV export."""

import csv

import pytest

from seiho.access import authenticate
from seiho.cli import main
from seiho.errors import AccessDenied, ParameterError
from seiho.vouchers.export import HEADER, export_month

from conftest import PASSWORD
from test_vouchers_records import CLINIC, MONTH, PAYER, add_vouchers


@pytest.fixture
def office(small_office):
    add_vouchers(small_office)
    return small_office


def read_csv(path, encoding="utf-8-sig"):
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def test_export_rows_and_header(office, tmp_path):
    clerk = authenticate(office, "med1", PASSWORD)
    count = export_month(office, clerk, MONTH, tmp_path / "out.csv")
    rows = read_csv(tmp_path / "out.csv")
    assert count == 4
    assert tuple(rows[0]) == HEADER
    assert sorted(row[5] for row in rows[1:]) == ["202612000001", "202612000002", "202612000003", "202612000004"]


def test_export_codes_for_insurance_voucher(office, tmp_path):
    clerk = authenticate(office, "med1", PASSWORD)
    export_month(office, clerk, MONTH, tmp_path / "out.csv")
    row = next(row for row in read_csv(tmp_path / "out.csv") if row[5] == "202612000003")
    assert row[:8] == [PAYER, "0000034", "01", "20261210", "20261231", "202612000003", "202612", CLINIC]
    assert row[13:18] == ["02", "1500", "担当 花子", "02", "01"]


def test_export_dispensing_kind_code(office, tmp_path):
    clerk = authenticate(office, "med1", PASSWORD)
    export_month(office, clerk, MONTH, tmp_path / "out.csv")
    row = next(row for row in read_csv(tmp_path / "out.csv") if row[5] == "202612000002")
    assert row[2] == "02"
    assert row[13] == "04"


def test_export_cp932_keeps_rare_kanji(office, tmp_path):
    clerk = authenticate(office, "med1", PASSWORD)
    export_month(office, clerk, MONTH, tmp_path / "out.csv", encoding="cp932")
    names = {row[15] for row in read_csv(tmp_path / "out.csv", encoding="cp932")[1:]}
    assert "担当 花子" in names


def test_export_cp932_unencodable_rejected(office, tmp_path):
    with office.connect() as con:
        con.execute("UPDATE voucher_details SET remarks = '𠮷野家の近く' WHERE voucher_id = 'V3'")
    clerk = authenticate(office, "med1", PASSWORD)
    with pytest.raises(ParameterError, match="202612000003"):
        export_month(office, clerk, MONTH, tmp_path / "out.csv", encoding="cp932")
    assert not (tmp_path / "out.csv").exists()


def test_export_caseworker_rejected(office, tmp_path):
    caseworker = authenticate(office, "cw1", PASSWORD)
    with pytest.raises(AccessDenied):
        export_month(office, caseworker, MONTH, tmp_path / "out.csv")


def test_command_roster_writes_pdf(office, tmp_path, capsys):
    status = main(["vouchers", "--db", str(office.path), "--user", "med1", "roster", "--month", "2026-12", "--out", str(tmp_path / "r.pdf")])
    assert status == 0
    assert (tmp_path / "r.pdf").exists()
    assert "3 機関・5 件" in capsys.readouterr().out


def test_command_bad_month_rejected(office, tmp_path):
    with pytest.raises(SystemExit):
        main(["vouchers", "--db", str(office.path), "--user", "med1", "roster", "--month", "12/2026", "--out", str(tmp_path / "r.pdf")])


def test_command_missing_user_error(office, tmp_path, capsys):
    status = main(["vouchers", "--db", str(office.path), "export", "--month", "2026-12", "--out", str(tmp_path / "e.csv")])
    assert status == 2
    assert "--user" in capsys.readouterr().err


def test_command_opinion_cycle(office, capsys):
    database = str(office.path)
    status = main(["vouchers", "--db", database, "--user", "med1", "opinion-sent", "MA2", "--on", "2026-11-20", "--reply-by", "2026-12-04"])
    opinion_id = capsys.readouterr().out.split()[1]
    assert status == 0
    status = main(["vouchers", "--db", database, "--user", "med1", "opinion-returned", opinion_id, "--on", "2026-12-01", "--valid-to", "2027-05-31"])
    assert status == 0
    assert "2027-05-31" in capsys.readouterr().out
