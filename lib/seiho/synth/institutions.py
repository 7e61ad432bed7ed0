"""Medical institutions, pharmacies and care providers the demo's recipients use.

Hospitals and clinics are real 医科 institutions from data/iryokikan, with
their real codes and names: public facility data, not people. A 10-digit
医療機関コード is the prefecture number, the 点数表 number (1 for 医科) and
the 7-digit code of the list.
"""

import numpy as np
import pandas as pd

from seiho.synth.identifiers import check_digits

MEDICAL_SCORE_TABLE = "1"     # 点数表番号 of 医科
FICTIONAL_SCORE_TABLE = {"歯科": "3", "調剤": "4", "訪問看護": "6"}
FICTIONAL_AREA = 99           # 郡市区番号 used for every fictional code
CARE_PROVIDER_KIND = "7"

HOSPITAL_WORDS = ("病院",)
CLINIC_WORDS = ("クリニック", "医院", "診療所")

# Recipients concentrate on a few institutions, so popularity falls with
# rank as rank ** -POPULARITY_EXPONENT.
POPULARITY_EXPONENT = 0.8


class InstitutionPool:
    """Codes, names and popularity weights of one kind of institution."""

    def __init__(self, codes: np.ndarray, names: np.ndarray):
        self.codes = codes
        self.names = names
        ranks = np.arange(1, len(codes) + 1)
        weights = ranks ** -POPULARITY_EXPONENT
        self.weights = weights / weights.sum()

    def draw(self, rng: np.random.Generator, count: int) -> np.ndarray:
        """Return indices of ``count`` institutions drawn by popularity."""
        return rng.choice(len(self.codes), size=count, p=self.weights)


def real_pools(rng: np.random.Generator, institutions: pd.DataFrame, prefecture_code: str, hospitals: int, clinics: int) -> dict[str, InstitutionPool]:
    """Draw the hospitals and clinics the office's recipients use from the real list."""
    names = institutions["name"]
    is_hospital = names.str.contains("|".join(HOSPITAL_WORDS))
    is_clinic = names.str.contains("|".join(CLINIC_WORDS)) & ~is_hospital & ~names.str.contains("歯科")
    pools = {}
    for label, mask, size in (("病院", is_hospital, hospitals), ("診療所", is_clinic, clinics)):
        candidates = institutions[mask.to_numpy()]
        chosen = candidates.iloc[np.sort(rng.choice(len(candidates), size=min(size, len(candidates)), replace=False))]
        order = rng.permutation(len(chosen))
        codes = (prefecture_code + MEDICAL_SCORE_TABLE + chosen["code7"]).to_numpy(dtype=object)[order]
        pools[label] = InstitutionPool(codes, chosen["name"].to_numpy(dtype=object)[order])
    return pools


# Prefectures whose 医療機関コード check digit covers the six-digit body only.
BODY_ONLY_CHECK_PREFECTURES = frozenset({"11", "12", "13", "14"})


def fictional_pool(templates: list[str], towns: list[str], prefecture_code: str, kind_digit: str, serial_start: int = 1) -> InstitutionPool:
    """Return one fictional institution per town and template, in town order.

    Codes are made up: prefecture, ``kind_digit``, 郡市区 99, a serial and a
    modulus-10 check digit. They may coincide with a real code elsewhere.
    The check digit covers all nine digits before it, except in 埼玉・千葉・
    東京・神奈川 (11–14), where it covers the six-digit body only; every code
    in the national list follows this rule.
    """
    names = [template.format(town=town) for town in towns for template in templates]
    serials = np.arange(serial_start, serial_start + len(names))
    bodies = FICTIONAL_AREA * 10_000 + serials
    if prefecture_code in BODY_ONLY_CHECK_PREFECTURES:
        checks = check_digits(bodies, 6)
    else:
        checks = check_digits(int(prefecture_code + kind_digit) * 10**6 + bodies, 9)
    codes = [f"{prefecture_code}{kind_digit}{body:06d}{check}" for body, check in zip(bodies, checks)]
    return InstitutionPool(np.array(codes, dtype=object), np.array(names, dtype=object))


def by_town(pool: InstitutionPool, town_count: int, rng: np.random.Generator, town_index: np.ndarray) -> np.ndarray:
    """Return for each household town one of the pool's institutions in that town.

    ``pool`` must come from ``fictional_pool``, which lists the templates of
    each town together.
    """
    per_town = len(pool.codes) // town_count
    return town_index * per_town + rng.integers(0, per_town, size=len(town_index))
