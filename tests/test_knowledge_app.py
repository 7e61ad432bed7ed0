"""The 制度Q&A dashboard driven without a browser."""

import datetime as dt

from seiho.access.users import load_user
from seiho.knowledge.app import KnowledgeApp
from seiho.ui.apps import knowledge_dashboard


def app_for(store, user_id):
    with store.connect() as con:
        return KnowledgeApp(store, load_user(con, user_id))


def test_knowledge_app_shows_citation(small_office):
    app = app_for(small_office, "sv1")
    app.question.value = "不正受給の徴収金"
    app.search_laws()
    assert "生活保護法第78条第1項（費用等の徴収）" in app.answers.value
    assert "語の一致だけで検索しました" in app.answers.value


def test_knowledge_app_empty_question(small_office):
    app = app_for(small_office, "cw1")
    app.search_laws()
    assert "質問を入力してください" in app.answers.value


def test_knowledge_app_saves_and_lists_precedent(small_office):
    app = app_for(small_office, "cw1")
    app.entry_title.value = "葬祭扶助の申請者"
    app.entry_area.value = "葬祭扶助"
    app.entry_traits.value = ("高齢", "単身")
    app.entry_question.value = "身寄りのない被保護者が亡くなり、家主が葬儀を行った。"
    app.entry_answer.value = "家主を葬祭を行う者として葬祭扶助を適用した。"
    app.entry_basis.value = "生活保護法第18条"
    app.entry_date.value = dt.date(2026, 11, 2)
    app.save_precedent()
    assert "登録しました" in app.entry_status.value

    app.precedent_area.value = "葬祭扶助"
    app.search_precedents()
    assert "葬祭扶助の申請者（2026年11月2日）" in app.precedent_results.value


def test_knowledge_app_rejects_case_number(small_office):
    app = app_for(small_office, "cw1")
    app.entry_title.value = "ケース00000001の件"
    app.entry_question.value = "論点"
    app.entry_answer.value = "結論"
    app.save_precedent()
    assert "8桁の数字" in app.entry_status.value


def test_knowledge_app_analyst_no_entry_form(small_office):
    app = app_for(small_office, "ana1")
    assert not hasattr(app, "entry_button")


def test_knowledge_app_related_precedent_shown(small_office):
    app = app_for(small_office, "sv1")
    app.entry_title.value = "返還金の分割"
    app.entry_area.value = "法63条返還金"
    app.entry_question.value = "返還金を一括で払えないと申し出があった。"
    app.entry_answer.value = "分割納付を認めた。"
    app.save_precedent()
    app.question.value = "返還金を分割で払いたい"
    app.search_laws()
    assert "返還金の分割" in app.related.value


def test_knowledge_dashboard_builds(small_office):
    assert knowledge_dashboard(small_office) is not None
