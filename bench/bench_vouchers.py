"""連名簿 PDFs and 重複投薬 detection.

Part one: one 10,000-row roster. Part two: every roster of a demo office's month.
Part three: duplicate-prescription detection on a year of dispensing records.

Part one draws a single roster of ``--rows`` vouchers at one institution
(copies of one demo-like voucher with distinct 交付番号 and amounts) and
reports the time and the file size. Part two, with ``--households N``,
copies the cached demo database, reads the month's vouchers as a medical
clerk and writes all its rosters. Part three, with
``--dispensing-households N``, draws a year of fictional dispensing records
for the members with a 調剤 decision in the cached N-household demo (two
ingredients each, one 28-day dispensing a month, and for 5% of them a
second institution prescribing one ingredient for two overlapping months),
writes them as CSV and times ``find_duplicate_prescriptions``.

Usage: python bench/bench_vouchers.py [--rows N] [--runs R] [--households N] [--dispensing-households N]
"""

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_database, describe, timed  # noqa: E402

from seiho.access.users import load_user  # noqa: E402
from seiho.store import Store  # noqa: E402
from seiho.vouchers import VoucherLine, print_rosters, voucher_lines, write_rosters  # noqa: E402
from seiho.vouchers.duplicates import find_duplicate_prescriptions  # noqa: E402

MONTH = dt.date(2026, 12, 1)


def sample_lines(count: int) -> list[VoucherLine]:
    """Return ``count`` fictional vouchers at one clinic, a third of them 併用."""
    lines = []
    for number in range(count):
        with_insurance = number % 3 == 0
        lines.append(VoucherLine(
            voucher_id=f"B{number:08d}", issue_number=f"202612{number:06d}", voucher_kind="医療券", month=MONTH,
            case_number=f"{number:08d}", member_no=1, name=f"架空 太郎{number % 97}", name_kana="カクウ タロウ", sex="男",
            birth_date=dt.date(1950, 1, 1) + dt.timedelta(days=number % 9000), recipient_number="0000018", payer_number="12139994",
            institution_code="1310123455", institution_name="架空中央クリニック", care_type="入院外", valid_from=MONTH,
            valid_to=dt.date(2026, 12, 31), insurance="併用" if with_insurance else "単独",
            insurer_number="06130012" if with_insurance else None, insurer_share_percent=70 if with_insurance else None,
            copayment=(number % 5) * 500 if with_insurance else 0,
            disease_names="高血圧症、2型糖尿病（合併症なし）" if number % 4 == 0 else "気管支喘息", caseworker_name="担当 花子",
            issued_on=dt.date(2026, 11, 25), remarks="",
        ))
    return lines


def dispensing_records(store: Store, seed: int = 1) -> pd.DataFrame:
    """Return a year of fictional dispensing records (2025-12 to 2026-11) for members with a 調剤 decision."""
    rng = np.random.default_rng(seed)
    with store.connect() as connection:
        people = connection.execute(
            "SELECT DISTINCT m.case_number, m.member_no, m.institution_code FROM medical_aid m WHERE m.care_type = '調剤'"
        ).df()
        prescribers = connection.execute("SELECT DISTINCT institution_code FROM medical_aid WHERE care_type = '入院外'").df()["institution_code"].to_numpy()
    count = len(people)
    ingredients = np.array([f"{number:04d}000F1" for number in range(1, 41)])
    main_prescriber = rng.choice(prescribers, size=count)
    months = pd.date_range("2025-12-01", periods=12, freq="MS").to_numpy()

    parts = []
    for slot in range(2):
        ingredient = rng.choice(ingredients, size=count)
        for month in months:
            parts.append(pd.DataFrame({
                "case_number": people["case_number"], "member_no": people["member_no"], "pharmacy_code": people["institution_code"],
                "prescriber_code": main_prescriber, "ingredient_code": ingredient, "dispensed_on": month + np.timedelta64(slot * 3, "D"),
            }))
        if slot == 0:
            doubled = rng.random(count) < 0.05
            for month in months[5:7]:
                parts.append(pd.DataFrame({
                    "case_number": people["case_number"][doubled], "member_no": people["member_no"][doubled],
                    "pharmacy_code": people["institution_code"][doubled], "prescriber_code": rng.choice(prescribers, size=int(doubled.sum())),
                    "ingredient_code": ingredient[doubled], "dispensed_on": month + np.timedelta64(10, "D"),
                }))
    records = pd.concat(parts, ignore_index=True)
    return pd.DataFrame({
        "調剤年月日": pd.to_datetime(records["dispensed_on"]).dt.strftime("%Y-%m-%d"), "ケース番号": records["case_number"],
        "世帯員番号": records["member_no"], "薬局コード": records["pharmacy_code"], "処方医療機関コード": records["prescriber_code"],
        "成分コード": records["ingredient_code"], "成分名": "成分" + records["ingredient_code"].str[:4], "投与日数": 28,
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--households", type=int, default=0, help="demo office size for part two; 0 skips it")
    parser.add_argument("--dispensing-households", type=int, default=0, help="demo office size for part three; 0 skips it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        lines = sample_lines(args.rows)
        samples = []
        for _ in range(args.runs):
            seconds, document = timed(write_rosters, lines, MONTH, "架空市福祉事務所", Path(folder) / "roster.pdf")
            samples.append(seconds)
        size = document.path.stat().st_size
        print(f"roster of {document.count:,} rows, {document.rosters[0].pages:,} pages: {describe(samples, 's', 1.0)}; "
              f"{size / 1e6:.1f} MB")

        if args.households:
            path = Path(folder) / "vouchers.duckdb"
            shutil.copyfile(demo_database(args.households), path)
            store = Store(path)
            with store.connect() as connection:
                clerk = load_user(connection, connection.execute(
                    "SELECT user_id FROM users WHERE role = 'medical_clerk' ORDER BY user_id LIMIT 1").fetchone()[0])
                month = connection.execute("SELECT max(month) FROM vouchers").fetchone()[0]
            seconds, read = timed(voucher_lines, store, clerk, month)
            print(f"voucher_lines for {month:%Y-%m}: {seconds:.1f} s for {len(read):,} vouchers")
            seconds, document = timed(print_rosters, store, clerk, month, Path(folder) / "all.pdf")
            print(f"all rosters: {seconds:.1f} s, {len(document.rosters):,} institutions, {document.count:,} rows, "
                  f"{document.path.stat().st_size / 1e6:.1f} MB")

        if args.dispensing_households:
            path = Path(folder) / "dispensing.duckdb"
            shutil.copyfile(demo_database(args.dispensing_households), path)
            store = Store(path)
            seconds, records = timed(dispensing_records, store)
            csv_path = Path(folder) / "dispensing.csv"
            records.to_csv(csv_path, index=False)
            print(f"drew {len(records):,} dispensing records in {seconds:.1f} s ({csv_path.stat().st_size / 1e6:.0f} MB CSV)")
            with store.connect() as connection:
                supervisor = load_user(connection, connection.execute(
                    "SELECT user_id FROM users WHERE role = 'supervisor' ORDER BY user_id LIMIT 1").fetchone()[0])
            samples = []
            for _ in range(args.runs):
                seconds, review = timed(find_duplicate_prescriptions, store, supervisor, csv_path)
                samples.append(seconds)
            print(f"duplicate prescriptions (supervisor, whole office): {describe(samples, 's', 1.0)}; "
                  f"{review.records:,} records, {len(review.candidates):,} candidates")


if __name__ == "__main__":
    main()
