"""The ``seiho`` command line speaks Japanese in usage, help and errors."""

import pytest

from seiho.cli import main
from seiho.cli_parser import translate_message


def run_cli(capsys, *arguments: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(arguments))
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def test_missing_required_argument_in_japanese(capsys):
    status, _, err = run_cli(capsys, "transcribe", "memo.wav")
    assert status == 2
    assert "エラー: 次の引数を指定してください: --consent" in err
    assert "error:" not in err
    assert "usage:" not in err
    assert "使い方: seiho transcribe" in err


def test_invalid_choice_keeps_value_and_choices(capsys):
    status, _, err = run_cli(capsys, "records", "--user", "sv01", "export", "--out", "r.csv", "--encoding", "latin1")
    assert status == 2
    assert "エラー: 引数 --encoding: 'latin1' は選べません（選べる値: 'utf-8-sig', 'cp932'）" in err
    assert "invalid choice" not in err


def test_unknown_option_in_japanese(capsys):
    status, _, err = run_cli(capsys, "records", "--user", "sv01", "pending", "--bogus")
    assert status == 2
    assert "エラー: 不明な引数です: --bogus" in err
    assert "unrecognized" not in err


def test_error_hints_at_help(capsys):
    _, _, err = run_cli(capsys, "plan", "--month")
    assert "値を1つ指定してください" in err
    assert "「seiho plan --help」で使い方を表示できます。" in err


def test_invalid_int_in_japanese(capsys):
    _, _, err = run_cli(capsys, "serve", "--port", "x")
    assert "引数 --port: 'x' は整数ではありません" in err


@pytest.mark.parametrize("arguments", [[], ["records"], ["workload", "charts"], ["serve"]])
def test_help_all_japanese(capsys, arguments):
    status, out, _ = run_cli(capsys, *arguments, "--help")
    assert status == 0
    assert out.startswith("使い方: seiho")
    assert "オプション:" in out
    assert "このヘルプを表示して終了する" in out
    assert "usage:" not in out
    assert "options" not in out
    assert "show this help" not in out
    assert "positional arguments" not in out


def test_type_error_message_passes_through():
    assert translate_message("argument --since: 日付「2027-1-1」は不正です") == "引数 --since: 日付「2027-1-1」は不正です"


def test_vouchers_bad_date_in_japanese(capsys):
    _, _, err = run_cli(capsys, "vouchers", "--user", "med01", "opinions", "--on", "2026-13-01")
    assert "引数 --on: 日付「2026-13-01」を読めません。" in err
    assert "fromisoformat" not in err


def test_bad_datetime_in_japanese(capsys):
    _, _, err = run_cli(capsys, "speech", "consent", "00000001", "--method", "口頭", "--present", "本人", "--at", "yesterday")
    assert "引数 --at: 'yesterday' を日付・日時として読めません。" in err


def test_import_module_parser_in_japanese(capsys):
    from seiho.ingest.command import main as import_main

    with pytest.raises(SystemExit):
        import_main([])
    assert "エラー: 次の引数を指定してください: FILE" in capsys.readouterr().err


def test_missing_subcommand_lists_choices(capsys):
    status, _, err = run_cli(capsys, "user")
    assert status == 2
    assert "次の引数を指定してください: サブコマンド（add、passwd、list のどれか）" in err
    assert "action" not in err
