"""Builders that dashboard notebooks call: one line per dashboard."""

import ipywidgets as widgets

from seiho.store import Store
from seiho.ui.household_lookup import HouseholdLookupApp
from seiho.ui.login import LoginGate
from seiho.ui.style import style_widget


def household_lookup_dashboard(store: Store | None = None) -> widgets.Widget:
    """Return the 世帯照会 dashboard behind its login."""
    store = store or Store()
    gate = LoginGate(store, "世帯照会", lambda user: HouseholdLookupApp(store, user))
    return widgets.VBox([style_widget(), gate])
