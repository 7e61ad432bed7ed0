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


def benefit_calculation_dashboard(store: Store | None = None) -> widgets.Widget:
    """Return the 保護費計算 dashboard behind its login."""
    from seiho.ui.benefit_calculation import BenefitCalculationApp

    store = store or Store()
    gate = LoginGate(store, "保護費計算", lambda user: BenefitCalculationApp(store, user))
    return widgets.VBox([style_widget(), gate])


def receivables_dashboard(store: Store | None = None) -> widgets.Widget:
    """Return the 債権管理 dashboard behind its login."""
    from seiho.receivables.app import ReceivablesApp

    store = store or Store()
    gate = LoginGate(store, "債権管理", lambda user: ReceivablesApp(store, user))
    return widgets.VBox([style_widget(), gate])


def workload_dashboard(store: Store | None = None) -> widgets.Widget:
    """Return the 業務量 dashboard behind its login."""
    from seiho.workload.app import WorkloadApp

    store = store or Store()
    gate = LoginGate(store, "業務量", lambda user: WorkloadApp(store, user))
    return widgets.VBox([style_widget(), gate])


def vouchers_dashboard(store: Store | None = None) -> widgets.Widget:
    """Return the 医療券・介護券 dashboard behind its login."""
    from seiho.vouchers.app import VoucherApp

    store = store or Store()
    gate = LoginGate(store, "医療券・介護券", lambda user: VoucherApp(store, user))
    return widgets.VBox([style_widget(), gate])


def knowledge_dashboard(store: Store | None = None) -> widgets.Widget:
    """Return the 制度Q&A dashboard behind its login."""
    from seiho.knowledge.app import KnowledgeApp

    store = store or Store()
    gate = LoginGate(store, "制度Q&A", lambda user: KnowledgeApp(store, user))
    return widgets.VBox([style_widget(), gate])


def record_drafting_dashboard(store: Store | None = None) -> widgets.Widget:
    """Return the ケース記録作成 dashboard behind its login."""
    import seiho.speech_review  # registers the hook that deletes audio after approval
    from seiho.ui.record_drafting import RecordDraftingApp

    store = store or Store()
    gate = LoginGate(store, "ケース記録作成", lambda user: RecordDraftingApp(store, user))
    return widgets.VBox([style_widget(), gate])


def visit_plan_dashboard(store: Store | None = None) -> widgets.Widget:
    """Return the 訪問計画 dashboard behind its login."""
    from seiho.visits.plan.app import VisitPlanApp

    store = store or Store()
    gate = LoginGate(store, "訪問計画", lambda user: VisitPlanApp(store, user))
    return widgets.VBox([style_widget(), gate])


def visit_prep_dashboard(store: Store | None = None) -> widgets.Widget:
    """Return the 訪問準備 dashboard behind its login."""
    from seiho.visits.prep_app import VisitPrepApp

    store = store or Store()
    gate = LoginGate(store, "訪問準備", lambda user: VisitPrepApp(store, user))
    return widgets.VBox([style_widget(), gate])


def visit_records_dashboard(store: Store | None = None) -> widgets.Widget:
    """Return the 訪問記録 dashboard (record form or approval queue by role) behind its login."""
    from seiho.visits.records_app import visit_records_app

    store = store or Store()
    gate = LoginGate(store, "訪問記録", lambda user: visit_records_app(store, user))
    return widgets.VBox([style_widget(), gate])
