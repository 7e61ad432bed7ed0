"""Tests of the drafter: normalisation, supersession, evidence, needs_check and typed notes."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from seiho.drafting import (
    SourceSegment, draft_record, find_values, normalise_text, numbers_in, segments_from_notes, unsupported_numbers,
)
from seiho.drafting.numerals import parse_number
from seiho.drafting.plain import plain_form
from seiho.errors import ParameterError

RECORDED_ON = dt.date(2026, 4, 14)  # a Tuesday
CASES = Path(__file__).resolve().parents[2] / "shared" / "cases" / "dev"


def segments(*texts, speaker=None):
    return [SourceSegment(index, index * 5.0, index * 5.0 + 4.0, text, speaker) for index, text in enumerate(texts)]


def draft_text(draft):
    return "".join(sentence.text for sentence in draft.sentences)


@pytest.mark.parametrize(("spoken", "number"), [
    ("四万六千", 46000), ("二十二万五千", 225000), ("4万5千", 45000), ("２３，０００", 23000),
    ("十二万二千八百", 122800), ("百八十万", 1800000), ("二〇", 20),
])
def test_parse_number_spoken_forms(spoken, number):
    assert parse_number(spoken) == number


@pytest.mark.parametrize(("spoken", "written"), [
    ("五十一歳です。", "51歳です。"),
    ("家賃は四万六千円です。", "家賃は46,000円です。"),
    ("１２，０００円です。", "12,000円です。"),
    ("全角で１２歳。", "全角で12歳。"),
    ("月に十万くらい。", "月に100,000くらい。"),
    ("令和七年の十二月の末まで。", "令和7年12月の末まで。"),
    ("二月の十五日に入った。", "2月15日に入った。"),
    ("妻と二人です。", "妻と2人です。"),
    ("一緒に考えます。", "一緒に考えます。"),
    ("十分です。", "十分です。"),
])
def test_normalise_numbers_written_form(spoken, written):
    assert normalise_text(spoken) == written


@pytest.mark.parametrize(("spoken", "written"), [
    ("来週の火曜日に伺います。", "4月21日（火）に伺います。"),
    ("来週の木曜日の午前中に", "4月23日（木）の午前中に"),
    ("今週の金曜日まで", "4月17日（金）まで"),
    ("明日電話します。", "4月15日（水）電話します。"),
    ("今月末までに", "4月末（4月30日）までに"),
])
def test_normalise_relative_dates(spoken, written):
    assert normalise_text(spoken, RECORDED_ON) == written


def test_find_values_kinds():
    values = find_values(normalise_text("家賃が四万六千円、五十一歳、十四日以内、三人、四月二十三日"))
    assert [(value.kind, value.number) for value in values] == [
        ("yen", 46000), ("age", 51), ("days", 14), ("persons", 3), ("date", 423),
    ]


def test_supersession_later_value_wins():
    draft = draft_record(segments("家賃はいや、4万5千じゃなくて4万6千です。"), "intake", RECORDED_ON)
    assert 46000 in numbers_in(draft_text(draft))
    assert 45000 not in numbers_in(draft_text(draft))


def test_supersession_with_filler_cue():
    draft = draft_record(segments("家賃が四万五千、あ、いや、四万六千円です。"), "intake", RECORDED_ON)
    text = draft_text(draft)
    assert "46,000円" in text
    assert "45,000" not in text
    assert draft.sentences[0].needs_check


def test_supersession_denied_value_dropped():
    draft = draft_record(segments("日給が九千円で、月に十万くらい。いや、十万はいかないです。"), "visit", RECORDED_ON)
    numbers = numbers_in(draft_text(draft))
    assert 9000 in numbers
    assert 100000 not in numbers


def test_supersession_across_segments():
    draft = draft_record(segments("家賃は四万五千円ですね。", "いや、四万六千円です。"), "intake", RECORDED_ON)
    numbers = numbers_in(draft_text(draft))
    assert 46000 in numbers
    assert 45000 not in numbers


def test_supersession_keeps_listed_values():
    draft = draft_record(segments("三月が九万九千円、四月が八万一千円ですね。"), "visit", RECORDED_ON)
    numbers = numbers_in(draft_text(draft))
    assert {99000, 81000} <= numbers


def test_evidence_links_to_source_segment():
    source = segments("家賃は四万六千円です。", "預貯金は二万三千円くらいです。", "来週の火曜日に伺います。")
    draft = draft_record(source, "intake", RECORDED_ON)
    by_field = {sentence.field: sentence for sentence in draft.sentences}
    assert by_field["家賃"].evidence == (0,)
    assert by_field["預貯金・資産"].evidence == (1,)
    assert "4月21日（火）" in by_field["次回訪問"].text


def test_answer_inherits_question_field():
    source = segments("ご家賃はおいくらですか。", "四万六千円です。")
    draft = draft_record(source, "intake", RECORDED_ON)
    assert draft.sentences[0].field == "家賃"
    assert draft.sentences[0].evidence == (0, 1)


def test_no_invented_value_in_draft():
    source = segments(
        "年金は二か月で十二万八千二百円。あ、違う、ごめんなさい、十二万二千八百円です。",
        "来週の木曜日の午前十時に伺います。",
        "家賃は三万八千円で、共益費が二千円です。",
    )
    draft = draft_record(source, "phone", RECORDED_ON)
    assert unsupported_numbers(draft, source) == []
    assert 128200 not in numbers_in(draft_text(draft))


def test_unsupported_numbers_finds_foreign_value():
    source = segments("家賃は四万六千円です。")
    draft = draft_record(source, "intake", RECORDED_ON)
    draft.sentences[0] = draft.sentences[0].__class__("家賃", "家賃は47,000円とのこと。", (0,))
    problems = unsupported_numbers(draft, source)
    assert [set(problem.numbers) for problem in problems] == [{47000}]


def test_needs_check_for_flagged_segment():
    flagged = SourceSegment(0, 0.0, 3.0, "家賃は四万六千円です。", None, flags=("繰り返し",))
    draft = draft_record([flagged], "intake", RECORDED_ON)
    assert draft.sentences[0].needs_check
    assert draft.sentences[0].text.endswith("（要確認）")
    assert "繰り返し" in draft.sentences[0].note


def test_needs_check_for_unplaced_number():
    draft = draft_record(segments("それは三万円くらいでした。"), "visit", RECORDED_ON)
    assert draft.sentences[0].field == "その他"
    assert draft.sentences[0].needs_check


def test_needs_check_for_misgrouped_amount():
    draft = draft_record(segments("年金は12,2800円です。"), "visit", RECORDED_ON)
    sentence = next(sentence for sentence in draft.sentences if "12,2800" in sentence.text)
    assert sentence.needs_check
    assert sentence.text.endswith("（要確認）")
    assert "12,2800" in sentence.note


def test_well_grouped_amount_not_flagged():
    draft = draft_record(segments("年金は122,800円です。"), "visit", RECORDED_ON)
    assert not draft.sentences[0].needs_check


def test_thanks_left_out_of_draft():
    draft = draft_record(segments("家賃は四万六千円です。", "はーいありがとうございます。"), "visit", RECORDED_ON)
    assert "ありがとう" not in draft_text(draft)


@pytest.mark.parametrize(("polite", "plain"), [
    ("在庫はございません", "在庫はない"),
    ("通帳がございました", "通帳があった"),
    ("こちらが通帳でございます", "こちらが通帳である"),
    ("ありがとうございました", "ありがとう"),
])
def test_plain_form_gozaimasu(polite, plain):
    assert plain_form(polite) == plain


def test_written_style_endings():
    source = segments("車は去年の秋に売りました。", "申請は法律で認められた権利です。", speaker=None)
    source[1] = SourceSegment(1, 5.0, 9.0, "申請は法律で認められた権利です。", "CW")
    draft = draft_record(source, "intake", RECORDED_ON)
    texts = [sentence.text for sentence in draft.sentences]
    assert "車は去年の秋に売ったとのこと。" in texts
    assert "申請は法律で認められた権利旨を説明。" in texts


def test_render_heading_and_fields():
    draft = draft_record(segments("家賃は四万六千円です。"), "intake", RECORDED_ON)
    rendered = draft.render()
    assert rendered.startswith("令和8年4月14日、来所面接。")
    assert "【家賃】" in rendered
    assert draft.record_type == "面接記録票"


def test_visit_and_phone_are_case_records():
    assert draft_record(segments("体調はいいです。"), "visit", RECORDED_ON).record_type == "ケース記録"
    assert draft_record(segments("体調はいいです。"), "home_visit", RECORDED_ON).kind == "visit"
    assert draft_record(segments("体調はいいです。"), "phone", RECORDED_ON).record_type == "ケース記録"


def test_unknown_kind_rejected():
    with pytest.raises(ParameterError, match="intake"):
        draft_record(segments("体調はいいです。"), "letter", RECORDED_ON)


def test_notes_one_segment_per_sentence():
    notes = segments_from_notes("CW: 家賃はいくらですか。\n\n本人：四万六千円です。通帳は一冊です。\n")
    assert [segment.text for segment in notes] == ["家賃はいくらですか。", "四万六千円です。", "通帳は一冊です。"]
    assert [segment.speaker for segment in notes] == ["CW", "本人", "本人"]
    assert [segment.start for segment in notes] == [1.0, 3.0, 3.0]


def _case_files():
    return sorted(CASES.glob("dev-*.yaml")) if CASES.exists() else []


@pytest.mark.skipif(not _case_files(), reason="worked cases are not beside the repository")
@pytest.mark.parametrize("path", _case_files(), ids=lambda path: path.stem)
def test_worked_case_draft_invents_nothing(path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = [SourceSegment(index, float(index), index + 1.0, line["text"], line["speaker"]) for index, line in enumerate(case["script"])]
    draft = draft_record(source, case["kind"], case["date"])
    values = {(value.kind, value.number) for value in find_values(draft_text(draft))}
    numbers = numbers_in(draft_text(draft))
    superseded = set()
    for item in case["expected"]["must_not_appear"]:
        superseded |= {(value.kind, value.number) for value in find_values(normalise_text(item))}

    assert unsupported_numbers(draft, source) == []
    assert values & superseded == set()
    assert {number for kind, number in superseded if kind == "yen"} & numbers == set()


def test_supersession_opening_cue_next_segment():
    draft = draft_record(segments("上の男の子が十歳。", "あ、先月誕生日だったので十一歳です。"), "intake", RECORDED_ON)
    values = {(value.kind, value.number) for value in find_values(draft_text(draft))}
    assert ("age", 11) in values
    assert ("age", 10) not in values


def test_supersession_denial_heard_wrongly():
    draft = draft_record(segments("日給が9000円で月に10万くらい", "いや10万倍かないです。"), "visit", RECORDED_ON)
    numbers = numbers_in(draft_text(draft))
    assert 100000 not in numbers
    assert 9000 in numbers


def test_supersession_keeps_only_amount():
    draft = draft_record(segments("預金は3万円しかないです。"), "intake", RECORDED_ON)
    assert 30000 in numbers_in(draft_text(draft))


def test_needs_check_for_speech_segment():
    speech = pytest.importorskip("seiho.speech")
    from seiho.lexicon import correct_text

    corrected = correct_text("やちんは四万六千円です。")
    segment = speech.Segment(
        segment_id=0, start=0.0, end=3.0, text=corrected.text, original_text=corrected.original,
        corrections=corrected.corrections, avg_logprob=-0.2, no_speech_prob=0.1,
    )
    draft = draft_record([segment], "intake", RECORDED_ON)
    assert draft.sentences[0].field == "家賃"
    assert draft.sentences[0].needs_check
    assert "やちん→家賃" in draft.sentences[0].note


def test_needs_check_for_low_confidence():
    unsure = SourceSegment(0, 0.0, 3.0, "家賃は四万六千円です。", None, avg_logprob=-1.4)
    draft = draft_record([unsure], "intake", RECORDED_ON)
    assert draft.sentences[0].needs_check
    assert "確からしさ" in draft.sentences[0].note


def test_draft_long_unpunctuated_notes():
    long_line = "家賃は四万六千円です" + "あ" * 30000
    draft = draft_record(segments_from_notes(long_line), "intake", RECORDED_ON)
    assert 46000 in numbers_in(draft_text(draft))


def test_supersession_bare_whisper_amounts():
    draft = draft_record(segments("ヤチンが45000 アイヤ46000円です"), "intake", RECORDED_ON)
    numbers = numbers_in(draft_text(draft))
    assert 46000 in numbers
    assert 45000 not in numbers


def test_normalise_keeps_phone_number():
    assert normalise_text("電話は0312345678です。") == "電話は0312345678です。"


@pytest.mark.parametrize(("spoken", "written"), [
    ("車は前に持ってたんですけど", "車は前に持っていたとのこと。"),
    ("給料だけでは足りなくて", "給料だけでは足りないとのこと。"),
    ("毎月3,000円払ってますが", "毎月3,000円払っているとのこと。"),
    ("保険は入っていませんでした", "保険は入っていなかったとのこと。"),
    ("ハローワークには週に1回行ってます", "ハローワークには週に1回行っているとのこと。"),
    ("入院前の物は全部捨てました", "入院前の物は全部捨てたとのこと。"),
    ("2月から行ってないです", "2月から行っていないとのこと。"),
])
def test_compose_person_remark_plain(spoken, written):
    from seiho.drafting.compose import compose_sentence

    assert compose_sentence(spoken, "収入", caseworker=False, confirmation=False, needs_check=False) == written


@pytest.mark.parametrize(("spoken", "written"), [
    ("通帳を用意しておいてください", "通帳を用意しておいてもらうよう依頼。"),
    ("福祉事務所に来ていただけますか", "福祉事務所に来てもらうよう依頼。"),
    ("その点はご安心ください", "その点は安心するよう伝えた。"),
])
def test_compose_caseworker_request(spoken, written):
    from seiho.drafting.compose import compose_sentence

    assert compose_sentence(spoken, "今後の方針", caseworker=True, confirmation=False, needs_check=False) == written


def test_draft_marks_number_without_evidence(monkeypatch):
    import seiho.drafting.draft as drafter

    # A rule that wrote a number the transcript lacks must not go unnoticed.
    monkeypatch.setattr(drafter, "compose_sentences", lambda parts, *args: "家賃は47,000円とのこと。")
    draft = draft_record(segments("家賃は四万六千円です。"), "intake", RECORDED_ON)
    assert draft.sentences[0].needs_check
    assert draft.sentences[0].text.endswith("（要確認）")
    assert "根拠の発言にない数字" in draft.sentences[0].note


def test_unlabelled_explanation_is_caseworkers():
    draft = draft_record(segments("生活保護の申請は法律で認められた権利でどなたでもできます"), "intake", RECORDED_ON)
    assert draft.sentences[0].field == "説明事項"
    assert draft.sentences[0].text.endswith("旨を説明。")


@pytest.mark.parametrize(("spoken", "caseworker", "confirmation", "question", "written"), [
    ("3月が99,000円、4月が81,000円ですね", True, True, False, "3月が99,000円、4月が81,000円を確認。"),
    ("4月2日に退院されたんですよね", True, True, False, "4月2日に退院された旨を確認。"),
    ("注射は、1人でできそうですか", True, False, True, "注射は、1人でできそうか確認。"),
    ("10,000円も言わなきゃいけないんですか", False, False, True, "10,000円も言わなきゃいけないかとの質問あり。"),
])
def test_compose_confirmation_and_question(spoken, caseworker, confirmation, question, written):
    from seiho.drafting.compose import compose_sentence

    assert compose_sentence(spoken, "収入", caseworker, confirmation, False, question) == written


def test_supersession_ignores_added_topic():
    draft = draft_record(segments("日給は9000円で、あ、それと交通費が500円です。"), "visit", RECORDED_ON)
    numbers = numbers_in(draft_text(draft))
    assert 9000 in numbers
    assert 500 in numbers
