"""Household members: relationship, sex, age, names, disability and 受給者番号."""

import datetime as dt
import logging

import numpy as np
import pandas as pd

from seiho.synth.dates import DAYS_PER_YEAR, as_day, offset_days
from seiho.synth.households import HOUSEHOLD_TYPES
from seiho.synth.identifiers import recipient_numbers
from seiho.synth.names import NameSampler, name_keys

log = logging.getLogger(__name__)

HEAD = "世帯主"
MAXIMUM_AGE = 100


def draw_members(rng: np.random.Generator, households: pd.DataFrame, assumptions: dict, names: NameSampler,
                 as_of: dt.date) -> pd.DataFrame:
    """Return one row per member, the head first, with the columns of ``members``.

    Extra columns used by later steps: household (row in ``households``),
    age (whole years on ``as_of``) and role (世帯主, 配偶者, 子, 親,
    兄弟姉妹 or 孫, before it becomes a 続柄).
    """
    size = households["size"].to_numpy()
    household = np.repeat(np.arange(len(households)), size)
    starts = np.cumsum(size) - size
    member_no = np.arange(len(household)) - starts[household] + 1
    count = len(household)
    kind = households["kind"].to_numpy()[household]
    household_type = households["household_type"].to_numpy()[household]

    # The role of each member from the household's composition.
    role = np.full(count, HEAD, dtype=object)
    composition = households["composition"].to_numpy()[household]
    for kind_name, options in assumptions["compositions"].items():
        for option_index, option in enumerate(options):
            for position, other in enumerate(option["others"], start=2):
                role[(kind == kind_name) & (composition == option_index) & (member_no == position)] = other
    is_head = role == HEAD

    # The head's sex and age follow the household type, everyone else's the head's.
    head_sex = np.empty(len(households), dtype=object)
    head_age = np.empty(len(households))
    types = households["household_type"].to_numpy()
    for household_kind in HOUSEHOLD_TYPES:
        chosen = np.flatnonzero(types == household_kind)
        settings = assumptions["heads"][household_kind]
        head_sex[chosen] = np.where(rng.random(chosen.size) < settings["male_share"], "男", "女")
        head_age[chosen] = rng.triangular(*settings["age"], size=chosen.size)
    sex, age = _sex_and_age(rng, role, head_sex[household], head_age[household], assumptions["relative_ages"],
                            household_type == "高齢者世帯", household_type == "母子世帯")
    age = np.floor(age).astype(int)
    relationship = _relationships(rng, role, sex, age, head_sex[household], np.floor(head_age[household]))

    # A birth date that gives exactly ``age`` on as_of. The fraction stays
    # away from whole years so that leap days cannot shift the age.
    fraction = rng.uniform(0.01, 0.99, size=count)
    birth_date = offset_days(as_day(as_of), -(age + fraction) * DAYS_PER_YEAR)

    # Names: the household's family name, a few exceptions, given names by sex and birth year.
    household_surname = names.draw_surnames(rng, len(households))
    surname = household_surname[household]
    for other_role, share in assumptions["other_surname_share"].items():
        differs = np.flatnonzero((role == other_role) & (rng.random(count) < share))
        surname[differs] = names.draw_surnames(rng, differs.size)
    birth_years = birth_date.astype("datetime64[Y]").astype(int) + 1970
    given_name, given_kana = names.draw_given_names(rng, sex, birth_years)
    full_name, full_kana = names.full_names(surname, given_name, given_kana)

    disability = _disabilities(rng, assumptions["disability"], is_head, household_type)

    # Members listed but living apart (世帯分離) get no 受給者番号.
    in_household = is_head | (rng.random(count) >= assumptions["separated_member_share"])
    recipient_number = np.full(count, None, dtype=object)
    recipient_number[in_household] = recipient_numbers(rng, int(in_household.sum()))

    log.info("drew %d members for %d households", count, len(households))
    return pd.DataFrame({
        "household": household,
        "member_no": member_no,
        "name": full_name,
        "name_kana": full_kana,
        "name_key": name_keys(full_name, full_kana),
        "sex": sex,
        "birth_date": birth_date,
        "relationship": relationship,
        "recipient_number": recipient_number,
        "disability": disability,
        "in_household": in_household,
        "age": age,
        "role": role,
    })


