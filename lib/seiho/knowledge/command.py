"""``seiho ask "質問"``: passages of the laws and notices that answer a question, with citations."""

import argparse
import logging
from pathlib import Path

from seiho.access.users import load_user
from seiho.errors import ParameterError
from seiho.knowledge.precedents import search_precedents
from seiho.knowledge.answer import NOTICE_TO_STAFF, format_hit
from seiho.knowledge.search import Mode, build_index, prepare_semantic_index
from seiho.store import Store, default_db_path

log = logging.getLogger(__name__)

MODE_CHOICES = [mode.value for mode in Mode]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", default=None, help="質問（ふだんの言葉でよい。例: 「多くもらいすぎた保護費を返す決まり」）")
    parser.add_argument("--limit", type=int, default=5, help="表示する条文の数（既定: 5）")
    parser.add_argument(
        "--mode", choices=MODE_CHOICES, default=Mode.HYBRID.value,
        help="検索方法: hybrid（語の一致と意味の近さを合わせる、既定）、bm25（語の一致だけ）、semantic（意味の近さだけ）",
    )
    parser.add_argument(
        "--prepare", action="store_true",
        help="意味検索の準備: 全条文のベクトルを作って --db のデータベースに保存する（初回は数分かかる）",
    )
    parser.add_argument("--user", default=None, help="利用者ID。指定すると、その利用者の事務所の事例も表示する（--db のデータベースが必要）")
    parser.add_argument("--supplementary", action="store_true", help="附則も検索する（既定では本則だけ）")
    parser.add_argument(
        "--db", default=None,
        help="意味検索のベクトルを保存するデータベース（既定: SEIHO_DB または data/demo.duckdb）。無いときは語の一致だけで検索する",
    )


def run(args: argparse.Namespace) -> int:
    path = Path(args.db) if args.db else default_db_path()
    if args.prepare:
        store = Store(path, must_exist=True)
        index = prepare_semantic_index(store)
        print(f"意味検索の準備ができました: {len(index.passages):,} 件の条文のうち {index.semantic.embedded_now:,} 件のベクトルを新しく作りました（{path}）。")
        if not args.question:
            return 0

    if not (args.question or "").strip():
        raise ParameterError("質問が空です。例: seiho ask \"扶養照会の決まり\"", "empty question")
    if args.limit < 1 or args.limit > 50:
        raise ParameterError(f"--limit は 1 から 50 の間で指定してください（値: {args.limit}）。", f"bad limit {args.limit}")

    mode = Mode(args.mode)
    store = Store(path) if path.is_file() else None
    index = build_index(store=store, semantic=store is not None and mode is not Mode.BM25, embed_missing=False)
    if mode is not Mode.BM25 and index.semantic is None:
        if store is None:
            print(f"注: データベース {path} が無いため、語の一致（BM25）だけで検索します。意味検索には --db で既存のデータベースを指定してください。")
        else:
            print(f"注: 意味検索の準備ができていないため、語の一致（BM25）だけで検索します。`seiho ask --prepare --db {path}` を一度実行してください（数分かかります）。")
        mode = Mode.BM25

    result = index.search(args.question, limit=args.limit, mode=mode, include_supplementary=args.supplementary)

    print(f"質問: {result.question}")
    if result.expansion.added:
        print(f"同義語で加えた語: {'、'.join(result.expansion.added)}")
    if not result.hits:
        print("該当する条文が見つかりませんでした。言い方を変えるか、条番号（例: 法63条）で探してください。")
    for rank, hit in enumerate(result.hits, start=1):
        print()
        print(format_hit(rank, hit))
    if args.user:
        _print_precedents(path, args.user, args.question)
    print()
    print(NOTICE_TO_STAFF)
    return 0


def _print_precedents(path: Path, user_id: str, question: str) -> None:
    store = Store(path, must_exist=True)
    with store.connect() as con:
        user = load_user(con, user_id)
    if user is None:
        raise ParameterError(f"利用者ID「{user_id}」は登録されていないか、無効です。`seiho user list` で確認してください。", f"unknown user {user_id!r}")

    precedents = search_precedents(store, user, question, limit=3)
    print()
    print(f"事務所の事例: {len(precedents)} 件")
    for precedent in precedents:
        traits = "、".join(precedent.characteristics) or "指定なし"
        print(f"- {precedent.title}（{precedent.business_area}／{traits}）根拠: {precedent.legal_basis or '記載なし'}")
        print(f"   相談・論点: {precedent.question}")
        print(f"   対応・結論: {precedent.answer}")
