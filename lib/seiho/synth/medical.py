"""Medical aid (医療扶助) by care type, with real hospitals and clinics."""

import datetime as dt
import logging

import numpy as np
import pandas as pd

from seiho.synth.dates import DAYS_PER_MONTH, DAYS_PER_YEAR, add_months, as_day, offset_days, uniform_dates
from seiho.synth.institutions import FICTIONAL_SCORE_TABLE, InstitutionPool, by_town, fictional_pool, real_pools

log = logging.getLogger(__name__)

# Care levels at which a member may get 訪問看護.
HOME_NURSING_LEVELS = ("要介護3", "要介護4", "要介護5")

# The current decision started within this many years before the case's end.
DECISION_WINDOW_YEARS = 3


def draw_medical_aid(rng: np.random.Generator, members: pd.DataFrame, households: pd.DataFrame, settings: dict,
                     institutions: pd.DataFrame, towns: list[str], prefecture_code: str, as_of: dt.date) -> pd.DataFrame:
    """Return medical_aid rows: 入院, 入院外, 調剤, 歯科 and 訪問看護 decisions.

    Inpatients are the heads of households housed 入院. A decision is 併用
    when the member has 社会保険, when a psychiatric outpatient has
    自立支援医療, or for 訪問看護 of a member with 介護保険; otherwise 単独.
    TODO: dental clinics, pharmacies and 訪問看護 stations are fictional,
    because data/iryokikan lists 医科 institutions only.
    """
    count = len(members)
    household = members["household"].to_numpy()
    household_type = households["household_type"].to_numpy()[household]
    is_head = members["member_no"].to_numpy() == 1
    present = members["in_household"].to_numpy()
    inpatient = is_head & (households["housing"].to_numpy()[household] == "入院")

    aid_share = np.where(is_head, pd.Series(household_type).map(settings["aid_share"]["head"]).to_numpy(dtype=float),
                         settings["aid_share"]["other_member"])
    has_aid = present & ((rng.random(count) < aid_share) | inpatient)
    outpatient = has_aid & ~inpatient & (rng.random(count) < settings["outpatient_share"])
    dispensing = outpatient & (rng.random(count) < settings["dispensing_share"])
    dental = has_aid & ~inpatient & (rng.random(count) < settings["dental_share"])
    care_level = members["care_level"].to_numpy()
    home_nursing = has_aid & ~inpatient & np.isin(care_level, HOME_NURSING_LEVELS) & (rng.random(count) < settings["home_nursing_share"])

    # Institutions: real hospitals and clinics, fictional ones in the household's town.
    real = real_pools(rng, institutions, prefecture_code, settings["hospital_pool"], settings["clinic_pool"])
    town_index = households["town_index"].to_numpy()
    fictional = {
        care_type: fictional_pool(templates, towns, prefecture_code, FICTIONAL_SCORE_TABLE[care_type])
        for care_type, templates in settings["fictional_institutions"].items()
    }

    diseases = settings["diseases"]
    outpatient_disease = _pick(rng, diseases["入院外"], count)
    psychiatric = members["independence_medical"].to_numpy()
    outpatient_disease[psychiatric] = _pick(rng, settings["psychiatric_diseases"], int(psychiatric.sum()))

    parts = [
        _rows(rng, members, inpatient, "入院", real["病院"], None, _pick(rng, diseases["入院"], count)),
        _rows(rng, members, outpatient, "入院外", real["診療所"], None, outpatient_disease),
        _rows(rng, members, dispensing, "調剤", fictional["調剤"], (town_index, len(towns)), outpatient_disease),
        _rows(rng, members, dental, "歯科", fictional["歯科"], (town_index, len(towns)), _pick(rng, diseases["歯科"], count)),
        _rows(rng, members, home_nursing, "訪問看護", fictional["訪問看護"], (town_index, len(towns)), _pick(rng, diseases["訪問看護"], count)),
    ]
    aid = pd.concat(parts, ignore_index=True)

    member_rows = aid["member_row"].to_numpy()
    with_insurance = members["health_insurance"].to_numpy()[member_rows]
    care_type = aid["care_type"].to_numpy()
    with_insurance |= psychiatric[member_rows] & np.isin(care_type, ("入院外", "調剤"))
    with_insurance |= (care_type == "訪問看護") & pd.notna(care_level[member_rows])
    aid["insurance"] = np.where(with_insurance, "併用", "単独")

    _add_dates(rng, aid, households, settings, as_of)
    aid = aid.sort_values(["household", "member_no", "care_type"], kind="stable", ignore_index=True)
    aid["aid_id"] = [f"MA{number:08d}" for number in range(1, len(aid) + 1)]
    log.info("drew %d medical aid decisions", len(aid))
    return aid


def _pick(rng: np.random.Generator, choices: list[str], count: int) -> np.ndarray:
    return np.array(choices, dtype=object)[rng.integers(0, len(choices), size=count)]


def _rows(rng: np.random.Generator, members: pd.DataFrame, chosen: np.ndarray, care_type: str, pool: InstitutionPool,
          towns: tuple[np.ndarray, int] | None, disease: np.ndarray) -> pd.DataFrame:
    """Return one decision per chosen member at an institution of ``pool``.

    ``towns`` is each household's town index and the number of towns. When it
    is given, the institution is one in the household's town. Otherwise it is
    drawn by popularity from the whole pool.
    """
    rows = members.loc[chosen, ["household", "member_no"]].reset_index(drop=True)
    rows["member_row"] = np.flatnonzero(chosen)
    if towns is None:
        picks = pool.draw(rng, len(rows))
    else:
        town_index, town_count = towns
        picks = by_town(pool, town_count, rng, town_index[rows["household"].to_numpy()])
    rows["care_type"] = care_type
    rows["institution_code"] = pool.codes[picks]
    rows["institution_name"] = pool.names[picks]
    rows["disease_name"] = disease[chosen]
    return rows


def _add_dates(rng: np.random.Generator, aid: pd.DataFrame, households: pd.DataFrame, settings: dict, as_of: dt.date) -> None:
    """Set valid_from, valid_to and opinion_due_on (医療要否意見書) on the decisions."""
    household = aid["household"].to_numpy()
    started_on = households["started_on"].to_numpy(dtype="datetime64[D]")[household]
    closed_on = households["closed_on"].to_numpy(dtype="datetime64[D]")[household]
    closed = ~np.isnat(closed_on)
    as_of_day = as_day(as_of)
    end = np.where(closed, closed_on, as_of_day)
    count = len(aid)

    earliest = np.maximum(started_on, offset_days(end, -DECISION_WINDOW_YEARS * DAYS_PER_YEAR))
    valid_from = uniform_dates(rng, earliest, end, count)
    aid["valid_from"] = valid_from
    aid["valid_to"] = closed_on

    # The next opinion falls due every cycle after the decision, and a few are late.
    cycle = settings["opinion_cycle_months"]
    elapsed_cycles = np.floor((as_of_day - valid_from).astype(np.int64) / (cycle * DAYS_PER_MONTH)).astype(np.int64)
    due = add_months(valid_from, (elapsed_cycles + 1) * cycle)
    due = np.where(due <= as_of_day, add_months(due, cycle), due)
    previous = add_months(due, -cycle)
    late = (rng.random(count) < settings["opinion_overdue_share"]) & (previous > valid_from) & (previous < as_of_day)
    due = np.where(late, previous, due)
    due[closed] = np.datetime64("NaT")
    aid["opinion_due_on"] = due
