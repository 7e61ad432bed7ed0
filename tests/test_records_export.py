"""CSV export of approved case records: header, encodings, characters outside CP932, and the command."""

import codecs
import csv
import datetime as dt
import io
import logging
import subprocess
import sys

import pytest

from seiho.access import Role, User
from seiho.cli import main
from seiho.errors import AccessDenied, SeihoError
from seiho.records import (
    UnencodableCharacter,
    approve,
    export_approved_csv,
    load_export_layout,
    save_draft,
    submit,
)

CW1 = User("cw1", "利用者 cw1", Role.CASEWORKER, "131999", "C01")
SV1 = User("sv1", "利用者 sv1", Role.SUPERVISOR, "131999", "S01")
DAY = dt.date(2026, 12, 3)


def approved_record(store, body="自宅を訪問した。髙橋さんは元気〜。", title="定期訪問"):
    record_id = save_draft(store, CW1, "00000001", title, body, DAY, visit_id="V1", kind="家庭訪問")
    submit(store, CW1, record_id)
    approve(store, SV1, record_id)
    return record_id


def read_rows(path, encoding):
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline="")))


def body_of(path, encoding, record_id):
    header, *rows = read_rows(path, encoding)
    found = [dict(zip(header, row)) for row in rows if row[0] == record_id]
    return found[0]["本文"]


def test_export_header_matches_layout(small_office, tmp_path):
    out = tmp_path / "records.csv"
    export_approved_csv(small_office, SV1, out)
    header = read_rows(out, "utf-8-sig")[0]
    assert header == [column.header for column in load_export_layout().columns]


def test_export_utf8_has_bom(small_office, tmp_path):
    approved_record(small_office)
    out = tmp_path / "records.csv"
    export_approved_csv(small_office, SV1, out)
    assert out.read_bytes().startswith(codecs.BOM_UTF8)


def test_export_row_values(small_office, tmp_path):
    record_id = approved_record(small_office, body="一行目\n二行目")
    out = tmp_path / "records.csv"
    result = export_approved_csv(small_office, SV1, out)
    header, *rows = read_rows(out, "utf-8-sig")
    row = [dict(zip(header, row)) for row in rows if row[0] == record_id][0]
    assert result.rows == 2
    assert rows[0][0] == "R1"
    assert row["ケース番号"] == "00000001"
    assert row["記録日"] == "2026-12-03"
    assert row["記録区分"] == "家庭訪問"
    assert row["記録区分コード"] == "01"
    assert row["訪問ID"] == "V1"
    assert row["本文"] == "一行目\n二行目"
    assert row["作成者"] == "担当 花子"
    assert row["承認者"] == "指導 一郎"
    assert len(row["承認日時"]) == len("2026-12-03 10:00:00")


def test_export_skips_unapproved(small_office, tmp_path):
    save_draft(small_office, CW1, "00000001", "下書き", "本文", DAY)
    out = tmp_path / "records.csv"
    result = export_approved_csv(small_office, SV1, out)
    # R1 in the fixture is 承認済み without approved_at; drafts never appear.
    assert result.rows == 1
    assert read_rows(out, "utf-8-sig")[1][0] == "R1"


def test_export_since_filters_approval(small_office, tmp_path):
    out = tmp_path / "records.csv"
    result = export_approved_csv(small_office, SV1, out, since=dt.date(2100, 1, 1))
    assert result.rows == 0
    assert len(read_rows(out, "utf-8-sig")) == 1


def test_export_cp932_round_trip(small_office, tmp_path):
    record_id = approved_record(small_office, body="髙橋さん宅。﨑の字。10時〜11時。①確認")
    out = tmp_path / "records.csv"
    export_approved_csv(small_office, SV1, out, encoding="cp932")
    assert not out.read_bytes().startswith(codecs.BOM_UTF8)
    assert body_of(out, "cp932", record_id) == "髙橋さん宅。﨑の字。10時～11時。①確認"


def test_export_cp932_em_dash_equivalent(small_office, tmp_path):
    record_id = approved_record(small_office, body="就労—継続")
    out = tmp_path / "records.csv"
    export_approved_csv(small_office, SV1, out, encoding="cp932")
    assert body_of(out, "cp932", record_id) == "就労―継続"


def test_export_cp932_rejects_outside_character(small_office, tmp_path):
    record_id = approved_record(small_office, body="𠮷田さんと面接した。")
    out = tmp_path / "records.csv"
    with pytest.raises(UnencodableCharacter) as raised:
        export_approved_csv(small_office, SV1, out, encoding="cp932")
    assert record_id in raised.value.message_ja
    assert "𠮷" in raised.value.message_ja
    assert "U+20BB7" in raised.value.message_ja
    assert "UTF-8（BOM付き）にするか" in raised.value.message_ja
    assert "〓に置き換える指定" in raised.value.message_ja
    assert "--" not in raised.value.message_ja
    assert not out.exists()


