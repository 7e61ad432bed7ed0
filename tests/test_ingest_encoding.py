"""Encoding detection and unreadable files for ``seiho.ingest``."""

import hashlib

import pytest

from seiho.errors import ImportFileError
from seiho.ingest.encoding import decode_bytes, read_export_file
from seiho.ingest import import_files

from test_ingest_fixtures import HOUSEHOLD_HEADER, fetch, household_row, office, write_csv  # noqa: F401

# Both byte forms of each extended character in CP932, as Python's cp932 codec
# decodes them: the NEC-selected IBM extension rows (0xED, 0xEE) and the IBM
# extension rows (0xFA-0xFC), plus NEC row 13 (0x87) symbols.
EXTENDED_CHARACTERS = [
    (b"\xfb\xfc", "\u9ad9"),  # 髙, IBM extension
    (b"\xee\xe0", "\u9ad9"),  # 髙, NEC-selected IBM extension
    (b"\xfa\xb1", "\ufa11"),  # 﨑, IBM extension
    (b"\xed\x95", "\ufa11"),  # 﨑, NEC-selected IBM extension
    (b"\x87\x40", "\u2460"),  # ①, NEC row 13
    (b"\x87\x8a", "\u3231"),  # ㈱, NEC row 13
]


def test_utf8_without_bom_detected():
    text, encoding = decode_bytes("ケース番号\r\n".encode("utf-8"), "a.csv")
    assert encoding == "utf-8"
    assert text == "ケース番号\r\n"


def test_utf8_with_bom_detected_and_stripped():
    text, encoding = decode_bytes(b"\xef\xbb\xbf" + "ケース番号\r\n".encode("utf-8"), "a.csv")
    assert encoding == "utf-8-sig"
    assert text.startswith("ケース番号")


@pytest.mark.parametrize("raw, expected", EXTENDED_CHARACTERS)
def test_cp932_extended_character_decoded(raw, expected):
    # A plain Shift_JIS prefix makes the data invalid UTF-8, as in real exports.
    text, encoding = decode_bytes("氏名,".encode("cp932") + raw + b"\r\n", "a.csv")
    assert encoding == "cp932"
    assert text == f"氏名,{expected}\r\n"


def test_missing_file_names_file(tmp_path):
    with pytest.raises(ImportFileError) as raised:
        read_export_file(tmp_path / "世帯.csv")
    assert "世帯.csv" in raised.value.message_ja
    assert "見つかりません" in raised.value.message_ja


def test_directory_rejected_with_name(tmp_path):
    with pytest.raises(ImportFileError) as raised:
        read_export_file(tmp_path)
    assert str(tmp_path) in raised.value.message_ja
    assert "フォルダ" in raised.value.message_ja


def test_empty_file_rejected(tmp_path):
    path = tmp_path / "世帯.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportFileError) as raised:
        read_export_file(path)
    assert "世帯.csv は空です" in raised.value.message_ja


def test_whitespace_only_file_rejected(tmp_path):
    path = tmp_path / "世帯.csv"
    path.write_bytes(b"\r\n  \r\n")
    with pytest.raises(ImportFileError) as raised:
        read_export_file(path)
    assert "世帯.csv" in raised.value.message_ja


def test_binary_file_rejected(tmp_path):
    path = tmp_path / "世帯.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")
    with pytest.raises(ImportFileError) as raised:
        read_export_file(path)
    assert "世帯.xlsx は CSV ではありません" in raised.value.message_ja


def test_utf16_file_rejected(tmp_path):
    path = tmp_path / "世帯.csv"
    path.write_bytes("ケース番号\r\n".encode("utf-16"))
    with pytest.raises(ImportFileError) as raised:
        read_export_file(path)
    assert "UTF-16" in raised.value.message_ja


def test_undecodable_bytes_name_line(tmp_path):
    path = tmp_path / "世帯.csv"
    # 0x85 0x40 is an unassigned CP932 code and invalid UTF-8.
    path.write_bytes(b"a,b\r\n1,2\r\n3,\x85\x40\r\n")
    with pytest.raises(ImportFileError) as raised:
        read_export_file(path)
    assert "3行目" in raised.value.message_ja


def test_read_reports_sha256(tmp_path):
    path = tmp_path / "世帯.csv"
    path.write_bytes(b"a,b\r\n")
    decoded = read_export_file(path)
    assert decoded.sha256 == hashlib.sha256(b"a,b\r\n").hexdigest()


def test_cp932_import_keeps_extended_names(office, tmp_path):
    # IBM-form 髙 (0xFBFC) and NEC-form 﨑 (0xED95) written as raw bytes.
    header = ",".join(HOUSEHOLD_HEADER).encode("cp932")
    first = ",".join(household_row("00000001", 世帯主氏名="X")).encode("cp932").replace(b"X", b"\xfb\xfc\x8b\xb4 \x88\xea\x98\x59")
    second = ",".join(household_row("00000002", 世帯主氏名="X")).encode("cp932").replace(b"X", b"\x8eR\xed\x95 \x87\x40\x87\x8a")
    path = tmp_path / "世帯.csv"
    path.write_bytes(header + b"\r\n" + first + b"\r\n" + second + b"\r\n")

    results = import_files(office, [path])
    names = [row[0] for row in fetch(office, "SELECT head_name FROM households ORDER BY case_number")]

    assert results[0].encoding == "cp932"
    assert names == ["髙橋 一郎", "山﨑 ①㈱"]
