"""File errors reach staff as Japanese messages naming the path, not tracebacks."""

import errno

import pytest

from seiho.cli import file_error_message, main


def test_missing_output_folder_named(tmp_path):
    path = tmp_path / "nosuch" / "r.csv.part"
    message = file_error_message(FileNotFoundError(errno.ENOENT, "No such file or directory", str(path)))
    assert message.startswith(f"フォルダ {tmp_path / 'nosuch'} がありません。")


def test_missing_file_in_existing_folder_named(tmp_path):
    path = tmp_path / "memo.txt"
    message = file_error_message(FileNotFoundError(errno.ENOENT, "No such file or directory", str(path)))
    assert message.startswith(f"ファイル {path} がありません。")


def test_permission_error_names_path(tmp_path):
    path = tmp_path / "r.csv"
    message = file_error_message(PermissionError(errno.EACCES, "Permission denied", str(path)))
    assert message.startswith(f"{path} を開く権限がありません。")


def test_other_os_error_names_code(tmp_path):
    path = tmp_path / "r.csv"
    message = file_error_message(OSError(errno.ENOSPC, "No space left on device", str(path)))
    assert message == f"{path} を読み書きできませんでした（OS のエラー ENOSPC）。"


def test_main_folder_as_input_exits_2(tmp_path, capsys):
    status = main(["benefit", str(tmp_path), "--date", "2026-10-01"])
    err = capsys.readouterr().err
    assert status == 2
    assert f"エラー: {tmp_path} はフォルダです。" in err
    assert "Traceback" not in err


def test_main_oserror_without_filename_raises(monkeypatch):
    def fail(_args):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("seiho.benefit.command.run", fail)
    with pytest.raises(OSError):
        main(["benefit", "household.yaml", "--date", "2026-10-01"])


def test_draft_missing_json_folder_before_drafting(tmp_path, capsys):
    notes = tmp_path / "memo.txt"
    notes.write_text("訪問しました。", encoding="utf-8")
    folder = tmp_path / "nosuch"

    with pytest.raises(SystemExit) as exit_info:
        main(["draft", str(notes), "--kind", "visit", "--json", str(folder / "x.json")])
    captured = capsys.readouterr()

    assert exit_info.value.code == 2
    assert f"書き出し先のフォルダ {folder} がありません。" in captured.err
    assert captured.out == ""


def test_records_export_missing_folder_rejected(small_office, tmp_path, capsys):
    folder = tmp_path / "nosuch" / "dir"

    with pytest.raises(SystemExit) as exit_info:
        main(["records", "--db", str(small_office.path), "--user", "sv1", "export", "--out", str(folder / "r.csv")])

    assert exit_info.value.code == 2
    assert f"書き出し先のフォルダ {folder} がありません。" in capsys.readouterr().err


def test_records_export_folder_as_output_rejected(small_office, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["records", "--db", str(small_office.path), "--user", "sv1", "export", "--out", str(tmp_path)])

    assert exit_info.value.code == 2
    assert f"{tmp_path} はフォルダです。" in capsys.readouterr().err
