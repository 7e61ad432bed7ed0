"""The office, its caseworkers and supervisors, their districts and demo logins."""

import datetime as dt
import logging
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from seiho.access import Role, User
from seiho.parameters import parameter
from seiho.synth.dates import DAYS_PER_YEAR, as_day, offset_days
from seiho.synth.names import NameSampler

log = logging.getLogger(__name__)

# 標準数 rows by office kind (社会福祉法第16条 第1号〜第3号).
STANDARD_CASELOAD_KEYS = {"市": "city", "郡部": "prefecture"}


@dataclass(frozen=True)
class Staff:
    """Caseworkers and supervisors (both in ``caseworkers``) and each caseworker's target load."""

    caseworkers: pd.DataFrame       # rows for the caseworkers table, caseworkers first
    loads: np.ndarray               # households each caseworker carries, in caseworker order
    caseworker_ids: np.ndarray      # ids of the caseworkers with a caseload, in district order
    supervisor_of: dict[str, str]   # caseworker_id -> supervisor's caseworker_id


def office_frame(office: dict) -> pd.DataFrame:
    """Return the single row of the offices table."""
    return pd.DataFrame([{
        "office_code": office_code(office),
        "name": office["office_name"],
        "office_kind": office["office_kind"],
        "prefecture": office["prefecture"],
        "municipality": office["municipality"],
        "grade_area": office["grade_area"],
        "latitude": office["centre"]["latitude"],
        "longitude": office["centre"]["longitude"],
    }])


def office_code(office: dict) -> str:
    """Return the office code: prefecture number and 実施機関番号, e.g. '40999'."""
    return str(office["prefecture_code"]) + str(office["office_number"])


def standard_caseworker_count(households: int, office_kind: str, on: dt.date) -> int:
    """Return the 標準数 of caseworkers for ``households`` 被保護世帯 on a date.

    Up to ``base_households`` the office has ``base_workers``, and each further
    ``households_per_worker`` (or part of it) adds one caseworker.
    """
    standard = parameter("standard_caseload").at(on)[STANDARD_CASELOAD_KEYS[office_kind]]
    extra_households = max(0, households - standard["base_households"])
    return standard["base_workers"] + math.ceil(extra_households / standard["households_per_worker"])


def draw_staff(rng: np.random.Generator, office: dict, caseload: dict, active_households: int, as_of: dt.date,
               history_start: dt.date, names: NameSampler) -> Staff:
    """Draw caseworkers at the 標準数, their loads and their teams with one supervisor each.

    Loads spread around the office mean by ``caseload['sd']`` and stay within
    ``caseload['max_deviation']`` of it. Together they add up to ``active_households``.
    """
    worker_count = standard_caseworker_count(active_households, office["office_kind"], as_of)
    relative = 1.0 + np.clip(rng.normal(0.0, caseload["sd"], worker_count), -caseload["max_deviation"], caseload["max_deviation"])
    loads = _allocate(active_households, relative)

    team_count = max(1, math.ceil(worker_count / caseload["caseworkers_per_supervisor"]))
    team_of_worker = np.arange(worker_count) * team_count // worker_count
    id_width = max(3, len(str(worker_count)))
    team_width = max(2, len(str(team_count)))
    caseworker_ids = np.array([f"C{i + 1:0{id_width}d}" for i in range(worker_count)], dtype=object)
    supervisor_ids = np.array([f"S{t + 1:0{team_width}d}" for t in range(team_count)], dtype=object)
    team_names = np.array([f"保護第{t + 1}係" for t in range(team_count)], dtype=object)

    # Staff ages and names. The first team_count people are the supervisors.
    people = team_count + worker_count
    ages = np.concatenate([
        rng.triangular(*caseload["supervisor_age"], size=team_count),
        rng.triangular(*caseload["caseworker_age"], size=worker_count),
    ])
    birth_years = as_of.year - np.floor(ages).astype(int)
    sexes = np.where(rng.random(people) < 0.5, "男", "女")
    given_name, given_kana = names.draw_given_names(rng, sexes, birth_years)
    full_names, full_kana = names.full_names(names.draw_surnames(rng, people), given_name, given_kana)

    # TODO: caseworkers do not rotate (異動). Every visit in the history is by
    # the household's current caseworker, so started_on precedes the window.
    started_years = rng.uniform(*caseload["started_years_before_history"], size=people)
    started_on = offset_days(as_day(history_start), -started_years * DAYS_PER_YEAR)

    supervisors = pd.DataFrame({
        "caseworker_id": supervisor_ids,
        "name": full_names[:team_count],
        "name_kana": full_kana[:team_count],
        "team": team_names,
        "supervisor_id": None,
        "role": "supervisor",
        "started_on": started_on[:team_count],
    })
    workers = pd.DataFrame({
        "caseworker_id": caseworker_ids,
        "name": full_names[team_count:],
        "name_kana": full_kana[team_count:],
        "team": team_names[team_of_worker],
        "supervisor_id": supervisor_ids[team_of_worker],
        "role": "caseworker",
        "started_on": started_on[team_count:],
    })
    table = pd.concat([workers, supervisors], ignore_index=True)
    table.insert(1, "office_code", office_code(office))

    log.info("office has %d caseworkers in %d teams for %d active households", worker_count, team_count, active_households)
    return Staff(
        caseworkers=table,
        loads=loads,
        caseworker_ids=caseworker_ids,
        supervisor_of=dict(zip(workers["caseworker_id"], workers["supervisor_id"])),
    )


