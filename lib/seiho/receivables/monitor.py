"""The 債権管理 monitor: totals, ageing, trend, collection rate and alerts."""

import datetime as dt
import logging
from dataclasses import dataclass

import pandas as pd

from seiho.access import Role, User, require_role
from seiho.receivables.alerts import audit_alerts
from seiho.receivables.config import MonitorSettings, monitor_settings
from seiho.receivables.office_ledger import office_ledger
from seiho.store import Store, record_event

log = logging.getLogger(__name__)

TREND_MONTHS = 24


@dataclass
class ReceivablesMonitor:
    """Everything the 債権管理 dashboard shows for one user on one day."""

    as_of: dt.date
    settings: MonitorSettings
    ledger: pd.DataFrame
    by_article: pd.DataFrame
    by_status: pd.DataFrame
    by_ageing: pd.DataFrame
    by_caseworker: pd.DataFrame
    monthly_trend: pd.DataFrame
    collection: dict
    overdue_installments: pd.DataFrame
    limitation_soon: pd.DataFrame
    alerts: pd.DataFrame


def _totals(ledger: pd.DataFrame, key: str, label: str) -> pd.DataFrame:
    grouped = ledger.groupby(key, dropna=False).agg(件数=("receivable_id", "count"), 決定額=("total", "sum"),
                                                     収納額=("paid_amount", "sum"), 未収額=("open_balance", "sum"))
    return grouped.reset_index().rename(columns={key: label}).astype({"件数": "int64", "決定額": "int64", "収納額": "int64", "未収額": "int64"})


def ageing_labels(bucket_years: tuple[int, ...]) -> list[str]:
    """Return the ageing bucket labels for edges such as (1, 2, 3, 5)."""
    labels = [f"{bucket_years[0]}年未満"]
    labels += [f"{low}〜{high}年" for low, high in zip(bucket_years, bucket_years[1:])]
    labels.append(f"{bucket_years[-1]}年以上")
    return labels


def ageing_bucket(days_since_due: pd.Series, bucket_years: tuple[int, ...]) -> pd.Series:
    """Label each age in days with its bucket; a year counts as 365 days."""
    edges = [-float("inf")] + [years * 365 for years in bucket_years] + [float("inf")]
    return pd.cut(days_since_due, bins=edges, right=False, labels=ageing_labels(bucket_years))


def receivables_monitor(store: Store, user: User, as_of: dt.date) -> ReceivablesMonitor:
    """Build the monitor for the receivables the user may see on ``as_of``.

    Supervisors and admins get the whole office and a caseworker gets their
    caseload. Analysts get ``AccessDenied`` because the rows name households.
    """
    require_role(user, Role.SUPERVISOR, Role.ADMIN, Role.CASEWORKER, action="債権管理の一覧")
    with store.connect() as connection:
        settings = monitor_settings(connection)
        ledger = office_ledger(connection, user, as_of)
        payments = connection.execute(
            """
            SELECT date_trunc('month', p.paid_on) AS month, sum(p.amount) AS collected
            FROM receivable_payments p JOIN receivables r USING (receivable_id)
            WHERE p.paid_on <= ? AND r.receivable_id IN (SELECT unnest(?::TEXT[]))
            GROUP BY ALL
            """,
            [as_of, ledger["receivable_id"].tolist()],
        ).df()
        written_off = connection.execute(
            "SELECT coalesce(sum(amount), 0) FROM receivable_write_offs WHERE written_off_on <= ? AND receivable_id IN (SELECT unnest(?::TEXT[]))",
            [as_of, ledger["receivable_id"].tolist()],
        ).fetchone()[0]
        record_event(connection, user.user_id, "view_receivables_monitor", None, f"{len(ledger)} receivables")

    ledger["open_balance"] = ledger["balance"].where(ledger["status"] != "不納欠損", 0)
    days_since_due = (pd.Timestamp(as_of) - pd.to_datetime(ledger["due_on"])).dt.days
    ledger["ageing"] = ageing_bucket(days_since_due, settings.ageing_bucket_years)
    open_ledger = ledger[ledger["open_balance"] > 0]

    by_ageing = open_ledger.groupby("ageing", observed=False).agg(件数=("receivable_id", "count"), 未収額=("open_balance", "sum"))
    by_ageing = by_ageing.reset_index().rename(columns={"ageing": "経過年数（納期限から）"})
    alerts = audit_alerts(ledger, settings, as_of)
    log.info("receivables monitor: %d receivables, %d alerts", len(ledger), len(alerts))
    return ReceivablesMonitor(
        as_of=as_of,
        settings=settings,
        ledger=ledger,
        by_article=_totals(ledger, "article", "根拠条文"),
        by_status=_totals(ledger, "status", "状態"),
        by_ageing=by_ageing,
        by_caseworker=_totals(ledger.assign(caseworker_name=ledger["caseworker_name"].fillna("（担当なし）")), "caseworker_name", "担当"),
        monthly_trend=monthly_trend(ledger, payments, as_of),
        collection=collection_rates(ledger, payments, int(written_off), as_of),
        overdue_installments=_overdue(open_ledger),
        limitation_soon=_limitation_soon(open_ledger, settings, as_of),
        alerts=alerts,
    )


