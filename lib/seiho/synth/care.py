"""Care aid (介護扶助) for elderly members with a 要介護・要支援 certification."""

import datetime as dt
import logging

import numpy as np
import pandas as pd

from seiho.synth.dates import add_months, as_day, uniform_dates
from seiho.synth.institutions import CARE_PROVIDER_KIND, by_town, fictional_pool

log = logging.getLogger(__name__)


def draw_care_aid(rng: np.random.Generator, members: pd.DataFrame, households: pd.DataFrame, settings: dict,
                  towns: list[str], prefecture_code: str, as_of: dt.date) -> pd.DataFrame:
    """Return care_aid rows and set ``care_level`` on ``members`` (None when not certified).

    The current certification runs ``certification_months`` from its start.
    TODO: care providers are fictional, one set per town, with made-up codes.
    """
    elderly = members["in_household"].to_numpy() & (members["age"].to_numpy() >= 65)
    certified = elderly & (rng.random(len(members)) < settings["share_of_elderly"])
    levels = np.array(list(settings["levels"]), dtype=object)
    weights = np.array(list(settings["levels"].values()), dtype=float)
    care_level = np.full(len(members), None, dtype=object)
    care_level[certified] = levels[rng.choice(len(levels), size=int(certified.sum()), p=weights / weights.sum())]
    members["care_level"] = care_level

    rows = members.loc[certified, ["household", "member_no", "care_level"]].reset_index(drop=True)
    household = rows["household"].to_numpy()
    started_on = households["started_on"].to_numpy(dtype="datetime64[D]")[household]
    closed_on = households["closed_on"].to_numpy(dtype="datetime64[D]")[household]
    closed = ~np.isnat(closed_on)
    end = np.where(closed, closed_on, as_day(as_of))

    # The certification in force at the end of the case, started within the last period.
    period_start = np.maximum(started_on, add_months(end, -settings["certification_months"]) + 1)
    valid_from = uniform_dates(rng, period_start, end, len(rows))
    valid_to = add_months(valid_from, settings["certification_months"]) - 1
    rows["valid_from"] = valid_from
    rows["valid_to"] = np.where(closed, np.minimum(valid_to, closed_on), valid_to)

    providers = fictional_pool(settings["providers"], towns, prefecture_code, CARE_PROVIDER_KIND)
    chosen = by_town(providers, len(towns), rng, households["town_index"].to_numpy()[household])
    rows["provider_code"] = providers.codes[chosen]
    rows["provider_name"] = providers.names[chosen]
    rows["aid_id"] = [f"CA{number:07d}" for number in range(1, len(rows) + 1)]
    log.info("drew %d care aid certifications", len(rows))
    return rows
