"""Office workload: caseloads against the 標準数, visits and the record backlog."""

from seiho.workload.standard import required_caseworkers
from seiho.workload.summary import OfficeSummary, office_summary

__all__ = ["required_caseworkers", "office_summary", "OfficeSummary"]
