"""医療券・調剤券・介護券 issued for the month of the demo's reference date."""

import datetime as dt
import logging

import numpy as np
import pandas as pd

from seiho.synth.dates import as_day, first_of_month, offset_days

log = logging.getLogger(__name__)

VOUCHER_KIND = {"入院": "医療券", "入院外": "医療券", "歯科": "医療券", "訪問看護": "医療券", "調剤": "調剤券"}


def draw_vouchers(rng: np.random.Generator, medical_aid: pd.DataFrame, care_aid: pd.DataFrame, members: pd.DataFrame,
                  households: pd.DataFrame, payer_number: str, settings: dict, as_of: dt.date) -> pd.DataFrame:
    """Return one voucher per current decision of a 保護中 household, for the month of ``as_of``.

    The 交付番号 is the year and month (YYYYMM) followed by a 6-digit serial.
    Vouchers are issued a few days before the month starts, or on the
    decision's first day when it started later.
    """
    month = first_of_month(as_day(as_of))
    receiving = households["status"].to_numpy() == "保護中"

    medical = medical_aid[receiving[medical_aid["household"].to_numpy()] & medical_aid["valid_to"].isna()]
    medical = pd.DataFrame({
        "household": medical["household"].to_numpy(),
        "member_no": medical["member_no"].to_numpy(),
        "voucher_kind": medical["care_type"].map(VOUCHER_KIND).to_numpy(),
        "institution_code": medical["institution_code"].to_numpy(),
        "valid_from": medical["valid_from"].to_numpy(dtype="datetime64[D]"),
    })
    care_valid_to = care_aid["valid_to"].to_numpy(dtype="datetime64[D]")
    care = care_aid[receiving[care_aid["household"].to_numpy()] & (care_valid_to >= month)]
    care = pd.DataFrame({
        "household": care["household"].to_numpy(),
        "member_no": care["member_no"].to_numpy(),
        "voucher_kind": "介護券",
        "institution_code": care["provider_code"].to_numpy(),
        "valid_from": care["valid_from"].to_numpy(dtype="datetime64[D]"),
    })
    vouchers = pd.concat([medical, care], ignore_index=True)
    vouchers = vouchers.sort_values(["household", "member_no", "voucher_kind", "institution_code"], kind="stable", ignore_index=True)

    recipient = members.set_index(["household", "member_no"])["recipient_number"]
    vouchers["recipient_number"] = recipient.reindex(pd.MultiIndex.from_frame(vouchers[["household", "member_no"]])).to_numpy()
    vouchers["payer_number"] = payer_number
    vouchers["month"] = month

    days_before = rng.triangular(*settings["issue_days_before_month"], size=len(vouchers))
    issued_on = np.maximum(offset_days(month, -days_before), vouchers["valid_from"].to_numpy(dtype="datetime64[D]"))
    vouchers["issued_on"] = np.minimum(issued_on, as_day(as_of))

    serials = np.arange(1, len(vouchers) + 1)
    month_text = str(month.astype("datetime64[M]")).replace("-", "")
    vouchers["issue_number"] = [f"{month_text}{serial:06d}" for serial in serials]
    vouchers["voucher_id"] = [f"VC{serial:08d}" for serial in serials]
    log.info("issued %d vouchers for %s", len(vouchers), month_text)
    return vouchers
