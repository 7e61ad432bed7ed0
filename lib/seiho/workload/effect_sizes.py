"""Effect sizes with confidence intervals for comparing two groups (before and after).

Every difference is ``after - before``. Means and medians get percentile
bootstrap intervals; Hedges' g, Cohen's h and the difference of two
proportions get their usual closed-form intervals.
"""

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

DEFAULT_LEVEL = 0.95
DEFAULT_RESAMPLES = 2000
# Resamples drawn at once; bounds the memory of a bootstrap over many visits.
BOOTSTRAP_BATCH = 100


@dataclass(frozen=True)
class Estimate:
    """One effect estimate with its confidence interval and how it was computed."""

    name: str
    value: float
    low: float
    high: float
    level: float
    method: str

    @property
    def excludes_zero(self) -> bool:
        """True when the whole interval lies on one side of zero."""
        return self.low > 0 or self.high < 0


def _z(level: float) -> float:
    return NormalDist().inv_cdf(0.5 + level / 2)


def _as_array(values) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array[~np.isnan(array)]


def bootstrap_difference(before, after, statistic=np.mean, name: str = "平均の差", level: float = DEFAULT_LEVEL,
                         resamples: int = DEFAULT_RESAMPLES, seed: int = 0) -> Estimate:
    """Estimate ``statistic(after) - statistic(before)`` with a percentile bootstrap interval.

    Each group is resampled with replacement on its own; ``seed`` makes the
    interval reproducible. Raises ``ValueError`` when a group is empty.
    """
    before, after = _as_array(before), _as_array(after)
    if len(before) == 0 or len(after) == 0:
        raise ValueError("both groups need at least one value")
    rng = np.random.default_rng(seed)

    differences = []
    for start in range(0, resamples, BOOTSTRAP_BATCH):
        size = min(BOOTSTRAP_BATCH, resamples - start)
        before_draws = before[rng.integers(0, len(before), (size, len(before)))]
        after_draws = after[rng.integers(0, len(after), (size, len(after)))]
        differences.append(statistic(after_draws, axis=1) - statistic(before_draws, axis=1))
    differences = np.concatenate(differences)

    tail = (1 - level) / 2 * 100
    low, high = np.percentile(differences, [tail, 100 - tail])
    value = float(statistic(after) - statistic(before))
    return Estimate(name, value, float(low), float(high), level, f"パーセンタイル・ブートストラップ（{resamples}回）")


def hedges_g(before, after, level: float = DEFAULT_LEVEL) -> Estimate:
    """Return Hedges' g (standardised mean difference with small-sample correction) and its normal-approximation interval."""
    before, after = _as_array(before), _as_array(after)
    n1, n2 = len(before), len(after)
    if n1 < 2 or n2 < 2:
        raise ValueError("Hedges' g needs at least two values in each group")
    pooled = math.sqrt(((n1 - 1) * before.var(ddof=1) + (n2 - 1) * after.var(ddof=1)) / (n1 + n2 - 2))
    if pooled == 0:
        raise ValueError("Hedges' g is undefined when both groups have no spread")

    correction = 1 - 3 / (4 * (n1 + n2) - 9)
    g = correction * (after.mean() - before.mean()) / pooled
    standard_error = math.sqrt((n1 + n2) / (n1 * n2) + g**2 / (2 * (n1 + n2)))
    margin = _z(level) * standard_error
    g = float(g)
    return Estimate("Hedges の g", g, g - margin, g + margin, level, "正規近似")


def wilson_interval(successes: int, total: int, level: float = DEFAULT_LEVEL) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion."""
    if total <= 0:
        raise ValueError("a proportion needs at least one observation")
    z = _z(level)
    share = successes / total
    denominator = 1 + z**2 / total
    centre = (share + z**2 / (2 * total)) / denominator
    half_width = z * math.sqrt(share * (1 - share) / total + z**2 / (4 * total**2)) / denominator
    return centre - half_width, centre + half_width


def proportion_difference(successes_before: int, total_before: int, successes_after: int, total_after: int,
                          level: float = DEFAULT_LEVEL) -> Estimate:
    """Estimate the difference of two proportions with Newcombe's hybrid score interval (his method 10)."""
    p1, p2 = successes_before / total_before, successes_after / total_after
    low1, high1 = wilson_interval(successes_before, total_before, level)
    low2, high2 = wilson_interval(successes_after, total_after, level)
    difference = p2 - p1
    low = difference - math.sqrt((p2 - low2) ** 2 + (high1 - p1) ** 2)
    high = difference + math.sqrt((high2 - p2) ** 2 + (p1 - low1) ** 2)
    return Estimate("割合の差", difference, low, high, level, "Newcombe のハイブリッド・スコア法")


def cohens_h(successes_before: int, total_before: int, successes_after: int, total_after: int,
             level: float = DEFAULT_LEVEL) -> Estimate:
    """Return Cohen's h (difference of arcsine-transformed proportions) with its normal-approximation interval."""
    p1, p2 = successes_before / total_before, successes_after / total_after
    h = 2 * math.asin(math.sqrt(p2)) - 2 * math.asin(math.sqrt(p1))
    margin = _z(level) * math.sqrt(1 / total_before + 1 / total_after)
    return Estimate("Cohen の h", h, h - margin, h + margin, level, "正規近似")
