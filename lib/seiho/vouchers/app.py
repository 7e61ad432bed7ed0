"""The 医療券・介護券 dashboard: the month's vouchers by institution, PDFs, institution search, 医療要否意見書."""

import base64
import datetime as dt
import html
import logging
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from seiho.access import Role, User
from seiho.errors import SeihoError
from seiho.paths import reports_dir
from seiho.store import Store
from seiho.ui.formatting import frame_to_html, summary_to_html
from seiho.vouchers.decisions import decide_requests, pending_requests
from seiho.vouchers.institutions import confusable_institutions, search_institutions
from seiho.vouchers.opinions import opinion_status
from seiho.vouchers.printing import print_rosters, print_sheets
from seiho.vouchers.records import voucher_lines

log = logging.getLogger(__name__)

TAB_TITLES = ["券の一覧", "医療扶助の決定", "医療機関検索", "医療要否意見書"]
# PDFs up to this size are also offered as a link inside the page.
INLINE_LINK_MAX_BYTES = 5_000_000


def institution_table(lines) -> pd.DataFrame:
    """Return one row per institution: code, name, counts of 単独 and 併用, and the sum of 本人支払額."""
    frame = pd.DataFrame({
        "医療機関コード": [line.institution_code for line in lines],
        "医療機関名": [line.institution_name for line in lines],
        "券": [line.voucher_kind for line in lines],
        "単独": [int(not line.with_insurance) for line in lines],
        "併用": [int(line.with_insurance) for line in lines],
        "本人支払額": [line.copayment for line in lines],
    })
    if frame.empty:
        return frame
    grouped = frame.groupby(["医療機関コード", "医療機関名", "券"], as_index=False).agg(
        件数=("単独", "size"), 単独=("単独", "sum"), 併用=("併用", "sum"), 本人支払額=("本人支払額", "sum"))
    return grouped


def _institutions_frame(institutions) -> pd.DataFrame:
    return pd.DataFrame([{
        "医療機関コード": item.institution_code, "名称": item.name, "郵便番号": item.postal_code or "",
        "住所": item.address or "", "生活保護法指定": "指定" if item.designated else "—",
    } for item in institutions])


def _error(error: SeihoError) -> str:
    return f'<p class="seiho-error">{html.escape(error.message_ja)}</p>'


