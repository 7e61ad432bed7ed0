"""法63条返還金 and 法78条徴収金: the ledger, limitation, decision support, monitor, handover and 納付書.

Every function that returns or changes household data takes the acting
``User``, checks the role and the household scope and writes the audit log.
"""

from seiho.receivables.calculation import AllowedItem, Calculation, calculate_art63, calculate_art78
from seiho.receivables.checklist import precedent_cases, save_checklist, suggest_article
from seiho.receivables.history import receivable_history
from seiho.receivables.ledger import (
    Installment,
    plan_installments,
    record_decision,
    record_payment,
    record_receivable_event,
    request_deduction,
    set_installment_plan,
    transfer_to_receivables_staff,
    write_off,
)
from seiho.receivables.limitation import LimitationEvent, limitation_of
from seiho.receivables.monitor import receivables_monitor

__all__ = [
    "AllowedItem", "Calculation", "calculate_art63", "calculate_art78",
    "precedent_cases", "save_checklist", "suggest_article",
    "receivable_history",
    "Installment", "plan_installments", "record_decision", "record_payment", "record_receivable_event",
    "request_deduction", "set_installment_plan", "transfer_to_receivables_staff", "write_off",
    "LimitationEvent", "limitation_of",
    "receivables_monitor",
]
