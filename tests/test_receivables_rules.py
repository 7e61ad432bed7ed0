"""Tests of the receivables rules: limitation dates, the 63条/78条 amounts, the checklist."""

import datetime as dt

import pytest

from seiho.errors import ParameterError
from seiho.receivables.calculation import AllowedItem, calculate_art63, calculate_art78
from seiho.receivables.checklist import suggest_article
from seiho.receivables.limitation import LimitationEvent, limitation_of, period_end

D = dt.date


@pytest.mark.parametrize(
    ("event_day", "years", "months", "expected"),
    [
        (D(2020, 3, 31), 5, 0, D(2025, 3, 31)),   # plain case: same day five years on
        (D(2024, 12, 31), 5, 0, D(2029, 12, 31)),  # year end
        (D(2024, 2, 28), 5, 0, D(2029, 2, 28)),    # period starts Feb 29, no Feb 29 in 2029: month end
        (D(2024, 2, 29), 5, 0, D(2029, 2, 28)),    # starts Mar 1, ends the day before Mar 1
        (D(2025, 8, 31), 0, 6, D(2026, 2, 28)),    # six months from Aug 31: starts Sep 1, ends Feb 28
        (D(2025, 1, 15), 0, 6, D(2025, 7, 15)),
    ],
)
def test_period_end_boundaries(event_day, years, months, expected):
    assert period_end(event_day, years=years, months=months) == expected


def test_limitation_without_events():
    result = limitation_of(D(2020, 5, 31), [], D(2026, 1, 1))
    assert result.completes_on == D(2025, 5, 31)


def test_limitation_completed_day_after():
    result = limitation_of(D(2020, 5, 31), [], D(2026, 1, 1))
    assert not result.completed(D(2025, 5, 31))
    assert result.completed(D(2025, 6, 1))


def test_limitation_renewed_by_payment():
    result = limitation_of(D(2020, 5, 31), [LimitationEvent("納付", D(2023, 1, 10))], D(2026, 1, 1))
    assert result.completes_on == D(2028, 1, 10)


def test_limitation_renewed_by_first_demand_only():
    events = [LimitationEvent("督促", D(2020, 6, 20)), LimitationEvent("督促", D(2022, 6, 20))]
    result = limitation_of(D(2020, 5, 31), events, D(2026, 1, 1))
    assert result.completes_on == D(2025, 6, 20)
    assert result.ignored[0][1] == "2回目以降の督促"


def test_limitation_reminder_suspends_six_months():
    result = limitation_of(D(2020, 5, 31), [LimitationEvent("催告", D(2025, 3, 1))], D(2026, 1, 1))
    assert result.completes_on == D(2025, 9, 1)


def test_limitation_second_reminder_no_effect():
    events = [LimitationEvent("催告", D(2025, 3, 1)), LimitationEvent("催告", D(2025, 8, 1))]
    result = limitation_of(D(2020, 5, 31), events, D(2026, 1, 1))
    assert result.completes_on == D(2025, 9, 1)


def test_limitation_early_reminder_no_extension():
    result = limitation_of(D(2020, 5, 31), [LimitationEvent("催告", D(2021, 3, 1))], D(2026, 1, 1))
    assert result.completes_on == D(2025, 5, 31)


def test_limitation_ignores_events_after_completion():
    result = limitation_of(D(2020, 5, 31), [LimitationEvent("納付", D(2025, 6, 1))], D(2026, 1, 1))
    assert result.completes_on == D(2025, 5, 31)


def test_limitation_on_completion_day_counts():
    result = limitation_of(D(2020, 5, 31), [LimitationEvent("納付", D(2025, 5, 31))], D(2026, 1, 1))
    assert result.completes_on == D(2030, 5, 31)


def test_limitation_ignores_future_events():
    result = limitation_of(D(2020, 5, 31), [LimitationEvent("納付", D(2024, 1, 1))], D(2023, 1, 1))
    assert result.completes_on == D(2025, 5, 31)


