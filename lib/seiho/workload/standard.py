"""The 標準数 of caseworkers (現業員) under 社会福祉法第16条."""

import datetime as dt
import math

from seiho.errors import ParameterError
from seiho.parameters import parameter

# 実施機関の種類 as stored in offices.office_kind -> the parameter's key.
OFFICE_KIND_KEYS = {"市": "city", "郡部": "prefecture", "町村": "town"}


def required_caseworkers(households: int, office_kind: str, date: dt.date) -> int:
    """Return the standard number of caseworkers for an office of this kind and caseload.

    Up to ``base_households`` the standard is ``base_workers``; each further
    ``households_per_worker`` households, or part of them, adds one.
    """
    if office_kind not in OFFICE_KIND_KEYS:
        raise ParameterError(
            f"実施機関の種類「{office_kind}」は標準数の区分（市・郡部・町村）にありません。offices.office_kind を確認してください。",
            f"unknown office kind {office_kind!r}",
        )
    rule = parameter("standard_caseload").at(date)[OFFICE_KIND_KEYS[office_kind]]
    extra = max(0, households - rule["base_households"])
    return rule["base_workers"] + math.ceil(extra / rule["households_per_worker"])
