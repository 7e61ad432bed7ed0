"""Write the month's 医療券・調剤券 as CSV for the online eligibility registration.

The layout, column by column, is in ``data/vouchers/online_eligibility_export.md``.
"""

import csv
import datetime as dt
import logging
from pathlib import Path

from seiho.access import Role, User, require_role
from seiho.errors import ParameterError
from seiho.store import Store, record_event
from seiho.vouchers.records import VoucherLine, voucher_lines

log = logging.getLogger(__name__)

HEADER = ("公費負担者番号", "受給者番号", "医療券・調剤券別", "有効開始年月日", "有効終了年月日", "交付番号", "診療年月",
          "指定医療機関コード", "指定医療機関名", "処方箋発行元医療機関コード", "傷病名1", "傷病名2", "傷病名3", "診療別",
          "本人支払額", "地区担当員名", "単独・併用別", "社会保険状況", "備考1")
KIND_CODES = {"医療券": "01", "調剤券": "02"}
CARE_TYPE_CODES = {"入院": "01", "入院外": "02", "歯科": "03", "調剤": "04", "訪問看護": "05"}
INSURANCE_CODES = {"単独": "01", "併用": "02"}
SOCIAL_INSURANCE_CODES = {"単独": "02", "併用": "01"}
ENCODINGS = {"utf-8": "utf-8-sig", "cp932": "cp932"}


def export_row(line: VoucherLine) -> list[str]:
    """Return the CSV fields of one voucher in the documented order."""
    if line.care_type not in CARE_TYPE_CODES:
        raise ParameterError(f"交付番号 {line.issue_number} の診療別「{line.care_type}」は出力できません（入院・入院外・歯科・調剤・訪問看護）。",
                             f"voucher {line.issue_number} has care type {line.care_type!r}")
    diseases = [name for name in line.disease_names.split("\n") if name][:3]
    diseases += [""] * (3 - len(diseases))
    # TODO: 処方箋発行元医療機関コード stays empty until vouchers record the prescribing institution.
    return [
        line.payer_number, line.recipient_number, KIND_CODES[line.voucher_kind], f"{line.valid_from:%Y%m%d}",
        f"{line.valid_to:%Y%m%d}", line.issue_number, f"{line.month:%Y%m}", line.institution_code, line.institution_name,
        "", *diseases, CARE_TYPE_CODES[line.care_type], str(line.copayment), line.caseworker_name,
        INSURANCE_CODES[line.insurance], SOCIAL_INSURANCE_CODES[line.insurance], line.remarks,
    ]


def export_month(store: Store, user: User, month: dt.date, path: Path, encoding: str = "utf-8") -> int:
    """Write the 医療券 and 調剤券 of ``month`` to ``path`` and return the number of rows.

    Raises before writing if a value cannot be encoded, naming its 交付番号.
    """
    require_role(user, Role.MEDICAL_CLERK, Role.ADMIN, action="医療券データの書き出し")
    if encoding not in ENCODINGS:
        raise ParameterError(f"文字コード {encoding} は使えません（utf-8 か cp932）。", f"unknown encoding {encoding}")
    lines = voucher_lines(store, user, month, voucher_kinds=("医療券", "調剤券"))
    rows = [export_row(line) for line in lines]
    for line, row in zip(lines, rows):
        try:
            "".join(row).encode(ENCODINGS[encoding])
        except UnicodeEncodeError as error:
            character = error.object[error.start]
            raise ParameterError(
                f"交付番号 {line.issue_number} の文字「{character}」(U+{ord(character):04X}) は {encoding} で書けません。--encoding utf-8 で書き出してください。",
                f"voucher {line.issue_number} not encodable in {encoding}",
            ) from error

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=ENCODINGS[encoding], newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    with store.connect() as connection:
        record_event(connection, user.user_id, "export_vouchers", None, f"{month:%Y-%m} {len(rows)} rows")
    log.info("exported %d vouchers for %s", len(rows), f"{month:%Y-%m}")
    return len(rows)