def test_limitation_heir_search_no_effect():
    result = limitation_of(D(2020, 5, 31), [LimitationEvent("相続人調査", D(2024, 1, 1))], D(2026, 1, 1))
    assert result.completes_on == D(2025, 5, 31)


def test_art63_subtracts_items_in_order():
    items = [AllowedItem("自立更生費（住宅の補修）", 120_000, "見積書 2026-04-01"), AllowedItem("資力の取得に要した費用", 30_000, "領収書")]
    calculation = calculate_art63(1_000_000, 2_000_000, items)
    assert calculation.amount == 850_000
    assert [step.amount for step in calculation.steps] == [1_000_000, 880_000, 850_000, 850_000]


def test_art63_capped_by_assistance_paid():
    calculation = calculate_art63(1_000_000, 600_000, [])
    assert calculation.amount == 600_000
    assert "法第63条" in calculation.steps[-2].explanation


def test_art63_floor_at_zero():
    calculation = calculate_art63(10_000, 600_000, [AllowedItem("葬祭等の費用", 50_000, "領収書")])
    assert calculation.amount == 0


def test_art63_rejects_unknown_item():
    with pytest.raises(ParameterError, match="一覧にありません"):
        calculate_art63(10_000, 600_000, [AllowedItem("旅行", 5_000, "なし")])


def test_art63_rejects_item_without_basis():
    with pytest.raises(ParameterError, match="根拠"):
        calculate_art63(10_000, 600_000, [AllowedItem("葬祭等の費用", 5_000, "  ")])


def test_art63_rejects_negative_resources():
    with pytest.raises(ParameterError, match="0以上の整数"):
        calculate_art63(-1, 600_000, [])


def test_art63_trace_as_text():
    text = calculate_art63(500_000, 600_000, [AllowedItem("葬祭等の費用", 50_000, "領収書")]).as_text()
    assert "2. 控除: 葬祭等の費用: 450,000円" in text


def test_art78_surcharge_rounds_down():
    calculation = calculate_art78(123_457, 0.4, D(2026, 1, 1))
    assert calculation.surcharge == 49_382


def test_art78_rate_above_cap_rejected():
    with pytest.raises(ParameterError, match="上限"):
        calculate_art78(100_000, 0.41, D(2026, 1, 1))


def test_art78_before_cap_existed_rejected():
    with pytest.raises(ParameterError, match="定められていません"):
        calculate_art78(100_000, 0.1, D(2014, 6, 30))


def test_checklist_office_caused_suggests_63():
    suggestion = suggest_article({"office_caused": True, "duty_explained": True, "false_declaration_evidence": True, "meeting_held": True})
    assert suggestion.article == "63条"


def test_checklist_fraud_evidence_suggests_78():
    suggestion = suggest_article({"office_caused": False, "duty_explained": True, "false_declaration_evidence": True, "meeting_held": True})
    assert suggestion.article == "78条"
    assert "虚偽の申告を示す資料がある" in suggestion.reasons


def test_checklist_unexplained_duty_not_78():
    suggestion = suggest_article({"office_caused": False, "duty_explained": False, "false_declaration_evidence": True, "meeting_held": True})
    assert suggestion.article != "78条"


def test_checklist_unexpected_resources_suggests_63():
    suggestion = suggest_article({"office_caused": False, "duty_explained": True, "resources_unexpected": True,
                                  "false_declaration_evidence": False, "declaration_submitted": False, "meeting_held": True})
    assert suggestion.article == "63条"


def test_checklist_empty_is_undecided():
    suggestion = suggest_article({})
    assert suggestion.article == "判断保留"
    assert len(suggestion.open_questions) == 6


def test_checklist_without_meeting_says_so():
    suggestion = suggest_article({"office_caused": True})
    assert any("ケース診断会議が未開催" in reason for reason in suggestion.reasons)


def test_checklist_rejects_unknown_key():
    with pytest.raises(ParameterError, match="一覧にありません"):
        suggest_article({"guess": True})


def test_checklist_text_says_people_decide():
    assert "決定はケース診断会議で行う" in suggest_article({"office_caused": True}).as_text()