def test_export_cp932_substitutes_on_request(small_office, tmp_path):
    record_id = approved_record(small_office, body="𠮷田さんと面接した。")
    out = tmp_path / "records.csv"
    result = export_approved_csv(small_office, SV1, out, encoding="cp932", replace_unencodable=True)
    assert body_of(out, "cp932", record_id) == "〓田さんと面接した。"
    assert len(result.substitutions) == 1
    assert result.substitutions[0].record_id == record_id
    assert result.substitutions[0].code_point == "U+20BB7"


def test_export_rejects_unknown_encoding(small_office, tmp_path):
    with pytest.raises(SeihoError, match="文字コード"):
        export_approved_csv(small_office, SV1, tmp_path / "x.csv", encoding="latin-1")


def test_export_refuses_caseworker(small_office, tmp_path):
    with pytest.raises(AccessDenied):
        export_approved_csv(small_office, CW1, tmp_path / "x.csv")


def test_export_audits_households(small_office, tmp_path):
    approved_record(small_office)
    export_approved_csv(small_office, SV1, tmp_path / "records.csv")
    with small_office.connect() as con:
        count = con.execute("SELECT count(*) FROM audit_log WHERE action = 'export_case_records' AND case_number = '00000001'").fetchone()[0]
    assert count == 1


def test_command_export_and_pending(small_office, tmp_path, capsys):
    approved_record(small_office)
    pending_id = save_draft(small_office, CW1, "00000002", "電話連絡", "学校から連絡があった。", DAY, kind="電話")
    submit(small_office, CW1, pending_id)
    db = str(small_office.path)
    out = tmp_path / "records.csv"

    assert main(["records", "--db", db, "--user", "sv1", "export", "--out", str(out), "--encoding", "cp932"]) == 0
    assert "2 件" in capsys.readouterr().out
    assert main(["records", "--db", db, "--user", "sv1", "pending"]) == 0
    printed = capsys.readouterr().out
    assert pending_id in printed
    assert "承認待ち 1 件" in printed


def test_command_reports_outside_character(small_office, tmp_path, capsys):
    approved_record(small_office, body="𠮷田さん")
    db = str(small_office.path)
    out = tmp_path / "records.csv"
    status = main(["records", "--db", db, "--user", "sv1", "export", "--out", str(out), "--encoding", "cp932"])
    assert status == 2
    printed = capsys.readouterr().err
    assert "U+20BB7" in printed
    assert "--encoding utf-8-sig" in printed
    assert "--replace-unencodable" in printed


def test_export_orders_by_approval(small_office, tmp_path, monkeypatch):
    monkeypatch.setattr("seiho.records.export.PAGE_ROWS", 2)
    record_ids = [save_draft(small_office, CW1, "00000001", "定期訪問", f"本文{number}", DAY) for number in range(5)]
    for record_id in record_ids:
        submit(small_office, CW1, record_id)
    # Approve newest first, so approval order differs from insertion order.
    for record_id in reversed(record_ids):
        approve(small_office, SV1, record_id)
    out = tmp_path / "records.csv"
    result = export_approved_csv(small_office, SV1, out)
    ids = [row[0] for row in read_rows(out, "utf-8-sig")[1:]]
    assert result.rows == 6
    assert ids == ["R1", *reversed(record_ids)]


def test_export_error_leaves_no_file(small_office, tmp_path):
    approved_record(small_office, body="𠮷")
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(UnencodableCharacter):
        export_approved_csv(small_office, SV1, folder / "records.csv", encoding="cp932")
    assert list(folder.iterdir()) == []


def test_export_kind_from_visit(small_office, tmp_path):
    with small_office.connect() as con:
        con.execute("INSERT INTO visits VALUES ('V9', '00000001', 'C01', DATE '2026-11-10', '入院先訪問', '面会')")
        con.execute("UPDATE case_records SET visit_id = 'V9' WHERE record_id = 'R1'")
    out = tmp_path / "records.csv"
    export_approved_csv(small_office, SV1, out)
    header, row = read_rows(out, "utf-8-sig")
    assert dict(zip(header, row))["記録区分"] == "入院先訪問"
    assert dict(zip(header, row))["記録区分コード"] == "02"


def test_command_replacement_not_warned(small_office, tmp_path, capsys, caplog):
    approved_record(small_office, body="𠮷田さんと面接した。")
    db = str(small_office.path)
    out = tmp_path / "records.csv"
    arguments = ["records", "--db", db, "--user", "sv1", "export", "--out", str(out), "--encoding", "cp932", "--replace-unencodable"]
    with caplog.at_level(logging.WARNING):
        assert main(arguments) == 0
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
    printed = capsys.readouterr().out
    assert "「𠮷」（U+20BB7）を 〓 に置き換えました" in printed


def test_command_pending_closed_stdout(small_office):
    for number in range(3):
        record_id = save_draft(small_office, CW1, "00000001", "定期訪問", f"本文{number}", DAY)
        submit(small_office, CW1, record_id)
    command = [sys.executable, "-m", "seiho.cli", "records", "--db", str(small_office.path), "--user", "sv1", "pending"]
    # The reader closes the pipe before the command writes, as `| head -0` would.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    errors = process.stderr.read().decode()
    status = process.wait(timeout=120)
    assert "Traceback" not in errors
    assert "BrokenPipeError" not in errors
    assert status == 141