def _sex_and_age(rng: np.random.Generator, role: np.ndarray, head_sex: np.ndarray, head_age: np.ndarray,
                 relative_ages: dict, elderly: np.ndarray, mother_and_children: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return sex and age (years, fractional) of every member from the role and the head."""
    count = len(role)
    sex = np.where(rng.random(count) < 0.5, "男", "女").astype(object)
    head = role == HEAD
    sex[head] = head_sex[head]
    age = head_age.copy()

    spouse = role == "配偶者"
    sex[spouse] = np.where(head_sex[spouse] == "男", "女", "男")
    age[spouse] = np.maximum(head_age[spouse] + rng.triangular(*relative_ages["配偶者"], size=int(spouse.sum())), 18)

    child = role == "子"
    minor_child = child & mother_and_children
    adult_headed_child = child & ~mother_and_children
    oldest = np.minimum(17.9, np.maximum(head_age - 18, 0))
    age[minor_child] = rng.random(int(minor_child.sum())) * oldest[minor_child]
    youngest = np.maximum(head_age - 45, 0)
    latest = np.maximum(head_age - 18, youngest)
    age[adult_headed_child] = youngest[adult_headed_child] + rng.random(int(adult_headed_child.sum())) * (latest - youngest)[adult_headed_child]

    parent = role == "親"
    age[parent] = np.minimum(head_age[parent] + rng.triangular(*relative_ages["親"], size=int(parent.sum())), 100)

    sibling = role == "兄弟姉妹"
    age[sibling] = np.maximum(head_age[sibling] + rng.triangular(*relative_ages["兄弟姉妹"], size=int(sibling.sum())), 18)

    grandchild = role == "孫"
    age[grandchild] = rng.uniform(3, 17.9, size=int(grandchild.sum()))

    # In a 高齢者世帯 everyone but a grandchild is 65 or over.
    adult_elderly = elderly & (role != "孫")
    age[adult_elderly] = np.maximum(age[adult_elderly], 65)
    return sex, np.minimum(age, MAXIMUM_AGE)


def _relationships(rng: np.random.Generator, role: np.ndarray, sex: np.ndarray, age: np.ndarray,
                   head_sex: np.ndarray, head_age: np.ndarray) -> np.ndarray:
    """Turn roles into 続柄: 配偶者 → 妻/夫, 親 → 父/母, 兄弟姉妹 → 兄/弟/姉/妹."""
    relationship = role.copy()
    male = sex == "男"
    spouse = role == "配偶者"
    relationship[spouse] = np.where(head_sex[spouse] == "男", "妻", "夫")
    parent = role == "親"
    relationship[parent] = np.where(male[parent], "父", "母")
    sibling = role == "兄弟姉妹"
    older = age >= head_age
    relationship[sibling & male & older] = "兄"
    relationship[sibling & male & ~older] = "弟"
    relationship[sibling & ~male & older] = "姉"
    relationship[sibling & ~male & ~older] = "妹"
    return relationship


def _disabilities(rng: np.random.Generator, settings: dict, is_head: np.ndarray, household_type: np.ndarray) -> np.ndarray:
    """Return a 障害者手帳 label or None for each member."""
    labels = np.array(list(settings["labels"]), dtype=object)
    weights = np.array(list(settings["labels"].values()), dtype=float)
    draw = rng.random(len(is_head))
    share = np.full(len(is_head), settings["other_members_share"])
    for household_kind, head_share in settings["other_heads_share"].items():
        share[is_head & (household_type == household_kind)] = head_share
    share[is_head & (household_type == "障害者世帯")] = 1.0
    holder = draw < share
    disability = np.full(len(is_head), None, dtype=object)
    disability[holder] = labels[rng.choice(len(labels), size=int(holder.sum()), p=weights / weights.sum())]
    return disability
