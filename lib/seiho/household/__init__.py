"""世帯照会: find a household and read its file, within the user's scope.

Every read writes to the audit log: a search records the query and how many
households it returned, and opening a household records its case number.
"""

from seiho.household.lookup import HouseholdFile, household_file, search_households
from seiho.household.pseudonymised import pseudonymised_households

__all__ = ["HouseholdFile", "household_file", "search_households", "pseudonymised_households"]
