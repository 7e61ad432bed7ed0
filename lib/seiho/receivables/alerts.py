"""Alerts for the criteria by which an audit finds a debt badly managed.

Each rule takes the monitor's office ledger (one row per receivable, see
``office_ledger``) and returns the receivable ids it flags, with a Japanese
explanation per row. Only receivables with a balance that is not written off
are checked.
"""

import datetime as dt

import pandas as pd

from seiho.parameters import parameter
from seiho.receivables.config import MonitorSettings

ALERT_COLUMNS = ["債権番号", "ケース番号", "担当", "警告", "内容"]


def _days(frame: pd.DataFrame, column: str, as_of: dt.date) -> pd.Series:
    return (pd.Timestamp(as_of) - pd.to_datetime(frame[column])).dt.days


def _date_text(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def audit_alerts(ledger: pd.DataFrame, settings: MonitorSettings, as_of: dt.date) -> pd.DataFrame:
    """Return one row per alert, ordered by alert kind and receivable."""
    open_debts = ledger[(ledger["balance"] > 0) & (ledger["status"] != "不納欠損")]
    rows: list[dict] = []

    def flag(selected: pd.DataFrame, kind: str, explain) -> None:
        for record in selected.itertuples(index=False):
            rows.append({"債権番号": record.receivable_id, "ケース番号": record.case_number, "担当": record.caseworker_name,
                         "警告": kind, "内容": explain(record)})

    # 督促: none recorded although the due date passed more than demand_due_days ago.
    overdue = open_debts[_days(open_debts, "due_on", as_of) > settings.demand_due_days]
    flag(overdue[overdue["first_demand_on"].isna()], "督促の記録なし",
         lambda r: f"納期限 {_date_text(r.due_on)} から{settings.demand_due_days}日を過ぎても督促の記録がない")

    # 催告: neither a 催告 nor a payment within reminder_interval_days.
    last_contact = pd.concat([pd.to_datetime(open_debts["last_reminder_on"]), pd.to_datetime(open_debts["last_paid_on"])], axis=1).max(axis=1)
    since_contact = (pd.Timestamp(as_of) - last_contact.fillna(pd.to_datetime(open_debts["due_on"]))).dt.days
    stale = open_debts[since_contact > settings.reminder_interval_days]
    flag(stale, "1年以上催告なし", lambda r: f"最後の催告・納付から{settings.reminder_interval_days}日を超えている")

    # A death closes the case: the heirs must be searched.
    dead = open_debts[open_debts["closure_reason"].fillna("").str.contains("死亡") & (open_debts["heir_searches"] == 0)]
    flag(dead, "相続人調査なし", lambda r: "死亡により廃止されたが相続人調査の記録がない")

    # Any other closure: the residence must be checked after the closure date.
    closed = open_debts[(open_debts["household_status"] == "廃止") & ~open_debts["closure_reason"].fillna("").str.contains("死亡")]
    unchecked = closed[closed["last_residence_check_on"].isna() | (pd.to_datetime(closed["last_residence_check_on"]) < pd.to_datetime(closed["closed_on"]))]
    flag(unchecked, "廃止後の居所調査なし", lambda r: f"{_date_text(r.closed_on)} の廃止後に居所調査の記録がない")

    # Installment plans.
    planned = open_debts[open_debts["installment_count"].notna()]
    flag(planned[planned["installment_count"] > settings.installment_alert_max_payments], "分納回数が多い",
         lambda r: f"分納{int(r.installment_count)}回（{settings.installment_alert_max_payments}回超）")
    years = pd.Series([parameter("receivable_limitation_years").at(pd.Timestamp(start).date()) for start in planned["plan_start"]],
                      index=planned.index, dtype="int64")
    plan_days = (pd.to_datetime(planned["plan_end"]) - pd.to_datetime(planned["plan_start"])).dt.days
    flag(planned[plan_days > years * 365], "分納期間が時効期間を超える",
         lambda r: f"分納期間 {_date_text(r.plan_start)}〜{_date_text(r.plan_end)} が時効期間より長い")
    balloon = planned[(planned["installment_count"] > 1) & (planned["last_installment"] > settings.balloon_ratio * planned["median_installment"])]
    flag(balloon, "最終回の額が過大",
         lambda r: f"最終回 {int(r.last_installment):,}円が通常回 {int(r.median_installment):,}円の{settings.balloon_ratio}倍を超える")

    # Limitation: completed but not written off, or completing soon.
    completes = pd.to_datetime(open_debts["limitation_completes_on"])
    flag(open_debts[completes < pd.Timestamp(as_of)], "時効完成・不納欠損未処理",
         lambda r: f"時効が {_date_text(r.limitation_completes_on)} に完成している。不納欠損の処理が必要")
    soon = open_debts[(completes >= pd.Timestamp(as_of)) & ((completes - pd.Timestamp(as_of)).dt.days <= settings.limitation_warning_days)]
    flag(soon, "時効完成が近い", lambda r: f"時効完成日 {_date_text(r.limitation_completes_on)}")

    # 78条 surcharge above the legal cap on the decision date.
    art78 = ledger[ledger["article"] == "78条"]
    caps = pd.Series([parameter("art78_surcharge_rate").at(pd.Timestamp(day).date()) for day in art78["decided_on"]],
                     index=art78.index, dtype="float64")
    flag(art78[art78["surcharge"] > art78["amount"] * caps], "加算金が上限超過", lambda r: f"加算金 {int(r.surcharge):,}円が法定上限を超える")

    alerts = pd.DataFrame(rows, columns=ALERT_COLUMNS)
    return alerts.sort_values(["警告", "債権番号"], kind="stable", ignore_index=True)
