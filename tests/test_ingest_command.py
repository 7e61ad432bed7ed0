"""``seiho import``: exit statuses and the Japanese summary."""

import argparse
import os
import subprocess
import sys

import pytest

from seiho.ingest import command

from test_ingest_fixtures import HOUSEHOLD_HEADER, MEMBER_HEADER, fetch, household_row, member_row, office, write_csv  # noqa: F401


def run_import(capsys, *arguments: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    status = command.run(parser.parse_args(list(arguments)))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_clean_import_exits_zero(office, tmp_path, capsys):
    path = write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001")])
    status, _, _ = run_import(capsys, "--db", str(office.path), str(path))
    assert status == 0


def test_quarantine_exits_one(office, tmp_path, capsys):
    path = write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001"), household_row("12")])
    status, _, _ = run_import(capsys, "--db", str(office.path), str(path))
    assert status == 1


def test_repeat_of_quarantined_file_exits_one(office, tmp_path, capsys):
    path = write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001"), household_row("12")])
    run_import(capsys, "--db", str(office.path), str(path))
    status, out, _ = run_import(capsys, "--db", str(office.path), str(path))
    assert status == 1
    assert "取込済みのため、取り込みませんでした" in out


def test_repeat_of_clean_file_exits_zero(office, tmp_path, capsys):
    path = write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001")])
    run_import(capsys, "--db", str(office.path), str(path))
    status, _, _ = run_import(capsys, "--db", str(office.path), str(path))
    assert status == 0


def test_unknown_layout_exits_two(office, tmp_path, capsys):
    path = write_csv(tmp_path / "不明.csv", ["番号", "金額"], [["1", "2"]])
    status, _, err = run_import(capsys, "--db", str(office.path), str(path))
    assert status == 2
    assert "不明.csv" in err
    assert "「金額」" in err
    assert "どのファイルも取り込んでいません" in err


def test_missing_file_exits_two(office, tmp_path, capsys):
    status, _, err = run_import(capsys, "--db", str(office.path), str(tmp_path / "ない.csv"))
    assert status == 2
    assert "ない.csv が見つかりません" in err


def test_summary_in_japanese(office, tmp_path, capsys):
    households = write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001"), household_row("1234"), household_row("5678")], encoding="cp932")
    members = write_csv(tmp_path / "世帯員.csv", MEMBER_HEADER, [member_row("00000001")])
    _, out, _ = run_import(capsys, "--db", str(office.path), str(members), str(households))
    assert "■ 世帯.csv（世帯）" in out
    assert "文字コード: CP932（Shift_JIS）" in out
    assert "読み込んだ行: 3 行" in out
    assert "取り込んだ行: 1 行（新規 1、更新 0、変更なし 0）" in out
    assert "保留にした行: 2 行" in out
    assert "ケース番号／先頭の0の欠落（Excel）: 2 件（3、4 行目）" in out
    assert "合計: 2 ファイル、取込 2 行、保留 2 行" in out


def test_summary_lists_households_first(office, tmp_path, capsys):
    households = write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001")])
    members = write_csv(tmp_path / "世帯員.csv", MEMBER_HEADER, [member_row("00000001")])
    _, out, _ = run_import(capsys, "--db", str(office.path), str(members), str(households))
    assert out.index("世帯.csv（世帯）") < out.index("世帯員.csv（世帯員）")


def test_user_recorded_in_import_run(office, tmp_path, capsys):
    path = write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001")])
    run_import(capsys, "--db", str(office.path), "--user", "clerk7", str(path))
    assert fetch(office, "SELECT imported_by FROM import_runs") == [("clerk7",)]


def test_module_runs_as_process(office, tmp_path):
    path = write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001"), household_row("0001.0")])
    completed = subprocess.run(
        [sys.executable, "-m", "seiho.ingest.command", "--db", str(office.path), str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    assert completed.returncode == 1
    assert "小数点付きの番号（Excel）" in completed.stdout


def test_seiho_cli_import_subcommand(office, tmp_path, capsys):
    # The top-level parser imports every subcommand module, so this runs once they all exist.
    cli = pytest.importorskip("seiho.cli")
    for module_name, _ in cli.SUBCOMMANDS.values():
        pytest.importorskip(module_name)
    path = write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001")])
    status = cli.main(["import", "--db", str(office.path), str(path)])
    assert status == 0
    assert "取込結果" in capsys.readouterr().out
