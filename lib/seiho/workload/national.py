"""The office against the nation: household mix, start and closure reasons and rates.

National figures come from the 被保護者調査 tables in data/stats (令和5年度
概要: 表2 household mix, 表3 monthly starts and closures, 統計表4 and 5 the
reasons). Only counts of the office leave this module.
"""

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from seiho.errors import SeihoError
from seiho.statistics import read_table, table_number, year_column
from seiho.store import Store
from seiho.workload.caseload import ACTIVE_ON, office_kind_of

MIX_FILE = "r5gaiyo_表2.csv"
MONTHLY_FILE = "r5gaiyo_表3.csv"
START_REASONS_FILE = "r5gaiyo_統計表4.csv"
CLOSURE_REASONS_FILE = "r5gaiyo_統計表5.csv"
DEFAULT_STATISTICS_YEAR = "2023年度"

# 表2 joins 障害者世帯 and 傷病者世帯; the office's households are joined the same way.
MIX_CATEGORIES = {
    "高齢者世帯": "高齢者世帯",
    "母子世帯": "母子世帯",
    "障害者世帯": "障害者・傷病者世帯",
    "傷病者世帯": "障害者・傷病者世帯",
    "その他の世帯": "その他の世帯",
}
NATIONAL_MIX_ROWS = {"高齢者世帯": "高齢者世帯", "母子世帯": "母子世帯", "障害者・傷病者世帯計": "障害者・傷病者世帯", "その他の世帯": "その他の世帯"}
HOUSEHOLDS_TOTAL_ROW = "総数（保護停止中を含む。）"


@dataclass(frozen=True)
class NationalFigures:
    """National shares (percent) and monthly averages for one fiscal year of the 被保護者調査."""

    year: str
    household_mix: dict[str, float]
    start_reasons: dict[str, float]
    closure_reasons: dict[str, float]
    households: float          # 1か月平均の被保護世帯数（停止中を含む）
    starts_per_month: float
    closures_per_month: float


@dataclass
class NationalComparison:
    """The office's shares and rates beside the nation's, each table with 事務所, 全国 and 差 (points)."""

    office_code: str
    fiscal_year: int
    statistics_year: str
    household_mix: pd.DataFrame
    start_reasons: pd.DataFrame
    closure_reasons: pd.DataFrame
    rates: pd.DataFrame


def load_national_figures(year: str = DEFAULT_STATISTICS_YEAR) -> NationalFigures:
    """Read the national figures of ``year`` (e.g. '2023年度') from data/stats."""
    mix_rows = read_table(MIX_FILE)
    column = _year_column(mix_rows, year, MIX_FILE)
    mix, households = {}, None
    for row in mix_rows:
        if len(row) <= column:
            continue
        if row[0] == "構成割合" and row[1] in NATIONAL_MIX_ROWS and row[2] == "":
            mix[NATIONAL_MIX_ROWS[row[1]]] = table_number(row[column], MIX_FILE, row)
        if row[0] == "実数" and row[1] == HOUSEHOLDS_TOTAL_ROW:
            households = table_number(row[column], MIX_FILE, row)
    if len(mix) != len(NATIONAL_MIX_ROWS) or households is None:
        raise SeihoError(
            f"{MIX_FILE} に{year}の世帯類型の構成割合または総数の行が揃っていません。data/stats のファイルを確認してください。",
            f"{MIX_FILE} lacks mix rows or the total for {year}",
        )

    monthly_rows = read_table(MONTHLY_FILE)
    column = _year_column(monthly_rows, year, MONTHLY_FILE)
    monthly = {row[0]: table_number(row[column], MONTHLY_FILE, row) for row in monthly_rows if row[0] in ("保護開始世帯数", "保護廃止世帯数")}
    if len(monthly) != 2:
        raise SeihoError(f"{MONTHLY_FILE} に{year}の保護開始・廃止世帯数の行がありません。", f"{MONTHLY_FILE} lacks rows for {year}")

    return NationalFigures(
        year=year,
        household_mix=mix,
        start_reasons=_reason_shares(START_REASONS_FILE, year),
        closure_reasons=_reason_shares(CLOSURE_REASONS_FILE, year),
        households=households,
        starts_per_month=monthly["保護開始世帯数"],
        closures_per_month=monthly["保護廃止世帯数"],
    )


