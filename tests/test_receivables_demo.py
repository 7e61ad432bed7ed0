"""Tests of the demo ledger history derived from the demo office's receivables."""

import datetime as dt

import pytest

from seiho.access.users import load_user
from seiho.receivables.demo_history import ensure_demo_history
from seiho.receivables.monitor import receivables_monitor
from seiho.store import Store
from seiho.synth.build import build_demo

AS_OF = dt.date(2026, 12, 1)


def build(folder):
    build_demo(folder / "demo.duckdb", households=400, seed=11, as_of=AS_OF, progress=False)
    store = Store(folder / "demo.duckdb")
    with store.connect() as connection:
        added = ensure_demo_history(connection)
    return store, added


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return build(tmp_path_factory.mktemp("receivables_demo"))


def rows(store, sql):
    with store.connect() as connection:
        return connection.execute(sql).fetchall()


def test_demo_history_covers_every_receivable(demo):
    store, added = demo
    assert added == rows(store, "SELECT count(*) FROM receivables")[0][0]
    assert added > 0


def test_demo_payments_match_paid_amount(demo):
    store, _ = demo
    mismatched = rows(store, """
        SELECT count(*) FROM receivables r
        WHERE r.paid_amount <> coalesce((SELECT sum(amount) FROM receivable_payments p WHERE p.receivable_id = r.receivable_id), 0)""")
    assert mismatched == [(0,)]


def test_demo_plans_add_up(demo):
    store, _ = demo
    wrong = rows(store, """
        SELECT count(*) FROM (SELECT receivable_id, sum(amount) AS planned FROM receivable_installments GROUP BY ALL) i
        JOIN receivables r USING (receivable_id) WHERE i.planned <> r.amount + r.surcharge""")
    assert wrong == [(0,)]


def test_demo_nothing_after_as_of(demo):
    store, _ = demo
    assert rows(store, f"SELECT count(*) FROM receivable_payments WHERE paid_on > DATE '{AS_OF}'") == [(0,)]
    assert rows(store, f"SELECT count(*) FROM receivable_events WHERE occurred_on > DATE '{AS_OF}'") == [(0,)]


def test_demo_history_runs_once(demo):
    store, _ = demo
    with store.connect() as connection:
        assert ensure_demo_history(connection) == 0


def test_demo_history_deterministic(demo, tmp_path):
    store, _ = demo
    again, _ = build(tmp_path)
    query = "SELECT receivable_id, paid_on, amount FROM receivable_payments ORDER BY payment_id"
    assert rows(again, query) == rows(store, query)


def test_demo_monitor_shows_alerts(demo):
    store, _ = demo
    with store.connect() as connection:
        supervisor = load_user(connection, "sv01")
    monitor = receivables_monitor(store, supervisor, AS_OF)
    assert len(monitor.alerts) > 0
