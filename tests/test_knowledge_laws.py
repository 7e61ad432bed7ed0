"""Parsing the laws into 条・項・号 with citations, numerals and notices."""

from pathlib import Path

import pytest

from seiho.errors import SeihoError
from seiho.knowledge.citation import Citation
from seiho.knowledge.laws import parse_law
from seiho.knowledge.notices import load_notices, parse_notice
from seiho.knowledge.numerals import kanji_to_int
from seiho.paths import data_dir

LAWS = data_dir() / "laws"


@pytest.fixture(scope="module")
def seiho_law():
    return parse_law(LAWS / "生活保護法.txt")


def by_citation(passages, text):
    return [passage for passage in passages if passage.citation.text() == text]


@pytest.mark.parametrize("text, value", [("六十三", 63), ("十", 10), ("百二", 102), ("二十九", 29), ("千五百十九", 1519), ("二〇", 20)])
def test_kanji_numerals_convert(text, value):
    assert kanji_to_int(text) == value


def test_kanji_numeral_rejects_other_text():
    with pytest.raises(ValueError):
        kanji_to_int("六十三条")


def test_single_paragraph_article_cited_without_paragraph(seiho_law):
    passages = by_citation(seiho_law, "生活保護法第63条")
    assert len(passages) == 1
    assert passages[0].heading == "費用返還義務"
    assert passages[0].text.startswith("被保護者が、急迫の場合等において資力があるにもかかわらず")


def test_paragraphs_of_article_78(seiho_law):
    citations = [p.citation.text() for p in seiho_law if p.citation.article == "78" and not p.citation.supplementary]
    assert citations == [f"生活保護法第78条第{n}項" for n in range(1, 5)]


def test_shared_caption_carries_to_next_articles(seiho_law):
    assert by_citation(seiho_law, "生活保護法第78条第1項")[0].heading == "費用等の徴収"


def test_branch_article_cited_after_jo(seiho_law):
    assert by_citation(seiho_law, "生活保護法第77条の2第1項")


def test_items_carry_their_own_citation(seiho_law):
    paragraph = by_citation(seiho_law, "生活保護法第29条第1項")[0]
    assert [item.citation.text() for item in paragraph.items] == ["生活保護法第29条第1項第1号", "生活保護法第29条第1項第2号"]
    assert paragraph.items[1].text.startswith("前号に掲げる者の扶養義務者")


def test_supplementary_kept_apart_from_main(seiho_law):
    supplementary = by_citation(seiho_law, "生活保護法附則第9項")
    assert len(supplementary) == 1
    assert supplementary[0].heading == "国の無利子貸付け等"
    assert not by_citation(seiho_law, "生活保護法第9条第1項")


def test_amending_act_supplementary_named(seiho_law):
    amending = [p for p in seiho_law if p.citation.supplementary.startswith("附則（昭和二五年五月一五日法律第一八二号）")]
    assert amending
    assert amending[0].citation.text() == "生活保護法附則（昭和二五年五月一五日法律第一八二号）第1項"


def test_chapter_recorded_for_article(seiho_law):
    assert by_citation(seiho_law, "生活保護法第63条")[0].chapter == "第十章　被保護者の権利及び義務"


def test_main_provisions_match_article_index(seiho_law):
    index_rows = (LAWS / "生活保護法_条文索引.csv").read_text(encoding="utf-8").splitlines()[1:]
    articles = {p.citation.article for p in seiho_law if not p.citation.supplementary}
    assert len(articles) == len(index_rows)


def test_social_welfare_act_article_16(tmp_path):
    passages = parse_law(LAWS / "社会福祉法.txt")
    article = by_citation(passages, "社会福祉法第16条")
    assert article[0].heading == "所員の定数"
    assert len(article[0].items) == 3


def test_citation_article_key_drops_paragraph():
    assert Citation("生活保護法", "78", 2, 1).article_key() == "生活保護法第78条"


def test_law_without_provisions_rejected(tmp_path):
    path = tmp_path / "空の法令.txt"
    path.write_text("# 見出しだけ\nただの文章です。\n", encoding="utf-8")
    with pytest.raises(SeihoError, match="第…条"):
        parse_law(path)


def test_notice_html_cut_by_heading(tmp_path):
    path = tmp_path / "sample.html"
    path.write_text(
        "<html><head><title>試験用の通知</title><script>var x = 1;</script></head><body>"
        "<h2>第1 資産の活用</h2><p>資産は原則として処分のうえ最低限度の生活の維持のために活用させること。</p>"
        "<h2>第2 扶養義務の取扱い</h2><p>扶養義務者の扶養能力を調査すること。</p><p>調査の結果は記録すること。</p>"
        "</body></html>",
        encoding="utf-8",
    )
    passages = parse_notice(path)
    assert [p.citation.text() for p in passages] == [
        "試験用の通知 第1 資産の活用 段落1",
        "試験用の通知 第2 扶養義務の取扱い 段落1",
        "試験用の通知 第2 扶養義務の取扱い 段落2",
    ]
    assert "var x" not in passages[0].text


def test_notice_text_file_title_first_line(tmp_path):
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "a.txt").write_text("試験用の要領\n\n第1 総則\n\nこの要領は試験のための文章である。\n", encoding="utf-8")
    (folder / "ignored.pdf").write_bytes(b"%PDF")
    passages = load_notices(folder)
    assert len(passages) == 1
    assert passages[0].citation.text() == "試験用の要領 第1 総則 段落1"
    assert passages[0].kind == "notice"


def test_notice_folder_missing_gives_none(tmp_path):
    assert load_notices(tmp_path / "none") == []


def test_notice_not_utf8_rejected(tmp_path):
    path = tmp_path / "sjis.txt"
    path.write_bytes("保護の実施要領".encode("cp932"))
    with pytest.raises(SeihoError, match="UTF-8"):
        parse_notice(path)


def test_items_shown_with_kanji_numbers(seiho_law):
    paragraph = by_citation(seiho_law, "生活保護法第29条第1項")[0]
    assert "\n一　要保護者又は被保護者であつた者" in paragraph.full_text()
