"""The folder notebook: consented recordings are transcribed and drafted, the others skipped and reported."""

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from seiho.access import authenticate
from seiho.errors import ImportFileError, ParameterError, SeihoError
from seiho.reporting import run_report
from seiho.speech import record_consent
from seiho.speech_review.folder import DRAFTED, FAILED, SKIPPED, process_folder, read_mapping

from conftest import PASSWORD

AUDIO = Path(__file__).parent / "data" / "audio"


def write_mapping(path, rows, header=("ファイル名", "同意ID", "ケース番号", "記録日"), encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("encoding", ["cp932", "utf-8", "utf-8-sig"])
def test_mapping_reads_excel_encodings(tmp_path, encoding):
    path = write_mapping(tmp_path / "map.csv", [["髙橋①.wav", "", "00000001", "2026-11-20"]], encoding=encoding)
    rows = read_mapping(path)
    assert list(rows) == ["髙橋①.wav"]
    assert rows["髙橋①.wav"].case_number == "00000001"
    assert rows["髙橋①.wav"].recorded_on == dt.date(2026, 11, 20)


def test_mapping_undecodable_names_file(tmp_path):
    path = tmp_path / "map.csv"
    path.write_bytes("ファイル名,ケース番号\n".encode("utf-8") + b"a.wav,\x82\xff\n")
    with pytest.raises(ImportFileError, match="map.csv の.*UTF-8 としても CP932 としても読めない文字"):
        read_mapping(path)


def test_folder_notebook_undecodable_mapping_message(small_office, tmp_path):
    folder = tmp_path / "audio"
    folder.mkdir()
    mapping = tmp_path / "map.csv"
    mapping.write_bytes(b"\x82\xff,\x82\xff\n")
    parameters = {
        "db": str(small_office.path), "user": "cw1", "folder": str(folder), "mapping": str(mapping), "kind": "visit", "out": "",
    }
    with pytest.raises(SeihoError) as caught:
        run_report("transcribe_folder", parameters, output_root=tmp_path / "reports")
    assert "予期しない" not in caught.value.message_ja
    assert "map.csv" in caught.value.message_ja


def test_mapping_needs_consent_column(tmp_path):
    path = write_mapping(tmp_path / "map.csv", [["a.wav"]], header=("ファイル名",))
    with pytest.raises(ParameterError, match="同意ID"):
        read_mapping(path)


def test_mapping_bad_date_names_line(tmp_path):
    path = write_mapping(tmp_path / "map.csv", [["a.wav", "", "00000001", "12月1日"]])
    with pytest.raises(ParameterError, match="2 行目"):
        read_mapping(path)


def test_mapping_duplicate_file_rejected(tmp_path):
    path = write_mapping(tmp_path / "map.csv", [["a.wav", "", "00000001", ""], ["a.wav", "", "00000002", ""]])
    with pytest.raises(ParameterError, match="1行にしてください"):
        read_mapping(path)


def test_folder_skips_files_without_consent(small_office, tmp_path):
    folder = tmp_path / "audio"
    folder.mkdir()
    shutil.copy(AUDIO / "silence.wav", folder / "no-consent.wav")
    shutil.copy(AUDIO / "silence.wav", folder / "unlisted.wav")
    mapping = write_mapping(tmp_path / "map.csv", [["no-consent.wav", "", "00000001", ""], ["missing.wav", "", "00000001", ""]])
    user = authenticate(small_office, "cw1", PASSWORD)

    outcomes = {outcome.file: outcome for outcome in process_folder(small_office, user, folder, mapping, "visit")}

    assert outcomes["no-consent.wav"].status == SKIPPED
    assert outcomes["unlisted.wav"].status == SKIPPED
    assert outcomes["missing.wav"].status == FAILED


def test_folder_never_stores_unconsented_audio(small_office, tmp_path):
    folder = tmp_path / "audio"
    folder.mkdir()
    shutil.copy(AUDIO / "silence.wav", folder / "no-consent.wav")
    mapping = write_mapping(tmp_path / "map.csv", [["no-consent.wav", "", "00000001", ""]])
    process_folder(small_office, authenticate(small_office, "cw1", PASSWORD), folder, mapping, "visit")
    with small_office.connect() as connection:
        assert connection.execute("SELECT count(*) FROM recordings").fetchone()[0] == 0


def test_folder_rejects_unknown_kind(small_office, tmp_path):
    with pytest.raises(ParameterError, match="記録の種類"):
        process_folder(small_office, authenticate(small_office, "cw1", PASSWORD), tmp_path, tmp_path / "map.csv", "letter")


def test_folder_notebook_drafts_consented_file(small_office, tmp_path):
    caseworker = authenticate(small_office, "cw1", PASSWORD)
    consent_id = record_consent(
        small_office, caseworker, "00000001", consented_at=dt.datetime(2026, 11, 20, 10, 0), method="口頭", present="本人",
    )
    folder = tmp_path / "audio"
    folder.mkdir()
    shutil.copy(AUDIO / "speech.wav", folder / "visit.wav")
    shutil.copy(AUDIO / "silence.wav", folder / "other.wav")
    mapping = write_mapping(tmp_path / "map.csv", [["visit.wav", consent_id, "", "2026-11-20"], ["other.wav", "", "00000002", ""]])
    out = tmp_path / "outcomes.csv"

    result = run_report("transcribe_folder", {
        "db": str(small_office.path), "user": "cw1", "folder": str(folder), "mapping": str(mapping), "kind": "visit", "out": str(out),
    }, output_root=tmp_path / "reports")

    with open(out, encoding="utf-8-sig") as handle:
        rows = {row["ファイル"]: row for row in csv.DictReader(handle)}
    assert rows["visit.wav"]["結果"] == DRAFTED
    assert rows["other.wav"]["結果"] == SKIPPED
    assert int(rows["visit.wav"]["区間数"]) >= 1
    assert "下書き作成 1 件" in result.html_path.read_text(encoding="utf-8")
