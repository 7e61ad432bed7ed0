"""Benchmark 制度Q&A search: recall on the evaluation set, query latency, index build time.

Usage: python bench/bench_knowledge.py [--fresh]

The passage embeddings are cached in data/bench/knowledge.duckdb; --fresh
deletes that file first, so the build time includes embedding every passage.
"""

import argparse
import sys
from pathlib import Path

from common import BENCH_DATA, describe, timed

from seiho.knowledge.evaluation import evaluate, load_questions
from seiho.knowledge.search import Mode, build_index
from seiho.store import Store

QUESTIONS = Path(__file__).resolve().parents[1] / "tests" / "data" / "knowledge" / "questions.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fresh", action="store_true", help="embed every passage again (delete the cached vectors)")
    args = parser.parse_args()

    BENCH_DATA.mkdir(parents=True, exist_ok=True)
    path = BENCH_DATA / "knowledge.duckdb"
    if args.fresh:
        for stale in (path, Path(str(path) + ".wal")):
            stale.unlink(missing_ok=True)
    store = Store(path)

    seconds, index = timed(build_index, store=store, semantic=True)
    print(f"index build: {seconds:.1f} s, {len(index.passages):,} passages, "
          f"{index.semantic.embedded_now:,} embedded now, steps {index.build_seconds}")
    seconds, _ = timed(build_index, store=store, semantic=True)
    print(f"index build from cached vectors: {seconds:.1f} s")

    questions = load_questions(QUESTIONS)
    print(f"{len(questions)} questions")
    for mode in Mode:
        evaluation = evaluate(index, questions, mode)
        samples = [outcome.seconds for outcome in evaluation.outcomes]
        print(f"{mode.value:9s} recall@1 {evaluation.recall_at(1):.2f}  recall@5 {evaluation.recall_at(5):.2f}  "
              f"recall@10 {evaluation.recall_at(10):.2f}  latency {describe(samples)}")
        missed = [outcome.question.text for outcome in evaluation.outcomes if outcome.rank is None or outcome.rank > 5]
        print(f"           not in top 5: {missed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
