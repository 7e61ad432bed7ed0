"""Office workload: caseloads against the 標準数, visits, the record backlog and efficiency."""

from seiho.workload.standard import required_caseworkers
from seiho.workload.summary import OfficeSummary, office_summary
from seiho.workload.view import CaseworkerDetail, WorkloadMeasures, caseworker_detail, workload_measures

__all__ = [
    "required_caseworkers",
    "office_summary",
    "OfficeSummary",
    "workload_measures",
    "WorkloadMeasures",
    "caseworker_detail",
    "CaseworkerDetail",
]
