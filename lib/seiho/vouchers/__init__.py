"""医療券・調剤券・介護券: the month's vouchers as 単票 and 連名簿 PDFs, institutions and number checks.

``voucher_lines`` reads the vouchers a user may see with everything a page
prints; ``print_rosters`` writes one 連名簿 per institution and
``print_sheets`` one 単票 per voucher. ``check_payer_number`` and
``check_recipient_number`` apply the import's check-digit rules.
``decide_requests`` decides pending 医療扶助 requests and issues their vouchers.
"""

from seiho.vouchers.decisions import DecisionBatch, IssuedVoucher, decide_requests, pending_requests, submit_request
from seiho.vouchers.numbers import check_institution_code, check_payer_number, check_recipient_number
from seiho.vouchers.printing import print_rosters, print_sheets
from seiho.vouchers.records import VOUCHER_KINDS, VoucherLine, voucher_lines
from seiho.vouchers.roster_pdf import RosterDocument, RosterSummary, write_rosters
from seiho.vouchers.sheet_pdf import SheetDocument, write_sheets

__all__ = [
    "VOUCHER_KINDS", "VoucherLine", "voucher_lines", "print_rosters", "print_sheets", "RosterDocument", "RosterSummary",
    "SheetDocument", "DecisionBatch", "IssuedVoucher", "decide_requests", "pending_requests", "submit_request", "write_rosters", "write_sheets", "check_payer_number", "check_recipient_number", "check_institution_code",
]
