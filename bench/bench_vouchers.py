"""連名簿 PDFs: one 10,000-row roster, and every roster of a demo office's month.

Part one draws a single roster of ``--rows`` vouchers at one institution
(copies of one demo-like voucher with distinct 交付番号 and amounts) and
reports the time and the file size. Part two, with ``--households N``,
copies the cached demo database, reads the month's vouchers as a medical
clerk and writes all its rosters.

Usage: python bench/bench_vouchers.py [--rows N] [--runs R] [--households N]
"""

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_database, describe, timed  # noqa: E402

from seiho.access.users import load_user  # noqa: E402
from seiho.store import Store  # noqa: E402
from seiho.vouchers import VoucherLine, print_rosters, voucher_lines, write_rosters  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--households", type=int, default=0, help="demo office size for part two; 0 skips it")
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


if __name__ == "__main__":
    main()
