"""Field normalisation: kana, numbers, choices; names kept exactly as given."""

import datetime as dt

import pytest

from seiho.ingest import import_files
from seiho.ingest.fields import build_converter
from seiho.ingest.layout import load_layout
from seiho.ingest.problems import FieldError

from test_ingest_fixtures import HOUSEHOLD_HEADER, MEMBER_HEADER, fetch, household_row, member_row, office, write_csv  # noqa: F401

TODAY = dt.date(2026, 12, 1)


def convert(entity: str, target: str, text: str) -> str | None:
    layout = load_layout()
    column = layout.entities[entity].column(target)
    return build_converter(column, layout, TODAY)(text)


def rejection(entity: str, target: str, text: str) -> FieldError:
    with pytest.raises(FieldError) as raised:
        convert(entity, target, text)
    return raised.value


def test_kana_half_width_made_full_width():
    assert convert("members", "name_kana", "ｶｸｳ ﾀﾛｳ") == "カクウ タロウ"


def test_kana_voiced_half_width_composed():
    assert convert("members", "name_kana", "ｶﾞｸｳ ｼﾞﾛｳ") == "ガクウ ジロウ"


def test_kana_hiragana_made_katakana():
    assert convert("members", "name_kana", "かくう たろう") == "カクウ タロウ"


def test_kana_full_width_space_unified():
    assert convert("members", "name_kana", "カクウ\u3000\u3000タロウ ") == "カクウ タロウ"


def test_kana_with_kanji_rejected():
    assert rejection("members", "name_kana", "架空 タロウ").category == "カナ以外の文字"


def test_name_converter_keeps_text():
    assert convert("members", "name", "ｶｸｳ\u3000髙橋") == "ｶｸｳ\u3000髙橋"


def test_integer_full_width_digits():
    assert convert("members", "member_no", "１２") == "12"


def test_yen_full_width_with_commas():
    assert convert("incomes", "monthly_amount", "１２，３４５円") == "12345"


def test_yen_with_yen_sign():
    assert convert("incomes", "monthly_amount", "￥8,000") == "8000"


def test_yen_decimal_rejected():
    assert rejection("incomes", "monthly_amount", "1234.5").category == "数値の誤り"


def test_yen_negative_rejected():
    assert rejection("incomes", "monthly_amount", "-100").category == "範囲外の値"


def test_member_number_out_of_range():
    assert rejection("members", "member_no", "0").category == "範囲外の値"


def test_enum_accepts_code():
    assert convert("medical_aid", "care_type", "02") == "入院外"


def test_enum_full_width_digit_normalised():
    assert convert("care_aid", "care_level", "要介護３") == "要介護3"


def test_enum_unknown_value_lists_choices():
    error = rejection("households", "status", "保護")
    assert "保護中、停止中、廃止" in error.reason


def test_required_blank_rejected():
    assert rejection("households", "head_name", "\u3000").category == "必須項目の空欄"


def test_optional_blank_is_null():
    assert convert("households", "phone", "  ") is None


def test_boolean_default_when_blank():
    assert convert("members", "in_household", "") == "true"


def test_boolean_word_accepted():
    assert convert("members", "in_household", "いいえ") == "false"


def test_postal_code_full_width_hyphenated():
    assert convert("households", "postal_code", "〒１００－０００１") == "100-0001"


def test_postal_code_lost_zero_rejected():
    error = rejection("households", "postal_code", "10010")
    assert "先頭の0が消えます" in error.reason


def test_phone_lost_zero_rejected():
    assert rejection("households", "phone", "312345678").category == "先頭の0の欠落（Excel）"


def test_birth_date_after_today_rejected():
    assert rejection("members", "birth_date", "2027-01-01").category == "未来の日付"


def test_code_exponent_rejected():
    assert rejection("incomes", "income_id", "1.2E+11").category == "指数表記（Excel）"


def test_import_stores_name_exactly(office, tmp_path):
    name = "髙橋\u3000ﾀﾛｳ"
    write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001", 世帯主氏名=name, 世帯主氏名カナ="ﾀｶﾊｼ ﾀﾛｳ")])
    import_files(office, [tmp_path / "世帯.csv"])
    stored = fetch(office, "SELECT head_name, head_name_kana FROM households")[0]
    assert stored[0] == name
    assert stored[1] == "タカハシ タロウ"


def test_import_builds_name_key(office, tmp_path):
    write_csv(tmp_path / "世帯.csv", HOUSEHOLD_HEADER, [household_row("00000001")])
    write_csv(tmp_path / "世帯員.csv", MEMBER_HEADER, [member_row(氏名="山﨑\u3000ﾊﾅｺ", 氏名カナ="やまさき はなこ")])
    import_files(office, [tmp_path / "世帯.csv", tmp_path / "世帯員.csv"])
    key = fetch(office, "SELECT name_key FROM members")[0][0]
    # 﨑 becomes 崎, half-width kana full-width, hiragana katakana, spaces go.
    assert key == "山崎ハナコ ヤマサキハナコ"
