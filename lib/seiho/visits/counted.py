"""The condition on rows of ``visits`` that count towards visit intervals and the legal minimums."""

from seiho.records import DRAFT

# A visit counts unless a case record of it is still a 下書き: the caseworker
# has not submitted it, or the supervisor returned it. Imported visits have no
# case record, so they always count.
COUNTED_VISIT_CONDITION = (
    f"NOT EXISTS (SELECT 1 FROM case_records draft WHERE draft.visit_id = v.visit_id AND draft.status = '{DRAFT}')"
)
