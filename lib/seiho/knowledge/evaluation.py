"""Recall of the search on a set of caseworker questions with the articles that answer them."""

import csv
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from seiho.errors import SeihoError
from seiho.knowledge.search import KnowledgeIndex, Mode


@dataclass(frozen=True)
class Question:
    """A question and the article keys that answer it (「生活保護法第63条」)."""

    text: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class QuestionOutcome:
    """Where the first answering passage ranked (None if not in the top ``depth``)."""

    question: Question
    rank: int | None
    top_citations: tuple[str, ...]
    seconds: float


@dataclass
class Evaluation:
    """Recall figures of one search mode, with every question's outcome as evidence."""

    mode: Mode
    outcomes: list[QuestionOutcome]

    def recall_at(self, k: int) -> float:
        """Return the share of questions whose answer is among the first k passages."""
        found = sum(1 for outcome in self.outcomes if outcome.rank is not None and outcome.rank <= k)
        return found / len(self.outcomes)

    def median_seconds(self) -> float:
        """Return the median query time."""
        return statistics.median(outcome.seconds for outcome in self.outcomes)


def load_questions(path: Path) -> list[Question]:
    """Read a CSV with columns question and expected (several keys separated by |)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise SeihoError(f"評価用の質問ファイル {path} を読めません。", str(error)) from error

    questions = []
    for number, row in enumerate(rows, start=2):
        text, expected = (row.get("question") or "").strip(), (row.get("expected") or "").strip()
        if not text or not expected:
            raise SeihoError(f"評価用の質問ファイル {path} の {number} 行目に question か expected がありません。", f"row {number} incomplete")
        questions.append(Question(text, tuple(key.strip() for key in expected.split("|"))))
    return questions


def evaluate(index: KnowledgeIndex, questions: list[Question], mode: Mode, depth: int = 10) -> Evaluation:
    """Search every question and record the rank of its first answering passage."""
    outcomes = []
    for question in questions:
        started = time.perf_counter()
        result = index.search(question.text, limit=depth, mode=mode)
        seconds = time.perf_counter() - started

        keys = [hit.passage.citation.article_key() for hit in result.hits]
        rank = next((position for position, key in enumerate(keys, start=1) if key in question.expected), None)
        outcomes.append(QuestionOutcome(question, rank, tuple(keys[:5]), seconds))
    return Evaluation(mode, outcomes)
