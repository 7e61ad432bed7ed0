"""最低生活費 and the monthly benefit from dated 告示 parameters, with a readable trace.

``calculate_benefit(household, date)`` returns a ``BenefitResult`` whose
steps carry their inputs, rounding, parameter file and legal source.
``read_household(path)`` reads the YAML/JSON description staff write.
"""

from seiho.benefit.calculate import BenefitResult, calculate_benefit
from seiho.benefit.errors import HouseholdFileError, StaleAgeError
from seiho.benefit.household import Household, Income, Member
from seiho.benefit.reader import household_from_dict, read_household
from seiho.benefit.trace import Step

__all__ = [
    "BenefitResult",
    "calculate_benefit",
    "HouseholdFileError",
    "StaleAgeError",
    "Household",
    "Income",
    "Member",
    "household_from_dict",
    "read_household",
    "Step",
]
