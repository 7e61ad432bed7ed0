"""Other programs (他法他施策): pensions, allowances, 手帳, 介護保険 and insurance."""

import datetime as dt
import logging

import numpy as np
import pandas as pd

from seiho.synth.dates import as_day, uniform_dates

log = logging.getLogger(__name__)

# Maximum age in days of a claim that is still 申請中 or 調査中.
PENDING_WINDOW_DAYS = 180


def draw_other_programs(rng: np.random.Generator, members: pd.DataFrame, households: pd.DataFrame, settings: dict,
                        as_of: dt.date) -> pd.DataFrame:
    """Return other_programs rows and set flags used by medical aid on ``members``.

    Flags added: health_insurance (the member has 社会保険 through work) and
    independence_medical (自立支援医療 for psychiatric outpatient care).
    Needs the income flags and ``care_level`` on ``members``.
    """
    count = len(members)
    household = members["household"].to_numpy()
    household_type = households["household_type"].to_numpy()[household]
    is_head = members["member_no"].to_numpy() == 1
    present = members["in_household"].to_numpy()
    age = members["age"].to_numpy()
    disability = members["disability"].fillna("").to_numpy(dtype=str)
    draw = rng.random(count)

    members["health_insurance"] = members["earner"].to_numpy() & (draw < settings["health_insurance_share_of_earners"])
    psychiatric = np.char.startswith(disability, "精神")
    members["independence_medical"] = present & psychiatric & (rng.random(count) < settings["independence_medical_share"])

    elderly = present & (age >= 65)
    pension = members["old_age_pension"].to_numpy()
    disability_pension = members["disability_pension"].to_numpy()
    pension_pending = rng.random(count) < settings["pension_pending_share"]
    disability_pending = rng.random(count) < settings["disability_pension_pending_share"]
    mothers = is_head & (household_type == "母子世帯")
    ill_heads = is_head & (household_type == "傷病者世帯")
    other_heads = is_head & (household_type == "その他の世帯") & (age < 65)

    parts = [
        _rows(members, elderly & pension, "老齢基礎年金", "受給中", "年金証書を確認済み"),
        _rows(members, elderly & ~pension & pension_pending, "老齢基礎年金", "申請中", "年金請求書を年金事務所に提出済み"),
        _rows(members, elderly & ~pension & ~pension_pending, "老齢基礎年金", "調査中", "受給資格期間を調査中"),
        _rows(members, present & members["care_level"].notna().to_numpy(), "介護保険", "受給中", members["care_level"].to_numpy()),
        _rows(members, present & (disability != ""), "障害者手帳", "受給中", disability),
        _rows(members, disability_pension, "障害基礎年金", "受給中", "年金証書を確認済み"),
        _rows(members, is_head & (household_type == "障害者世帯") & ~disability_pension & disability_pending, "障害基礎年金", "申請中", "診断書を添えて請求済み"),
        _rows(members, is_head & (household_type == "障害者世帯") & ~disability_pension & ~disability_pending, "障害基礎年金", "調査中", "初診日と納付要件を調査中"),
        _rows(members, members["independence_medical"].to_numpy(), "自立支援医療（精神通院）", "受給中", "受給者証を確認済み"),
        _rows(members, mothers, "児童扶養手当", "受給中", "現況届を提出済み"),
        _rows(members, mothers, "児童手当", "受給中", None),
        _rows(members, mothers & (rng.random(count) < settings["maintenance_inquiry_share"]), "養育費", "調査中", "元配偶者への請求について調査中"),
        _rows(members, ill_heads & (rng.random(count) < settings["sickness_benefit_inquiry_share"]), "傷病手当金", "調査中", "離職前の加入保険を調査中"),
        _rows(members, other_heads & (rng.random(count) < settings["employment_insurance_share"]), "雇用保険", "申請中", "ハローワークで手続き中"),
        _rows(members, members["health_insurance"].to_numpy(), "健康保険", "受給中", "勤務先の社会保険に加入"),
    ]
    programs = pd.concat(parts, ignore_index=True)

    # A pending claim was opened recently, a running one at the start of assistance.
    as_of_day = as_day(as_of)
    rows = programs["household"].to_numpy()
    started_on = households["started_on"].to_numpy(dtype="datetime64[D]")[rows]
    closed_on = households["closed_on"].to_numpy(dtype="datetime64[D]")[rows]
    end = np.where(np.isnat(closed_on), as_of_day, closed_on)
    recent = uniform_dates(rng, np.maximum(started_on, end - PENDING_WINDOW_DAYS), end, len(programs))
    programs["since"] = np.where(programs["status"].to_numpy() == "受給中", started_on, recent)

    programs = programs.sort_values(["household", "member_no", "program"], kind="stable", ignore_index=True)
    programs["program_id"] = [f"O{number:08d}" for number in range(1, len(programs) + 1)]
    log.info("drew %d other-program entries", len(programs))
    return programs


def _rows(members: pd.DataFrame, chosen: np.ndarray, program: str, status: str, detail) -> pd.DataFrame:
    """Return one row per chosen member. ``detail`` is text, None or one value per member."""
    rows = members.loc[chosen, ["household", "member_no"]].reset_index(drop=True)
    rows["program"] = program
    rows["status"] = status
    rows["detail"] = detail[chosen] if isinstance(detail, np.ndarray) else detail
    return rows
