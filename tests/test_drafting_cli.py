"""Tests of ``seiho draft`` on typed notes and transcript JSON."""

import json

import pytest

from seiho.cli import main

NOTES = "CW: 家賃はおいくらですか。\n本人: 家賃は四万五千、あ、いや、四万六千円です。\n本人：預貯金は２万３千円くらいです。\nCW: 来週の火曜日に伺います。\n"


def test_draft_cli_reads_cp932_notes(tmp_path, capsys):
    notes = tmp_path / "memo.txt"
    notes.write_bytes(NOTES.encode("cp932"))
    status = main(["draft", str(notes), "--kind", "intake", "--date", "2026-04-14"])
    output = capsys.readouterr().out
    assert status == 0
    assert "面接記録票（下書き）" in output
    assert "家賃は46,000円" in output
    assert "45,000" not in output
    assert "4月21日（火）" in output
    assert "#1（2行目）" in output


def test_draft_cli_writes_json(tmp_path, capsys):
    transcript = tmp_path / "transcript.json"
    transcript.write_text(json.dumps({"segments": [
        {"segment_id": 0, "start": 0.0, "end": 3.5, "text": "家賃は四万六千円です。", "speaker": None,
         "flags": [], "corrections": [{"start": 0, "end": 2, "original": "やちん", "replacement": "家賃", "reading": "ヤチン", "score": 1.0}]},
        {"segment_id": 1, "start": 4.0, "end": 7.0, "text": "体調はいかがですか。", "speaker": None},
        {"segment_id": 2, "start": 7.5, "end": 9.0, "text": "ずっと変わりなく過ごしています。", "speaker": None},
    ]}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "draft.json"

    status = main(["draft", str(transcript), "--kind", "visit", "--date", "2026-06-09", "--json", str(out)])
    printed = capsys.readouterr().out
    written = json.loads(out.read_text(encoding="utf-8"))
    assert status == 0
    assert "0:00.0–0:03.5" in printed
    assert written["record_type"] == "ケース記録"
    assert written["recorded_on"] == "2026-06-09"
    rent = [sentence for sentence in written["sentences"] if sentence["field"] == "家賃"]
    assert rent[0]["times"] == [[0.0, 3.5]]
    assert rent[0]["needs_check"]
    assert "やちん→家賃" in rent[0]["note"]
    assert any(sentence["evidence"] == [1, 2] for sentence in written["sentences"])


def test_draft_cli_accepts_plain_segment_list(tmp_path, capsys):
    transcript = tmp_path / "list.json"
    transcript.write_text(json.dumps([{"start": 0, "end": 2, "text": "家賃は三万八千円です。"}], ensure_ascii=False), encoding="utf-8")
    assert main(["draft", str(transcript), "--kind", "phone", "--date", "2026-06-16"]) == 0
    assert "38,000円" in capsys.readouterr().out


def test_draft_cli_rejects_bad_json(tmp_path, capsys):
    transcript = tmp_path / "bad.json"
    transcript.write_text('{"segments": [{"start": 0}]}', encoding="utf-8")
    assert main(["draft", str(transcript), "--kind", "phone"]) == 2
    assert "text がありません" in capsys.readouterr().err


def test_draft_cli_missing_file(tmp_path, capsys):
    assert main(["draft", str(tmp_path / "none.txt"), "--kind", "intake"]) == 2
    assert "ありません" in capsys.readouterr().err


def test_draft_cli_rejects_unknown_encoding(tmp_path, capsys):
    notes = tmp_path / "memo.txt"
    # 0x85 0x40 is an unassigned code in CP932 and not UTF-8 either.
    notes.write_bytes(b"\x85\x40\x85\x40")
    assert main(["draft", str(notes), "--kind", "intake"]) == 2
    assert "CP932" in capsys.readouterr().err


def test_draft_cli_rejects_bad_date(tmp_path, capsys):
    notes = tmp_path / "memo.txt"
    notes.write_text("家賃は四万六千円です。", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["draft", str(notes), "--kind", "intake", "--date", "2026/04/14"])
    assert "YYYY-MM-DD" in capsys.readouterr().err


TRANSCRIPT = json.dumps(
    {"segments": [{"segment_id": 0, "start": 0.0, "end": 2.0, "text": "家賃は四万六千円です。", "speaker": None}]},
    ensure_ascii=False, indent=1,
).encode("utf-8")


def test_draft_cli_broken_json_japanese(tmp_path, capsys):
    transcript = tmp_path / "broken.json"
    transcript.write_bytes(b'{"segments" [1]}')
    assert main(["draft", str(transcript), "--kind", "visit"]) == 2
    error = capsys.readouterr().err
    assert f"文字起こしの JSON ファイル {transcript} が壊れています（1 行 13 文字目: 「:」がありません）" in error
    assert "seiho transcribe --json で作り直す" in error
    assert "Expecting" not in error


@pytest.mark.parametrize("cut", [TRANSCRIPT.index("万".encode("utf-8")) + 1, 40], ids=["inside-character", "inside-string"])
def test_draft_cli_truncated_json_not_encoding(tmp_path, capsys, cut):
    transcript = tmp_path / "cut.json"
    transcript.write_bytes(TRANSCRIPT[:cut])
    assert main(["draft", str(transcript), "--kind", "visit"]) == 2
    error = capsys.readouterr().err
    assert "ファイルが途中で切れています" in error
    assert "CP932" not in error


@pytest.mark.parametrize("content", [b"", b"\r\n \n", "\u3000\n".encode("utf-8")], ids=["zero-bytes", "blank-lines", "full-width-space"])
def test_draft_cli_rejects_empty_notes(tmp_path, capsys, content):
    notes = tmp_path / "memo.txt"
    notes.write_bytes(content)
    assert main(["draft", str(notes), "--kind", "intake"]) == 2
    captured = capsys.readouterr()
    assert f"ファイル {notes} は空です" in captured.err
    assert "面接記録票（下書き）" not in captured.out
