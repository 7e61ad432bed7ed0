"""The demo office's 世帯類型 mix against the national shares of 被保護者調査 表2.

The shares are read here straight from data/stats/r5gaiyo_表2.csv, not
through seiho.synth, so a reading bug in the generator cannot hide itself.

Tolerance: a kind with national share p among N independently drawn
households has a sampling standard error of sqrt(p(1 − p) / N); at N = 3000
that is 0.9 points for 高齢者単身 (p = 0.513) and 0.35 points for 母子世帯
(p = 0.039). Each kind may deviate by four standard errors. A correct
generator then fails one of the six checks with probability below 1 in
2,000 for any seed. A share off by a whole category (母子 and その他
swapped, say) exceeds the bound many times over.
"""

import csv
import datetime as dt
import math

import duckdb
import pytest

from seiho.paths import data_dir
from seiho.synth.build import build_demo

HOUSEHOLDS = 3000
AS_OF = dt.date(2026, 12, 1)
STANDARD_ERRORS_ALLOWED = 4
YEAR = "2023年度"

# Assumption stated in data/synth/assumptions.yaml: half of 障害者・傷病者世帯計
# are 障害者世帯.
DISABLED_SHARE_OF_COMBINED = 0.5


def national_shares() -> dict[str, float]:
    """Return the 2023年度 構成割合 of 表2 by the demo's household kinds, as fractions."""
    with (data_dir() / "stats" / "r5gaiyo_表2.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    year_column = next(row.index(YEAR) for row in rows if YEAR in row)
    shares = {(row[1], row[2]): float(row[year_column]) / 100 for row in rows if row and row[0] == "構成割合"}
    combined = shares[("障害者・傷病者世帯計", "")]
    return {
        "高齢者単身": shares[("高齢者世帯", "単身世帯")],
        "高齢者2人以上": shares[("高齢者世帯", "２人以上の世帯")],
        "母子世帯": shares[("母子世帯", "")],
        "障害者世帯": combined * DISABLED_SHARE_OF_COMBINED,
        "傷病者世帯": combined * (1 - DISABLED_SHARE_OF_COMBINED),
        "その他の世帯": shares[("その他の世帯", "")],
    }


def tolerance(share: float, households: int) -> float:
    """Return the allowed deviation of an observed share from ``share``."""
    return STANDARD_ERRORS_ALLOWED * math.sqrt(share * (1 - share) / households)


def observed_shares(connection: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Return the share of each kind in a demo database, with 高齢者世帯 split by household size."""
    rows = connection.execute(
        """
        SELECT CASE WHEN h.household_type = '高齢者世帯' AND m.size = 1 THEN '高齢者単身'
                    WHEN h.household_type = '高齢者世帯' THEN '高齢者2人以上'
                    ELSE h.household_type END AS kind,
               count(*) / sum(count(*)) OVER () AS share
        FROM households h JOIN (SELECT case_number, count(*) AS size FROM members GROUP BY case_number) m USING (case_number)
        GROUP BY kind
        """
    ).fetchall()
    return dict(rows)


@pytest.fixture(scope="module")
def demo_shares(tmp_path_factory) -> dict[str, float]:
    path = tmp_path_factory.mktemp("mix") / "demo.duckdb"
    build_demo(path, HOUSEHOLDS, seed=1, as_of=AS_OF, progress=False)
    with duckdb.connect(str(path), read_only=True) as connection:
        return observed_shares(connection)


@pytest.mark.parametrize("kind", list(national_shares()))
def test_household_mix_within_tolerance(demo_shares, kind):
    expected = national_shares()[kind]
    assert abs(demo_shares.get(kind, 0.0) - expected) <= tolerance(expected, HOUSEHOLDS)


def test_national_shares_sum_to_one():
    assert abs(sum(national_shares().values()) - 1.0) < 0.005


def test_tolerance_rejects_swapped_kinds(demo_shares):
    # The check must be able to fail: swapping two kinds' shares breaks it.
    swapped = dict(demo_shares)
    swapped["母子世帯"], swapped["その他の世帯"] = demo_shares["その他の世帯"], demo_shares["母子世帯"]
    expected = national_shares()["母子世帯"]
    assert abs(swapped["母子世帯"] - expected) > tolerance(expected, HOUSEHOLDS)
