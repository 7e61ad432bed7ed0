"""``seiho user``: listing, adding and the checks before the password prompt."""

import io

from seiho.cli import main


def test_user_list_accepts_db_after_action(small_office, capsys):
    status = main(["user", "list", "--db", str(small_office.path)])
    assert status == 0
    assert "cw1" in capsys.readouterr().out


def test_user_list_missing_database(tmp_path, capsys):
    status = main(["user", "list", "--db", str(tmp_path / "typo.duckdb")])
    assert status == 2
    assert "がありません" in capsys.readouterr().err
    assert not (tmp_path / "typo.duckdb").exists()


def test_user_add_duplicate_id(small_office, capsys):
    status = main(["user", "add", "cw1", "--db", str(small_office.path), "--name", "重複", "--role", "admin", "--office", "131999"])
    assert status == 2
    assert "すでに登録" in capsys.readouterr().err


def test_user_add_unknown_office(small_office, capsys):
    status = main(["user", "add", "new1", "--db", str(small_office.path), "--name", "新規", "--role", "admin", "--office", "99999"])
    assert status == 2
    assert "99999" in capsys.readouterr().err


def test_user_add_unknown_caseworker(small_office, capsys):
    status = main(["user", "add", "new1", "--db", str(small_office.path), "--name", "新規", "--role", "caseworker",
                   "--office", "131999", "--caseworker-id", "C999"])
    assert status == 2
    assert "C999" in capsys.readouterr().err


def test_user_add_without_terminal(small_office, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    status = main(["user", "add", "new1", "--db", str(small_office.path), "--name", "新規", "--role", "admin", "--office", "131999"])
    assert status == 2
    assert "--password-stdin" in capsys.readouterr().err


def test_user_add_password_from_stdin(small_office, monkeypatch):
    from seiho.access import authenticate

    monkeypatch.setattr("sys.stdin", io.StringIO("新しい合言葉\n"))
    status = main(["user", "add", "new1", "--db", str(small_office.path), "--name", "新規", "--role", "admin",
                   "--office", "131999", "--password-stdin"])
    assert status == 0
    assert authenticate(small_office, "new1", "新しい合言葉").user_id == "new1"