def office_vs_nation(store: Store, office_code: str, fiscal_year: int, statistics_year: str = DEFAULT_STATISTICS_YEAR) -> NationalComparison:
    """Compare one office's fiscal year (April to March) with the national figures of ``statistics_year``."""
    national = load_national_figures(statistics_year)
    start, end = dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)
    month_ends = [(pd.Timestamp(start) + pd.offsets.MonthEnd(offset)).date() for offset in range(1, 13)]

    with store.connect() as connection:
        office_kind_of(connection, office_code)
        mix = connection.execute(
            f"SELECT h.household_type, count(*) FROM households h WHERE h.office_code = ? AND {ACTIVE_ON.format(h='h')} GROUP BY 1",
            [office_code, end, end],
        ).fetchall()
        starts = connection.execute(
            "SELECT coalesce(start_reason, '不明'), count(*) FROM households WHERE office_code = ? AND started_on BETWEEN ? AND ? GROUP BY 1",
            [office_code, start, end],
        ).fetchall()
        closures = connection.execute(
            "SELECT coalesce(closure_reason, '不明'), count(*) FROM households WHERE office_code = ? AND closed_on BETWEEN ? AND ? GROUP BY 1",
            [office_code, start, end],
        ).fetchall()
        households = _mean_households(connection, office_code, month_ends)

    grouped_mix: dict[str, int] = {}
    for household_type, count in mix:
        category = MIX_CATEGORIES.get(household_type, household_type)
        grouped_mix[category] = grouped_mix.get(category, 0) + count

    starts_count = sum(count for _, count in starts)
    closures_count = sum(count for _, count in closures)
    rates = pd.DataFrame([
        _rate_row("保護開始（1か月・千世帯あたり）", starts_count / 12, households, national.starts_per_month, national.households),
        _rate_row("保護廃止（1か月・千世帯あたり）", closures_count / 12, households, national.closures_per_month, national.households),
    ])
    return NationalComparison(
        office_code=office_code,
        fiscal_year=fiscal_year,
        statistics_year=statistics_year,
        household_mix=_share_table("世帯類型", grouped_mix, national.household_mix),
        start_reasons=_share_table("開始理由", dict(starts), national.start_reasons),
        closure_reasons=_share_table("廃止理由", dict(closures), national.closure_reasons),
        rates=rates,
    )


def _mean_households(connection, office_code: str, month_ends: list[dt.date]) -> float:
    counts = [
        connection.execute(
            f"SELECT count(*) FROM households h WHERE h.office_code = ? AND {ACTIVE_ON.format(h='h')}", [office_code, day, day]
        ).fetchall()[0][0]
        for day in month_ends
    ]
    return sum(counts) / len(counts)


def _rate_row(label: str, office_per_month: float, office_households: float, national_per_month: float, national_households: float) -> dict:
    office_rate = 1000 * office_per_month / office_households if office_households else float("nan")
    national_rate = 1000 * national_per_month / national_households
    return {"指標": label, "事務所": round(office_rate, 2), "全国": round(national_rate, 2), "差": round(office_rate - national_rate, 2)}


def _share_table(label: str, office_counts: dict[str, int], national_shares: dict[str, float]) -> pd.DataFrame:
    total = sum(office_counts.values())
    rows = []
    for category in list(national_shares) + [key for key in office_counts if key not in national_shares]:
        count = office_counts.get(category, 0)
        office_share = round(100 * count / total, 1) if total else float("nan")
        national_share = national_shares.get(category, float("nan"))
        rows.append({label: category, "事務所の世帯数": count, "事務所（%）": office_share, "全国（%）": national_share,
                     "差（ポイント）": round(office_share - national_share, 1)})
    return pd.DataFrame(rows)


def _reason_shares(file_name: str, year: str) -> dict[str, float]:
    rows = read_table(file_name)
    column = _year_column(rows, year, file_name)
    # '…' marks a reason the survey did not count that year.
    return {row[1]: table_number(row[column], file_name, row) for row in rows
            if row[0] == "構成割合" and len(row) > column and row[column] not in ("…", "")}


def _year_column(rows: list[list[str]], year: str, file_name: str) -> int:
    return year_column(rows, year, file_name, f"statistics_year に表にある年度（例: {DEFAULT_STATISTICS_YEAR}）を指定してください。")