def assign_districts(staff: Staff, town_index: np.ndarray, latitude: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Return each household's caseworker_id, giving each caseworker a contiguous district.

    Households are ordered by town and then from south to north, and the
    active ones are cut into consecutive runs of each caseworker's load. A
    closed household goes to the caseworker of the next active one in that
    order, so it stays in its district.
    """
    order = np.lexsort((latitude, town_index))
    active_in_order = active[order]
    active_before = np.cumsum(active_in_order) - active_in_order
    boundaries = np.cumsum(staff.loads)
    worker = np.searchsorted(boundaries, active_before, side="right")
    worker = np.minimum(worker, len(staff.loads) - 1)
    assigned = np.empty(len(order), dtype=object)
    assigned[order] = staff.caseworker_ids[worker]
    return assigned


def demo_users(staff: Staff, office: dict, medical_clerks: int, names: NameSampler, rng: np.random.Generator, as_of: dt.date) -> list[User]:
    """Return the demo logins: cw… and sv… for staff, med…, ana01 and admin."""
    code = office_code(office)
    users = []
    table = staff.caseworkers
    for role, prefix, minimum_width in ((Role.CASEWORKER, "cw", 3), (Role.SUPERVISOR, "sv", 2)):
        rows = table[table["role"] == role.value]
        width = max(minimum_width, len(str(len(rows))))
        for number, (caseworker_id, name) in enumerate(zip(rows["caseworker_id"], rows["name"]), start=1):
            users.append(User(f"{prefix}{number:0{width}d}", name, role, code, caseworker_id))

    # Medical clerks and the analyst get fictional names of their own.
    others = medical_clerks + 1
    birth_years = as_of.year - rng.integers(25, 60, size=others)
    sexes = np.where(rng.random(others) < 0.5, "男", "女")
    given_name, given_kana = names.draw_given_names(rng, sexes, birth_years)
    full_names, _ = names.full_names(names.draw_surnames(rng, others), given_name, given_kana)
    width = max(2, len(str(medical_clerks)))
    for number in range(1, medical_clerks + 1):
        users.append(User(f"med{number:0{width}d}", full_names[number - 1], Role.MEDICAL_CLERK, code))
    users.append(User("ana01", full_names[-1], Role.ANALYST, code))
    users.append(User("admin", "システム管理者", Role.ADMIN, code))
    return users


def _allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into whole numbers proportional to ``weights`` (largest remainder)."""
    exact = total * weights / weights.sum()
    counts = np.floor(exact).astype(int)
    shortfall = total - counts.sum()
    counts[np.argsort(-(exact - counts), kind="stable")[:shortfall]] += 1
    return counts