class VoucherApp(widgets.VBox):
    """List the month's vouchers, write 連名簿 and 単票 PDFs, search institutions and track opinions."""

    def __init__(self, store: Store, user: User, month: dt.date | None = None, output_dir: Path | None = None):
        self.store = store
        self.user = user
        self.output_dir = Path(output_dir) if output_dir else reports_dir() / "vouchers"

        self.month = widgets.DatePicker(description="診療年月", value=(month or dt.date.today()).replace(day=1))
        self.refresh_button = widgets.Button(description="表示", button_style="primary")
        self.status = widgets.HTML()
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.institution = widgets.Text(description="医療機関コード", placeholder="10桁（空欄は全機関）")
        self.roster_button = widgets.Button(description="連名簿PDF")
        self.sheet_button = widgets.Button(description="単票PDF")
        self.output = widgets.HTML()
        self.search_text = widgets.Text(description="検索", placeholder="コード・名称・住所")
        self.designated_only = widgets.Checkbox(description="指定医療機関のみ", value=False)
        self.search_button = widgets.Button(description="検索")
        self.search_result = widgets.HTML()
        self.opinions = widgets.HTML()
        self.requests = widgets.SelectMultiple(options=[], description="申請", rows=8, layout=widgets.Layout(width="98%"))
        self.decide_button = widgets.Button(description="選んだ申請を決定", button_style="primary")
        self.reject_button = widgets.Button(description="選んだ申請を却下")
        self.decision_result = widgets.HTML()

        vouchers_tab = widgets.VBox([self.summary, self.table, widgets.HBox([self.institution, self.roster_button, self.sheet_button]), self.output])
        search_tab = widgets.VBox([widgets.HBox([self.search_text, self.designated_only, self.search_button]), self.search_result])
        decisions_tab = widgets.VBox([self.requests, widgets.HBox([self.decide_button, self.reject_button]), self.decision_result])
        self.tabs = widgets.Tab(children=[vouchers_tab, decisions_tab, search_tab, self.opinions])
        self.tabs.titles = TAB_TITLES

        self.refresh_button.on_click(lambda _: self.refresh())
        self.roster_button.on_click(lambda _: self.write_pdf("roster"))
        self.sheet_button.on_click(lambda _: self.write_pdf("sheet"))
        self.search_button.on_click(lambda _: self.search())
        self.decide_button.on_click(lambda _: self.decide(reject=False))
        self.reject_button.on_click(lambda _: self.decide(reject=True))
        super().__init__([widgets.HTML('<div class="seiho-title">医療券・介護券</div>'), widgets.HBox([self.month, self.refresh_button]),
                          self.status, self.tabs])
        self.add_class("seiho-app")
        self.refresh()

    def chosen_month(self) -> dt.date:
        """Return the first day of the chosen month."""
        return (self.month.value or dt.date.today()).replace(day=1)

    def refresh(self) -> None:
        """Show the month's vouchers by institution and the opinions needing action."""
        month = self.chosen_month()
        try:
            lines = voucher_lines(self.store, self.user, month)
            opinions = opinion_status(self.store, self.user, dt.date.today())
        except SeihoError as error:
            self.status.value = _error(error)
            return

        self.status.value = ""
        self.summary.value = summary_to_html({
            "券の枚数": len(lines),
            "医療券": sum(1 for line in lines if line.voucher_kind == "医療券"),
            "調剤券": sum(1 for line in lines if line.voucher_kind == "調剤券"),
            "介護券": sum(1 for line in lines if line.voucher_kind == "介護券"),
            "単独": sum(1 for line in lines if not line.with_insurance),
            "併用": sum(1 for line in lines if line.with_insurance),
        }, pairs_per_row=3)
        self.table.value = frame_to_html(institution_table(lines), f"{month.year}年{month.month}月の券はありません。", ("本人支払額",))
        self.opinions.value = frame_to_html(opinions, "対応が必要な医療要否意見書はありません。")
        self.load_requests()

    def load_requests(self) -> None:
        """List the pending 医療扶助 requests for the medical clerk, the admin and the supervisor."""
        if self.user.role not in (Role.MEDICAL_CLERK, Role.ADMIN, Role.SUPERVISOR):
            self.requests.options = []
            self.decision_result.value = '<p class="seiho-note">医療扶助の決定は医療担当が行います。</p>'
            return
        frame = pending_requests(self.store, self.user)
        self.requests.options = [
            (f"{row['申請日']:%Y-%m-%d} {row['ケース番号']}-{row['世帯員番号']} {row['氏名']} {row['診療別']} {row['医療機関コード']} {row['医療機関名'] or ''}",
             row["申請ID"])
            for _, row in frame.iterrows()
        ]
        if frame.empty:
            self.decision_result.value = '<p class="seiho-note">決定を待つ申請はありません。</p>'

    def decide(self, reject: bool) -> None:
        """Decide the selected requests for the chosen month as one batch, or reject them (却下)."""
        chosen = list(self.requests.value)
        try:
            if reject:
                batch = decide_requests(self.store, self.user, [], self.chosen_month(), dt.date.today(), reject=chosen)
            else:
                batch = decide_requests(self.store, self.user, chosen, self.chosen_month(), dt.date.today())
        except SeihoError as error:
            self.decision_result.value = _error(error)
            return

        issued = "、".join(voucher.issue_number for voucher in batch.issued)
        message = f"{len(batch.issued)} 件を決定し、券を交付しました（交付番号 {issued}）。" if batch.issued else ""
        if batch.rejected:
            message += f"{len(batch.rejected)} 件を却下しました。"
        self.refresh()
        self.decision_result.value = f'<p class="seiho-note">{html.escape(message)}</p>'

    def write_pdf(self, kind: str) -> Path | None:
        """Write the 連名簿 or the 単票 of the month (one institution, or all) and show where it went."""
        month = self.chosen_month()
        code = self.institution.value.strip() or None
        folder = self.output_dir / f"{month:%Y-%m}"
        name = f"{'連名簿' if kind == 'roster' else '単票'}_{month:%Y%m}_{code or '全機関'}.pdf"
        try:
            if kind == "roster":
                document = print_rosters(self.store, self.user, month, folder / name, code)
                described = f"{len(document.rosters)} 機関・{document.count} 件"
            else:
                document = print_sheets(self.store, self.user, month, folder / name, institution_code=code)
                described = f"{len(document.issue_numbers)} 枚"
        except SeihoError as error:
            self.output.value = _error(error)
            return None

        path = document.path
        link = ""
        if path.stat().st_size <= INLINE_LINK_MAX_BYTES:
            encoded = base64.b64encode(path.read_bytes()).decode("ascii")
            link = f' <a download="{html.escape(path.name)}" href="data:application/pdf;base64,{encoded}">ダウンロード</a>'
        self.output.value = f'<p class="seiho-note">{html.escape(described)}を {html.escape(str(path))} に書き出しました。{link}</p>'
        return path

    def search(self) -> None:
        """List institutions matching the search text; for an exact code, also those with near-identical names."""
        text = self.search_text.value.strip()
        try:
            found = search_institutions(self.store, self.user, text, self.designated_only.value)
            similar = []
            if len(text) == 10 and text.isdigit():
                similar = confusable_institutions(self.store, self.user, text)
        except SeihoError as error:
            self.search_result.value = _error(error)
            return

        parts = [frame_to_html(_institutions_frame(found), "該当する医療機関はありません。")]
        if similar:
            parts.append("<h4>名称が1文字違いの医療機関（取り違えに注意）</h4>" + frame_to_html(_institutions_frame(similar)))
        self.search_result.value = "".join(parts)
