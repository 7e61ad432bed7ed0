"""Render a 訪問準備 sheet and a day's stop list as escaped HTML for a 1024×768 tablet."""

import html

import pandas as pd

from seiho.ui.formatting import format_value, frame_to_html, summary_to_html
from seiho.visits.prep import PrepSheet
from seiho.visits.route_map import DayRoute

SHEET_STYLE = """
<style>
  .seiho-prep h3 { font-size: 1.05em; margin: 10px 0 4px 0; border-left: 4px solid #3b6ea5; padding-left: 6px; }
  .seiho-prep .seiho-always { background: #fff4e5; border: 1px solid #e0a040; padding: 4px 8px; }
  .seiho-prep .seiho-overdue { color: #b00020; font-weight: bold; }
  .seiho-prep table.seiho-table { font-size: 0.9em; }
</style>
"""


def sheet_html(sheet: PrepSheet) -> str:
    """Return the sheet as HTML: household, 常時把握, 定期確認, members, aid, plan and the latest records."""
    summary = {
        "ケース番号": sheet.case_number, "世帯主": sheet.head_name, "住所": sheet.address, "電話": sheet.phone or None,
        "世帯類型": sheet.household_type, "居住": sheet.housing, "保護開始": sheet.started_on, "担当": sheet.caseworker_name,
    }
    parts = [SHEET_STYLE, '<div class="seiho-prep">', summary_to_html(summary)]

    parts.append("<h3>常時把握</h3>")
    if sheet.always:
        items = "".join(f"<li><b>{html.escape(item.label)}</b> {html.escape(item.detail)}</li>" for item in sheet.always)
        parts.append(f'<ul class="seiho-always">{items}</ul>')
    else:
        parts.append('<p class="seiho-note">特に把握しておく事項はありません。</p>')

    parts.append(f"<h3>定期確認（{format_value(sheet.day)} の訪問で確認すること）</h3>")
    parts.append(_checks_html(sheet))

    members = pd.DataFrame([
        {"番号": m.member_no, "氏名": m.name, "続柄": m.relationship, "性別": m.sex, "生年月日": m.birth_date,
         "年齢": f"{m.age}歳", "障害等": m.disability}
        for m in sheet.members
    ])
    sections = [
        ("世帯員（訪問日の年齢）", members, ()),
        ("他法他施策", pd.DataFrame(sheet.other_programs), ()),
        ("収入と申告期限", pd.DataFrame(sheet.incomes), ("月額",)),
        ("医療扶助", pd.DataFrame(sheet.medical_aid), ()),
        ("介護扶助", pd.DataFrame(sheet.care_aid), ()),
        (f"今月の医療券・調剤券・介護券（{sheet.day.year}年{sheet.day.month}月）", pd.DataFrame(sheet.vouchers), ()),
    ]
    # Empty sections share one line, so the tablet screen shows what exists.
    empty = []
    for title, frame, money in sections:
        if frame.empty:
            empty.append(title)
            continue
        parts.append(f"<h3>{html.escape(title)}</h3>")
        parts.append(frame_to_html(frame, money_columns=money))
    if empty:
        parts.append(f'<p class="seiho-note">登録なし: {html.escape("、".join(empty))}</p>')

    parts.append("<h3>援助方針</h3>")
    if sheet.support_plan:
        parts.append(summary_to_html(sheet.support_plan, pairs_per_row=1))
    else:
        parts.append('<p class="seiho-note">援助方針が登録されていません。</p>')

    parts.append("<h3>最近のケース記録（3件）</h3>")
    records = pd.DataFrame([
        {"記録日": r.recorded_on, "表題": r.title, "状態": r.status, "本文": r.body} for r in sheet.latest_records
    ])
    parts.append(frame_to_html(records, "記録はありません。"))
    parts.append("</div>")
    return "".join(parts)


def _checks_html(sheet: PrepSheet) -> str:
    if not sheet.checks:
        return '<p class="seiho-note">期限が近い定期確認はありません。</p>'
    rows = []
    for item in sheet.checks:
        state = '<span class="seiho-overdue">期限経過</span>' if item.overdue else "期限内"
        rows.append(
            f"<tr><td>{html.escape(item.label)}</td><td>{html.escape(item.member or '世帯')}</td>"
            f"<td>{html.escape(format_value(item.due_on))}</td><td>{state}</td><td>{html.escape(item.basis)}</td></tr>"
        )
    header = "<tr><th>確認事項</th><th>対象</th><th>期限</th><th>状態</th><th>期限の根拠</th></tr>"
    return f'<table class="seiho-table"><thead>{header}</thead><tbody>{"".join(rows)}</tbody></table>'


def stops_html(route: DayRoute) -> str:
    """Return the day's stops as a numbered table, noting those without coordinates."""
    if not route.stops:
        return '<p class="seiho-note">この日の訪問予定はありません。</p>'
    frame = pd.DataFrame([
        {"順": stop.order, "ケース番号": stop.case_number, "世帯主": stop.head_name, "住所": stop.address,
         "訪問理由": stop.reason or None, "地図": "—" if stop.latitude is None or stop.longitude is None else "あり"}
        for stop in route.stops
    ])
    return frame_to_html(frame)