def monthly_trend(ledger: pd.DataFrame, payments: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Return decided and collected yen per month for the last TREND_MONTHS months."""
    months = pd.period_range(end=pd.Period(as_of, "M"), periods=TREND_MONTHS, freq="M")
    decided = ledger.groupby(pd.to_datetime(ledger["decided_on"]).dt.to_period("M"))["total"].sum()
    collected = payments.groupby(pd.to_datetime(payments["month"]).dt.to_period("M"))["collected"].sum() if not payments.empty else pd.Series(dtype="int64")
    return pd.DataFrame({
        "月": [str(month) for month in months],
        "決定額": [int(decided.get(month, 0)) for month in months],
        "収納額": [int(collected.get(month, 0)) for month in months],
    })


def fiscal_year_start(day: dt.date) -> dt.date:
    """Return April 1 of the fiscal year (年度) that contains ``day``."""
    return dt.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def collection_rates(ledger: pd.DataFrame, payments: pd.DataFrame, written_off: int, as_of: dt.date) -> dict:
    """Return the cumulative and this fiscal year's collection rates (収納率) with their parts."""
    decided_total = int(ledger["total"].sum())
    paid_total = int(ledger["paid_amount"].sum())
    start = pd.Timestamp(fiscal_year_start(as_of))
    collected_this_year = int(payments.loc[pd.to_datetime(payments["month"]) >= start, "collected"].sum()) if not payments.empty else 0
    decided_this_year = int(ledger.loc[pd.to_datetime(ledger["decided_on"]) >= start, "total"].sum())
    # The balance at the start of the year: what remained of earlier decisions.
    carried_over = int(ledger.loc[pd.to_datetime(ledger["decided_on"]) < start, "total"].sum()) - (paid_total - collected_this_year)
    due_this_year = carried_over + decided_this_year
    return {
        "決定額累計": decided_total,
        "収納額累計": paid_total,
        "不納欠損額累計": written_off,
        "累計収納率": paid_total / decided_total if decided_total else None,
        "今年度の調定額（繰越＋新規）": due_this_year,
        "今年度の収納額": collected_this_year,
        "今年度の収納率": collected_this_year / due_this_year if due_this_year > 0 else None,
    }


def _overdue(open_ledger: pd.DataFrame) -> pd.DataFrame:
    overdue = open_ledger[open_ledger["overdue_amount"] > 0]
    return overdue[["receivable_id", "case_number", "caseworker_name", "article", "overdue_amount", "balance", "last_paid_on"]].rename(columns={
        "receivable_id": "債権番号", "case_number": "ケース番号", "caseworker_name": "担当", "article": "根拠条文",
        "overdue_amount": "未納の分納額", "balance": "未収額", "last_paid_on": "最終納付日"}).reset_index(drop=True)


def _limitation_soon(open_ledger: pd.DataFrame, settings: MonitorSettings, as_of: dt.date) -> pd.DataFrame:
    completes = pd.to_datetime(open_ledger["limitation_completes_on"])
    soon = open_ledger[(completes >= pd.Timestamp(as_of)) & ((completes - pd.Timestamp(as_of)).dt.days <= settings.limitation_warning_days)]
    return soon.sort_values("limitation_completes_on")[["receivable_id", "case_number", "caseworker_name", "article", "balance", "limitation_completes_on"]].rename(columns={
        "receivable_id": "債権番号", "case_number": "ケース番号", "caseworker_name": "担当", "article": "根拠条文",
        "balance": "未収額", "limitation_completes_on": "時効完成日"}).reset_index(drop=True)
