"""Shared builders for the ingest tests: a small fictional office and CSV writers.

Every person, address and number here is made up. The module contains no
tests, and the other ``test_ingest_*`` modules import from it.
"""

import csv
import io
from pathlib import Path

import pytest

from seiho.store import Store

OFFICE_CODE = "139999"

HOUSEHOLD_HEADER = [
    "ケース番号", "実施機関コード", "地区担当員コード", "世帯主氏名", "世帯主氏名カナ", "世帯類型", "郵便番号",
    "住所", "緯度", "経度", "電話番号", "保護状況", "保護開始日", "開始理由", "廃止日", "廃止理由", "住居",
]
MEMBER_HEADER = ["ケース番号", "世帯員番号", "氏名", "氏名カナ", "性別", "生年月日", "続柄", "受給者番号", "障害区分", "世帯内"]
INCOME_HEADER = ["収入ID", "ケース番号", "世帯員番号", "収入種別", "月額", "開始日", "終了日", "次回申告期限"]
OTHER_PROGRAM_HEADER = ["他法他施策ID", "ケース番号", "世帯員番号", "制度名", "活用状況", "詳細", "開始日"]
MEDICAL_AID_HEADER = [
    "医療扶助ID", "ケース番号", "世帯員番号", "診療別", "医療機関コード", "医療機関名", "傷病名", "単独併用",
    "有効開始日", "有効終了日", "意見書期限",
]
CARE_AID_HEADER = ["介護扶助ID", "ケース番号", "世帯員番号", "要介護度", "事業所番号", "事業所名", "有効開始日", "有効終了日"]
SUPPORT_PLAN_HEADER = ["援助方針ID", "ケース番号", "決定日", "援助方針", "次回見直し日"]
VOUCHER_HEADER = [
    "券ID", "ケース番号", "世帯員番号", "券種", "対象年月", "指定機関コード", "交付番号", "公費負担者番号", "受給者番号", "交付日",
]

# Numbers whose check digits were worked out by hand with the 2-1 weighting:
# 123456 -> 6, 234567 -> 6, 1213999 -> 4 (公費負担者番号: law 12, 東京都 13, office 999).
RECIPIENT_NUMBER = "1234566"
OTHER_RECIPIENT_NUMBER = "2345676"
PAYER_NUMBER = "12139994"
# 13 (東京都) 1 (医科) 0110049: a code from the national list; 東京都 checks the 7-digit part.
INSTITUTION_CODE = "1310110049"
PROVIDER_CODE = "1370000001"


def household_row(case_number: str = "00000001", **changes: str) -> list[str]:
    """Return one valid 世帯 row, with fields replaced by Japanese column name."""
    row = {
        "ケース番号": case_number,
        "実施機関コード": OFFICE_CODE,
        "地区担当員コード": "C01",
        "世帯主氏名": "架空 太郎",
        "世帯主氏名カナ": "カクウ タロウ",
        "世帯類型": "高齢者世帯",
        "郵便番号": "100-0001",
        "住所": "架空市本町1-2-3",
        "緯度": "35.6",
        "経度": "139.6",
        "電話番号": "03-0000-0000",
        "保護状況": "保護中",
        "保護開始日": "2020-04-01",
        "開始理由": "傷病",
        "廃止日": "",
        "廃止理由": "",
        "住居": "居宅",
    }
    return _apply(row, changes, HOUSEHOLD_HEADER)


def member_row(case_number: str = "00000001", member_no: str = "1", **changes: str) -> list[str]:
    """Return one valid 世帯員 row, with fields replaced by Japanese column name."""
    row = {
        "ケース番号": case_number,
        "世帯員番号": member_no,
        "氏名": "架空 太郎",
        "氏名カナ": "カクウ タロウ",
        "性別": "男",
        "生年月日": "1950-06-15",
        "続柄": "世帯主",
        "受給者番号": RECIPIENT_NUMBER,
        "障害区分": "",
        "世帯内": "1",
    }
    return _apply(row, changes, MEMBER_HEADER)


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8", newline: str = "\r\n") -> Path:
    """Write ``header`` and ``rows`` as a CSV file with the given encoding and line ending."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def make_office(path: Path) -> Store:
    """Create a database with one fictional office and its caseworkers C01 and C02."""
    store = Store(path)
    with store.connect() as connection:
        connection.execute(
            f"INSERT INTO offices VALUES ('{OFFICE_CODE}', '架空市福祉事務所', '市', '東京都', '架空市', '1級地-1', 35.6, 139.6)"
        )
        connection.execute(
            "INSERT INTO caseworkers (caseworker_id, office_code, name, name_kana, role) VALUES"
            f" ('C01', '{OFFICE_CODE}', '担当 花子', 'タントウ ハナコ', 'caseworker'),"
            f" ('C02', '{OFFICE_CODE}', '担当 次郎', 'タントウ ジロウ', 'caseworker')"
        )
    return store


@pytest.fixture
def office(tmp_path) -> Store:
    """A database with the fictional office and no households yet."""
    return make_office(tmp_path / "office.duckdb")


def fetch(store: Store, sql: str, parameters: list | None = None) -> list[tuple]:
    """Run a query in its own transaction and return all rows."""
    with store.connect() as connection:
        return connection.execute(sql, parameters or []).fetchall()


def _apply(row: dict[str, str], changes: dict[str, str], header: list[str]) -> list[str]:
    for name, value in changes.items():
        if name not in row:
            raise KeyError(f"no column {name}")
        row[name] = value
    return [row[name] for name in header]
