"""Case records (ケース記録): drafts, submission, supervisor approval or return, and CSV export.

Any package that writes case records uses this workflow: visit records,
records drafted from a recording, and records typed by hand. ``save_draft``
creates or updates a 下書き, ``submit`` sends it for approval, ``approve`` and
``return_record`` are the supervisor's steps, and ``export_approved_csv``
writes approved records for the standard system to import. Functions
registered with ``register_approval_hook`` run after each approval.
"""

from seiho.records.export import ExportResult, Substitution, UnencodableCharacter, export_approved_csv
from seiho.records.hooks import ApprovalHookError, register_approval_hook, unregister_approval_hook
from seiho.records.layout import ExportLayout, load_export_layout
from seiho.records.model import APPROVED, DRAFT, PENDING, PLACEHOLDER, VISIT_KINDS, CaseRecord, RecordNotFound, ReviewStep
from seiho.records.queries import get_record, latest_records, open_records_for_caseworker, pending_for_supervisor, record_history
from seiho.records.workflow import RecordStateError, approve, return_record, save_draft, submit

__all__ = [
    "APPROVED",
    "DRAFT",
    "PENDING",
    "PLACEHOLDER",
    "VISIT_KINDS",
    "ApprovalHookError",
    "CaseRecord",
    "ExportLayout",
    "ExportResult",
    "RecordNotFound",
    "RecordStateError",
    "ReviewStep",
    "Substitution",
    "UnencodableCharacter",
    "approve",
    "export_approved_csv",
    "get_record",
    "latest_records",
    "load_export_layout",
    "open_records_for_caseworker",
    "pending_for_supervisor",
    "record_history",
    "register_approval_hook",
    "return_record",
    "save_draft",
    "submit",
    "unregister_approval_hook",
]
