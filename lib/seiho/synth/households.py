"""Households: kind, size, status, dates and reasons, drawn to the national mix."""

import datetime as dt
import logging

import numpy as np
import pandas as pd

from seiho.errors import SeihoError
from seiho.synth.dates import DAYS_PER_YEAR, as_day, offset_days, uniform_dates
from seiho.synth.national import NationalShares

log = logging.getLogger(__name__)

# Household kinds the demo draws. 高齢者世帯 is drawn as its single and
# multi-person parts so that their shares match 表2. 障害者世帯 and
# 傷病者世帯 split 表2's 障害者・傷病者世帯計 by an assumption (assumptions.yaml).
KINDS = ("高齢者単身", "高齢者2人以上", "母子世帯", "障害者世帯", "傷病者世帯", "その他の世帯")
HOUSEHOLD_TYPE = {
    "高齢者単身": "高齢者世帯",
    "高齢者2人以上": "高齢者世帯",
    "母子世帯": "母子世帯",
    "障害者世帯": "障害者世帯",
    "傷病者世帯": "傷病者世帯",
    "その他の世帯": "その他の世帯",
}
# The schema's household types in a fixed order. Iterating a set instead
# would depend on PYTHONHASHSEED and break determinism.
HOUSEHOLD_TYPES = tuple(dict.fromkeys(HOUSEHOLD_TYPE.values()))


def kind_shares(national: NationalShares, disabled_share: float) -> dict[str, float]:
    """Return the probability of each household kind, summing to 1.

    NOTE: the split of 障害者・傷病者世帯計 into 障害者世帯 and 傷病者世帯 is
    ``disabled_share`` to 障害者世帯, an assumption; 表2 gives only the sum.
    """
    mix = dict(national.household_mix)
    combined = mix.pop("障害者・傷病者世帯計")
    mix["障害者世帯"] = combined * disabled_share
    mix["傷病者世帯"] = combined * (1.0 - disabled_share)
    total = sum(mix.values())
    return {kind: mix[kind] / total for kind in KINDS}


def draw_households(rng: np.random.Generator, count: int, national: NationalShares, assumptions: dict,
                    as_of: dt.date, history_start: dt.date) -> pd.DataFrame:
    """Draw ``count`` households: kind, composition, status, housing, dates and reasons.

    Columns: kind, household_type, composition (index into the kind's list in
    assumptions.yaml), size, status, housing, started_on, closed_on,
    start_reason, closure_reason.
    """
    shares = kind_shares(national, assumptions["household_mix"]["disabled_share_of_disabled_or_ill"])
    kind = np.array(KINDS, dtype=object)[rng.choice(len(KINDS), size=count, p=list(shares.values()))]
    household_type = np.array([HOUSEHOLD_TYPE[k] for k in kind], dtype=object)

    # Composition, and so the size, by kind.
    composition = np.zeros(count, dtype=int)
    size = np.ones(count, dtype=int)
    for name, options in assumptions["compositions"].items():
        chosen = np.flatnonzero(kind == name)
        weights = np.array([option["weight"] for option in options], dtype=float)
        picks = rng.choice(len(options), size=chosen.size, p=weights / weights.sum())
        composition[chosen] = picks
        size[chosen] = 1 + np.array([len(option["others"]) for option in options])[picks]

    # Status: closed within the history window, suspended at the national share, or receiving.
    closed_share = assumptions["status"]["closed_share"]
    draw = rng.random(count)
    status = np.where(draw < closed_share, "廃止", np.where(draw < closed_share + national.suspended_share, "停止中", "保護中")).astype(object)
    closed = status == "廃止"

    # Only single-person households live in hospital or an institution.
    housing = np.full(count, "居宅", dtype=object)
    draw = rng.random(count)
    for household_kind, split in assumptions["housing"].items():
        single = (household_type == household_kind) & (size == 1)
        housing[single & (draw < split["入院"])] = "入院"
        housing[single & (draw >= split["入院"]) & (draw < split["入院"] + split["施設"])] = "施設"

    # Dates: closure inside the window, start a gamma-distributed tenure earlier.
    as_of_day = as_day(as_of)
    closed_on = np.full(count, np.datetime64("NaT"), dtype="datetime64[D]")
    closed_on[closed] = uniform_dates(rng, as_day(history_start) + 1, as_of_day, int(closed.sum()))
    tenure_years = np.empty(count)
    tenure = assumptions["tenure_years"]
    for household_kind in HOUSEHOLD_TYPES:
        chosen = household_type == household_kind
        tenure_years[chosen] = rng.gamma(tenure[household_kind]["shape"], tenure[household_kind]["scale"], int(chosen.sum()))
    tenure_days = np.clip(tenure_years * DAYS_PER_YEAR, 30, tenure["maximum"] * DAYS_PER_YEAR)
    reference = np.where(closed, closed_on, as_of_day)
    started_on = offset_days(reference, -tenure_days)

    start_reason = _draw_reasons(rng, household_type, national.start_reasons, assumptions["start_reason_multipliers"])
    closure_reason = _draw_reasons(rng, household_type, national.closure_reasons, assumptions["closure_reason_multipliers"])
    closure_reason[~closed] = None

    log.info("drew %d households (%d closed, %d suspended)", count, int(closed.sum()), int((status == "停止中").sum()))
    return pd.DataFrame({
        "kind": kind,
        "household_type": household_type,
        "composition": composition,
        "size": size,
        "status": status,
        "housing": housing,
        "started_on": started_on,
        "closed_on": closed_on,
        "start_reason": start_reason,
        "closure_reason": closure_reason,
    })


def _draw_reasons(rng: np.random.Generator, household_type: np.ndarray, shares: dict[str, float],
                  multipliers: dict[str, dict[str, float]]) -> np.ndarray:
    """Draw a reason per household: national shares times the household type's multipliers."""
    reasons = np.array(list(shares), dtype=object)
    result = np.empty(len(household_type), dtype=object)
    for household_kind in HOUSEHOLD_TYPES:
        chosen = np.flatnonzero(household_type == household_kind)
        factors = multipliers.get(household_kind, {})
        unknown = sorted(set(factors) - set(shares))
        if unknown:
            raise SeihoError(
                f"data/synth/assumptions.yaml の理由の倍率に、統計表にない理由「{'、'.join(unknown)}」があります。統計表の表記に合わせてください。",
                f"multipliers for {household_kind} name unknown reasons {unknown}",
            )
        weights = np.array([share * factors.get(reason, 1.0) for reason, share in shares.items()])
        result[chosen] = reasons[rng.choice(len(reasons), size=chosen.size, p=weights / weights.sum())]
    return result
