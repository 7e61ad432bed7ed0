"""Fictional names: random combinations of common family and given names.

The lists live in data/synth/surnames.csv and given_names.csv. A full name
is written with a full-width space between family and given name, as
standard systems print it, and its kana the same way in katakana.
"""

import numpy as np
import pandas as pd

from seiho.text import name_key

FULL_WIDTH_SPACE = "\u3000"

# Birth-year bands of the ``era`` column in given_names.csv.
ERA_BANDS = (("early", -np.inf, 1950), ("middle", 1951, 1988), ("recent", 1989, np.inf))


class NameSampler:
    """Draws family and given names from the lists by weight, sex and birth year."""

    def __init__(self, surnames: pd.DataFrame, given_names: pd.DataFrame):
        self.surnames = surnames["surname"].to_numpy(dtype=object)
        self.surname_kana = surnames["kana"].to_numpy(dtype=object)
        weights = surnames["weight"].astype(float).to_numpy()
        self.surname_p = weights / weights.sum()
        self.given_name_pools = {}
        for (sex, era), group in given_names.groupby(["sex", "era"]):
            self.given_name_pools[(sex, era)] = (group["given_name"].to_numpy(dtype=object), group["kana"].to_numpy(dtype=object))

    def draw_surnames(self, rng: np.random.Generator, count: int) -> np.ndarray:
        """Return indices into the family-name list, drawn by weight."""
        return rng.choice(len(self.surnames), size=count, p=self.surname_p)

    def draw_given_names(self, rng: np.random.Generator, sexes: np.ndarray, birth_years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return given names and their kana for people of these sexes and birth years."""
        names = np.empty(len(sexes), dtype=object)
        kana = np.empty(len(sexes), dtype=object)
        for era, first_year, last_year in ERA_BANDS:
            in_era = (birth_years >= first_year) & (birth_years <= last_year)
            for sex in ("男", "女"):
                chosen = np.flatnonzero(in_era & (sexes == sex))
                if chosen.size == 0:
                    continue
                pool_names, pool_kana = self.given_name_pools[(sex, era)]
                picks = rng.integers(0, len(pool_names), size=chosen.size)
                names[chosen] = pool_names[picks]
                kana[chosen] = pool_kana[picks]
        return names, kana

    def full_names(self, surname_index: np.ndarray, given_names: np.ndarray, given_kana: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Join family and given names, and their kana, with a full-width space."""
        names = self.surnames[surname_index] + FULL_WIDTH_SPACE + given_names
        kana = self.surname_kana[surname_index] + FULL_WIDTH_SPACE + given_kana
        return names, kana


def name_keys(names: np.ndarray, kana: np.ndarray) -> list[str]:
    """Return the matching key of each person: the name's key, a space, the kana's key.

    The space keeps a search from matching across the boundary, because
    ``seiho.text.name_key`` removes every space from a query.
    """
    return [name_key(name) + " " + name_key(reading) for name, reading in zip(names, kana)]
