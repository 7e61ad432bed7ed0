"""法63条返還金 and 法78条徴収金 for a few percent of households."""

import datetime as dt
import logging

import numpy as np
import pandas as pd

from seiho.parameters import parameter
from seiho.synth.dates import as_day, uniform_dates

log = logging.getLogger(__name__)

ARTICLES = (("63条", "art63"), ("78条", "art78"))

# Collection of an old debt that was written off (不納欠損) was decided at
# least this many days before the reference date.
WRITE_OFF_MINIMUM_AGE_DAYS = 2 * 365


def draw_receivables(rng: np.random.Generator, households: pd.DataFrame, settings: dict, as_of: dt.date,
                     history_start: dt.date) -> pd.DataFrame:
    """Return receivables decided within the history window.

    Amounts are log-normal around each article's median, in yen. A 78条
    surcharge (加算金) is decided for some cases, at most the legal rate
    (parameter ``art78_surcharge_rate`` on the as-of date) of the amount. The paid amount follows the
    status: everything for 完納, a share of the debt otherwise.
    """
    parts = []
    for article, key in ARTICLES:
        chosen = np.flatnonzero(rng.random(len(households)) < settings[key]["share"])
        rows = pd.DataFrame({"household": chosen, "article": article})
        bases = settings[key]["bases"]
        weights = np.array(list(bases.values()), dtype=float)
        rows["basis_category"] = np.array(list(bases), dtype=object)[rng.choice(len(bases), size=len(rows), p=weights / weights.sum())]
        amount = settings[key]["median_yen"] * np.exp(rng.normal(0.0, settings[key]["sigma"], len(rows)))
        rows["amount"] = np.maximum(1000, np.round(amount)).astype(np.int64)
        surcharge = np.zeros(len(rows), dtype=np.int64)
        if article == "78条":
            with_surcharge = rng.random(len(rows)) < settings["art78_surcharge_share"]
            rate = rng.uniform(0.0, parameter("art78_surcharge_rate").at(as_of), len(rows))
            surcharge = np.where(with_surcharge, np.floor(rows["amount"].to_numpy() * rate), 0).astype(np.int64)
        rows["surcharge"] = surcharge
        parts.append(rows)
    receivables = pd.concat(parts, ignore_index=True)

    # Decided after the case started and before it closed, inside the window.
    household = receivables["household"].to_numpy()
    started_on = households["started_on"].to_numpy(dtype="datetime64[D]")[household]
    closed_on = households["closed_on"].to_numpy(dtype="datetime64[D]")[household]
    end = np.where(np.isnat(closed_on), as_day(as_of), closed_on)
    first = np.maximum(started_on, as_day(history_start))
    decided_on = uniform_dates(rng, np.minimum(first, end), end, len(receivables))
    receivables["decided_on"] = decided_on

    # Status and paid amount. Only an old debt can be written off (不納欠損).
    statuses = settings["status_weights"]
    weights = np.array(list(statuses.values()), dtype=float)
    status = np.array(list(statuses), dtype=object)[rng.choice(len(statuses), size=len(receivables), p=weights / weights.sum())]
    too_recent = (as_day(as_of) - decided_on).astype(np.int64) < WRITE_OFF_MINIMUM_AGE_DAYS
    status[(status == "不納欠損") & too_recent] = "滞納"
    receivables["status"] = status
    total = receivables["amount"].to_numpy() + receivables["surcharge"].to_numpy()
    paid = np.where(status == "完納", total, 0).astype(np.int64)
    for partial_status, (low, high) in settings["paid_share"].items():
        partial = status == partial_status
        paid[partial] = np.floor(total[partial] * rng.uniform(low, high, int(partial.sum()))).astype(np.int64)
    receivables["paid_amount"] = paid

    receivables = receivables.sort_values(["decided_on", "household", "article"], kind="stable", ignore_index=True)
    receivables["receivable_id"] = [f"RV{number:07d}" for number in range(1, len(receivables) + 1)]
    log.info("drew %d receivables", len(receivables))
    return receivables
