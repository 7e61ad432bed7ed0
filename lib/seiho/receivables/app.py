"""The 債権管理 dashboard app: monitor, alerts, handover and one receivable's ledger."""

import datetime as dt
import html
import logging

import ipywidgets as widgets

from seiho.access import User
from seiho.errors import SeihoError
from seiho.receivables.demo_history import ensure_demo_history
from seiho.receivables.handover import handover_overview
from seiho.receivables.history import receivable_history
from seiho.receivables.monitor import receivables_monitor
from seiho.store import Store
from seiho.ui.formatting import frame_to_html, summary_to_html

log = logging.getLogger(__name__)

TAB_TITLES = ["警告", "集計", "月別推移", "分納の未納", "時効完成が近い", "廃止ケース引継ぎ", "債権の詳細"]
MONEY = ("決定額", "収納額", "未収額", "未納の分納額", "金額", "不納欠損額")


def _percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


class ReceivablesApp(widgets.VBox):
    """Show the monitor for a chosen day and drill down to one receivable.

    TODO: decisions, payments, events and handover checks are recorded with
    ``seiho receivables`` or the library; the dashboard only reads them.
    """

    def __init__(self, store: Store, user: User, as_of: dt.date | None = None):
        self.store = store
        self.user = user
        with store.connect() as connection:
            ensure_demo_history(connection)

        self.as_of = widgets.DatePicker(description="基準日", value=as_of or dt.date.today())
        self.refresh_button = widgets.Button(description="更新", button_style="primary")
        self.status = widgets.HTML()
        self.summary = widgets.HTML()
        self.tabs = widgets.Tab(children=[widgets.HTML() for _ in TAB_TITLES[:-1]] + [widgets.VBox()])
        self.tabs.titles = TAB_TITLES
        self.receivable = widgets.Dropdown(options=[], description="債権", layout=widgets.Layout(width="98%"))
        self.detail = widgets.HTML()
        self.tabs.children[-1].children = [self.receivable, self.detail]

        self.refresh_button.on_click(lambda _: self.refresh())
        self.receivable.observe(self._on_select, names="value")
        super().__init__([widgets.HTML('<div class="seiho-title">債権管理</div>'), widgets.HBox([self.as_of, self.refresh_button]),
                          self.status, self.summary, self.tabs])
        self.add_class("seiho-app")
        self.refresh()

    def refresh(self) -> None:
        """Rebuild every table for the chosen day."""
        day = self.as_of.value or dt.date.today()
        try:
            monitor = receivables_monitor(self.store, self.user, day)
            handover = handover_overview(self.store, self.user)
        except SeihoError as error:
            self.status.value = f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'
            return

        rates = monitor.collection
        self.summary.value = summary_to_html({
            "債権の件数": len(monitor.ledger), "警告の件数": len(monitor.alerts),
            "決定額累計": f"{rates['決定額累計']:,}円", "収納額累計": f"{rates['収納額累計']:,}円",
            "累計収納率": _percent(rates["累計収納率"]), "今年度の収納率": _percent(rates["今年度の収納率"]),
        })
        tables = [
            frame_to_html(monitor.alerts, "警告はありません。"),
            "<h4>根拠条文別</h4>" + frame_to_html(monitor.by_article, "債権はありません。", MONEY)
            + "<h4>状態別</h4>" + frame_to_html(monitor.by_status, "債権はありません。", MONEY)
            + "<h4>経過年数別（未収のもの）</h4>" + frame_to_html(monitor.by_ageing, "未収の債権はありません。", MONEY)
            + "<h4>担当別</h4>" + frame_to_html(monitor.by_caseworker, "債権はありません。", MONEY),
            frame_to_html(monitor.monthly_trend, "この期間の決定・収納はありません。", MONEY),
            frame_to_html(monitor.overdue_installments, "納期限を過ぎた分納はありません。", MONEY),
            frame_to_html(monitor.limitation_soon, f"{monitor.settings.limitation_warning_days}日以内に時効が完成する債権はありません。", MONEY),
            frame_to_html(handover, "引継ぎの確認が必要な廃止ケースはありません。", MONEY),
        ]
        for tab, content in zip(self.tabs.children, tables):
            tab.value = content
        ledger = monitor.ledger
        self.receivable.options = [("選んでください", None)] + [
            (f"{row.receivable_id}　{row.case_number}　{row.article}　未収 {int(row.balance):,}円", row.receivable_id)
            for row in ledger.itertuples()
        ]
        self.status.value = f'<p class="seiho-note">{day.year}年{day.month}月{day.day}日時点の債権 {len(ledger)} 件を表示しています。</p>'

    def _on_select(self, change) -> None:
        if change["new"]:
            self.show(change["new"])

    def show(self, receivable_id: str) -> None:
        """Show one receivable's plan, payments, events and limitation."""
        try:
            history = receivable_history(self.store, self.user, receivable_id, self.as_of.value or dt.date.today())
        except SeihoError as error:
            self.detail.value = f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'
            return
        row = history.receivable
        limitation = history.limitation
        self.detail.value = (
            summary_to_html({"債権番号": row.receivable_id, "ケース番号": row.case_number, "根拠条文": row.article,
                             "発生原因": row.basis_category, "決定日": row.decided_on, "納期限": row.due_on,
                             "決定額": f"{row.amount:,}円", "加算金": f"{row.surcharge:,}円",
                             "収納額": f"{row.paid_amount:,}円", "未収額": f"{row.balance:,}円", "状態": row.status,
                             "時効完成日": limitation.completes_on if limitation else None})
            + "<h4>分納計画</h4>" + frame_to_html(history.installments, "分納計画はありません。", MONEY)
            + "<h4>納付</h4>" + frame_to_html(history.payments, "納付の記録はありません。", MONEY)
            + "<h4>督促・催告などの記録</h4>" + frame_to_html(history.events, "記録はありません。")
        )
