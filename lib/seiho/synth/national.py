"""National shares from the 被保護者調査 tables in data/stats.

The demo draws household kinds, the 停止中 share and the start and closure
reasons from these tables, so the fictional office has the national mix.
"""

from dataclasses import dataclass

from seiho.errors import SeihoError
from seiho.statistics import read_table, table_number, year_column

MIX_FILE = "r5gaiyo_表2.csv"
START_REASONS_FILE = "r5gaiyo_統計表4.csv"
CLOSURE_REASONS_FILE = "r5gaiyo_統計表5.csv"

# Rows of 表2 (世帯類型, 世帯区分) that make up the mix, and the household
# kind each becomes in the demo. 障害者・傷病者世帯計 is split later.
MIX_ROWS = {
    ("高齢者世帯", "単身世帯"): "高齢者単身",
    ("高齢者世帯", "２人以上の世帯"): "高齢者2人以上",
    ("母子世帯", ""): "母子世帯",
    ("障害者・傷病者世帯計", ""): "障害者・傷病者世帯計",
    ("その他の世帯", ""): "その他の世帯",
}

# Rounding in 表2 lets the published shares miss 100 % by a little.
SHARE_SUM_TOLERANCE = 0.3


@dataclass(frozen=True)
class NationalShares:
    """Shares in percent for one fiscal year, by category as the tables name it."""

    household_mix: dict[str, float]
    suspended_share: float
    start_reasons: dict[str, float]
    closure_reasons: dict[str, float]


def load_national_shares(year: str) -> NationalShares:
    """Read the mix, the 停止中 share and the reasons for ``year`` (e.g. '2023年度')."""
    mix_rows = read_table(MIX_FILE)
    year_column = _year_column(mix_rows, year, MIX_FILE)

    mix = {}
    totals = {}
    for row in mix_rows:
        if len(row) <= year_column:
            continue
        key = (row[1], row[2])
        if row[0] == "構成割合" and key in MIX_ROWS:
            mix[MIX_ROWS[key]] = table_number(row[year_column], MIX_FILE, row)
        if row[0] == "実数" and row[1].startswith("総数"):
            totals[row[1]] = table_number(row[year_column], MIX_FILE, row)

    missing = [kind for kind in MIX_ROWS.values() if kind not in mix]
    if missing:
        raise SeihoError(
            f"{MIX_FILE} に{year}の構成割合（{'、'.join(missing)}）の行がありません。data/stats のファイルを確認してください。",
            f"{MIX_FILE} lacks share rows {missing} for {year}",
        )
    if abs(sum(mix.values()) - 100.0) > SHARE_SUM_TOLERANCE:
        raise SeihoError(
            f"{MIX_FILE} の{year}の構成割合の合計が {sum(mix.values()):.1f}% で、100% になりません。ファイルを確認してください。",
            f"{MIX_FILE} shares for {year} sum to {sum(mix.values())}",
        )

    with_suspended = totals.get("総数（保護停止中を含む。）")
    without_suspended = totals.get("総数（保護停止中を含まない。）")
    if not with_suspended or without_suspended is None:
        raise SeihoError(
            f"{MIX_FILE} に{year}の総数（保護停止中を含む・含まない）の行がありません。ファイルを確認してください。",
            f"{MIX_FILE} lacks the total rows for {year}",
        )

    return NationalShares(
        household_mix=mix,
        suspended_share=(with_suspended - without_suspended) / with_suspended,
        start_reasons=_reason_shares(START_REASONS_FILE, year),
        closure_reasons=_reason_shares(CLOSURE_REASONS_FILE, year),
    )


def _reason_shares(file_name: str, year: str) -> dict[str, float]:
    """Return the 構成割合 of each reason in a 統計表4/5 file, skipping '…' (not surveyed)."""
    rows = read_table(file_name)
    year_column = _year_column(rows, year, file_name)
    shares = {}
    for row in rows:
        if row[0] == "構成割合" and len(row) > year_column and row[year_column] not in ("…", ""):
            shares[row[1]] = table_number(row[year_column], file_name, row)
    if not shares:
        raise SeihoError(
            f"{file_name} に{year}の構成割合の行がありません。data/stats のファイルを確認してください。",
            f"{file_name} has no share rows for {year}",
        )
    return shares


def _year_column(rows: list[list[str]], year: str, file_name: str) -> int:
    return year_column(rows, year, file_name, "data/synth/assumptions.yaml の statistics_year を確認してください。")
