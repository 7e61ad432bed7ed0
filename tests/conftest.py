"""Shared fixtures: the network guard and a small hand-built office."""

import datetime as dt
import os
from pathlib import Path

import pytest

from seiho.access import create_user
from seiho.store import Store
from seiho.text import name_key

import network_guard
from seiho.access import users

network_guard.install()

# Subprocesses (Voilà, kernels, papermill, multiprocessing) install the same
# guard through tests/guard_site/sitecustomize.py.
_GUARD_SITE = str(Path(__file__).resolve().parent / "guard_site")
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [_GUARD_SITE, os.environ.get("PYTHONPATH", "")]))

# A full-strength password hash takes a tenth of a second; tests make many.
users.PBKDF2_ITERATIONS = 1_000

AS_OF = dt.date(2026, 12, 1)
PASSWORD = "test-password"


@pytest.fixture
def small_office(tmp_path) -> Store:
    """A fresh copy of the small fictional office for one test."""
    return build_small_office(tmp_path)


def build_small_office(folder) -> Store:
    """Build a fictional office with two caseworkers, a supervisor and four households.

    Caseworker cw1 has households 00000001 and 00000002 (高齢者世帯 with a
    髙 in the name, and a 母子世帯); cw2 has 00000003 and the closed 00000004.
    Users: cw1, cw2, sv1 (supervisor), med1, ana1 and admin, all with PASSWORD.
    """
    store = Store(folder / "office.duckdb")
    with store.connect() as con:
        con.execute("INSERT INTO offices VALUES ('131999', '架空市福祉事務所', '市', '東京都', '架空市', '1級地-1', 35.6, 139.6)")
        con.execute(
            "INSERT INTO caseworkers (caseworker_id, office_code, name, name_kana, team, supervisor_id, role) VALUES"
            " ('S01', '131999', '指導 一郎', 'シドウ イチロウ', '第1係', NULL, 'supervisor'),"
            " ('C01', '131999', '担当 花子', 'タントウ ハナコ', '第1係', 'S01', 'caseworker'),"
            " ('C02', '131999', '担当 次郎', 'タントウ ジロウ', '第1係', 'S01', 'caseworker')"
        )
        households = [
            ("00000001", "C01", "髙橋 トメ", "タカハシ トメ", "高齢者世帯", "保護中", None),
            ("00000002", "C01", "山﨑 美咲", "ヤマサキ ミサキ", "母子世帯", "保護中", None),
            ("00000003", "C02", "架空 太郎", "カクウ タロウ", "その他の世帯", "保護中", None),
            ("00000004", "C02", "廃止 済子", "ハイシ スミコ", "高齢者世帯", "廃止", dt.date(2025, 3, 31)),
        ]
        for case_number, caseworker, name, kana, kind, status, closed in households:
            con.execute(
                "INSERT INTO households (case_number, office_code, caseworker_id, head_name, head_name_kana, name_key,"
                " household_type, address, status, started_on, closed_on, housing)"
                " VALUES (?, '131999', ?, ?, ?, ?, ?, '架空市本町1-2-3', ?, DATE '2020-04-01', ?, '居宅')",
                [case_number, caseworker, name, kana, name_key(name) + " " + name_key(kana), kind, status, closed],
            )
            con.execute(
                "INSERT INTO members (case_number, member_no, name, name_kana, name_key, sex, birth_date, relationship, recipient_number)"
                " VALUES (?, 1, ?, ?, ?, '女', DATE '1950-06-15', '世帯主', '0000018')",
                [case_number, name, kana, name_key(name) + " " + name_key(kana)],
            )
        con.execute(
            "INSERT INTO members (case_number, member_no, name, name_kana, name_key, sex, birth_date, relationship)"
            " VALUES ('00000002', 2, '山﨑 陽翔', 'ヤマサキ ハルト', ?, '男', DATE '2016-12-02', '子')",
            [name_key("山﨑 陽翔") + " " + name_key("ヤマサキ ハルト")],
        )
        con.execute(
            "INSERT INTO case_records (record_id, case_number, caseworker_id, recorded_on, title, body, status)"
            " VALUES ('R1', '00000001', 'C01', DATE '2026-11-10', '定期訪問', '自宅を訪問し、体調を確認した。', '承認済み')"
        )
        con.execute(
            "INSERT INTO support_plans VALUES ('P1', '00000001', DATE '2026-04-01', '健康状態の把握と見守りを継続する。', DATE '2027-03-31')"
        )
        for user_id, role, caseworker in [
            ("cw1", "caseworker", "C01"),
            ("cw2", "caseworker", "C02"),
            ("sv1", "supervisor", "S01"),
            ("med1", "medical_clerk", None),
            ("ana1", "analyst", None),
            ("admin", "admin", None),
        ]:
            create_user(con, user_id, f"利用者 {user_id}", role, "131999", PASSWORD, caseworker)
    return store
