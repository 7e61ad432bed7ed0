"""Widget pieces shared by the Voilà dashboards, with their Japanese labels.

A dashboard notebook only calls an app builder from here. The state and the
callbacks live in these classes, so tests can drive them without a browser.
"""

from seiho.ui.household_lookup import HouseholdLookupApp
from seiho.ui.login import LoginGate

__all__ = ["LoginGate", "HouseholdLookupApp"]
