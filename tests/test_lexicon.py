"""Tests of the welfare-office lexicon and the reading-based correction."""

import pytest

from seiho.lexicon import LexiconError, correct_text, load_lexicon, read_lexicon
from seiho.lexicon.kana import normalise_reading, reading_similarity

MISHEARD = [
    ("予賞金はありますか。", "預貯金はありますか。", "予賞金", "預貯金"),
    ("やちんは月に四万六千円です。", "家賃は月に四万六千円です。", "やちん", "家賃"),
    ("健康保健省を持ってきてください。", "健康保険証を持ってきてください。", "健康保健省", "健康保険証"),
    ("年金手長はお持ちですか。", "年金手帳はお持ちですか。", "年金手長", "年金手帳"),
    ("教育不常が出ます。", "教育扶助が出ます。", "教育不常", "教育扶助"),
    ("原則として14回内に決定します。", "原則として14日以内に決定します。", "14回内", "14日以内"),
    ("詰まと二人で暮らしています。", "妻と二人で暮らしています。", "詰ま", "妻"),
    ("余直金はどれくらいありますか。", "預貯金はどれくらいありますか。", "余直金", "預貯金"),
    ("雇用保健いわゆる失業手当", "雇用保険いわゆる失業手当", "雇用保健", "雇用保険"),
    ("つまとふたりです。", "妻とふたりです。", "つま", "妻"),
    ("つうちょうは一冊です。", "通帳は一冊です。", "つうちょう", "通帳"),
]

CLEAN = [
    "申請されるかどうかも含めて一緒に考えていきますね。",
    "通院されている病院はありますか。",
    "日常生活自立支援事業という仕組みがあります。",
    "生活保護法に基づく調査として確認します。",
    "就労支援員の山崎さんと一緒に探していました。",
    "さくら通り歯科さんですね。",
    "三回以内に分けて払います。",
    "就職支度費として出せる場合があります。",
    "つまり、来月からということですね。",
    "おっと、忘れていました。",
]


def test_lexicon_loads_with_readings():
    lexicon = load_lexicon()
    terms = lexicon.by_surface()
    assert terms["預貯金"].reading == "ヨチョキン"
    assert terms["家賃"].category == "住居"
    assert len(lexicon.terms) > 50


def test_lexicon_hotwords_and_prompt():
    lexicon = load_lexicon()
    assert "健康保険証" in lexicon.hotwords().split()
    assert lexicon.initial_prompt().startswith("生活保護")
    assert "就労自立給付金" in lexicon.initial_prompt()


def test_lexicon_rejects_hiragana_reading(tmp_path):
    path = tmp_path / "terms.yaml"
    path.write_text("terms:\n  - {term: 家賃, reading: やちん, category: 住居}\n", encoding="utf-8")
    with pytest.raises(LexiconError) as raised:
        read_lexicon(path)
    assert "1 番目" in raised.value.message_ja
    assert "やちん" in raised.value.message_ja


def test_lexicon_rejects_duplicate_and_missing(tmp_path):
    path = tmp_path / "terms.yaml"
    path.write_text(
        "terms:\n  - {term: 妻, reading: ツマ, category: 家族}\n  - {term: 妻, reading: ツマ, category: 家族}\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match="重複"):
        read_lexicon(path)
    with pytest.raises(LexiconError, match="ありません"):
        read_lexicon(tmp_path / "missing.yaml")


def test_reading_normalisation_folds_sounds():
    assert normalise_reading("ショウ") == normalise_reading("ショー")
    assert normalise_reading("ツヅキ") == normalise_reading("ツズキ")
    assert reading_similarity("ヨチョキン", "ヨチョキン") == 1.0
    assert reading_similarity("ヨショウキン", "ヨチョキン") < 1.0


@pytest.mark.parametrize(("heard", "expected", "original", "replacement"), MISHEARD)
def test_correction_repairs_misheard_term(heard, expected, original, replacement):
    result = correct_text(heard)
    assert result.text == expected
    assert result.original == heard
    assert [(item.original, item.replacement) for item in result.corrections] == [(original, replacement)]


def test_correction_positions_in_corrected_text():
    result = correct_text("やちんと予賞金について聞きました。")
    for item in result.corrections:
        assert result.text[item.start:item.end] == item.replacement
    assert all(0 < item.score <= 1 for item in result.corrections)


@pytest.mark.parametrize("sentence", CLEAN)
def test_correction_leaves_clean_sentence(sentence):
    result = correct_text(sentence)
    assert result.text == sentence
    assert result.corrections == ()


def test_correction_counter_needs_day_sound():
    # 11日 is じゅういちにち, which cannot sound like 回内.
    assert correct_text("11回内に").text == "11回内に"
    assert correct_text("十四回内に").text == "十四日以内に"


def test_correction_long_text_in_chunks():
    text = "今日は晴れです。" * 4000 + "予賞金はありますか。"
    result = correct_text(text)
    assert result.text.endswith("預貯金はありますか。")
    assert result.text[result.corrections[0].start:result.corrections[0].end] == "預貯金"
