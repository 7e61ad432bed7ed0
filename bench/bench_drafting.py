"""Benchmark the lexicon correction and the drafter on the worked cases.

Usage: python bench/bench_drafting.py [--cases dev-01,dev-02] [--json OUT]

(a) From the script text, each utterance one segment (speaker labels CW / A kept):
    recall of the expected facts that carry values (every value of the fact is
    in the draft as a number), the share of all facts whose content words are
    mostly in the draft (a rough measure), numbers in a sentence that its
    evidence does not hold (must be 0), and must_not_appear values present
    (compared by kind and number, must be 0).
(b) From the Whisper transcripts in data/bench/transcripts/dev-NN.json
    (bench_transcribe.py writes them): character error rate against the
    script and lexicon-term accuracy, before and after ``correct_text``, the
    repairs to a term the script never says (certainly wrong), and
    the same draft figures from the corrected transcript (no speaker labels).
    Both texts are compared after number normalisation, without punctuation
    or spaces.
"""

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

import yaml
from common import BENCH_DATA

from seiho.drafting import SourceSegment, draft_record, find_values, normalise_text, numbers_in, unsupported_numbers
from seiho.lexicon import correct_text, load_lexicon
from seiho.lexicon.tokens import tokenize

CASES = Path(__file__).resolve().parents[2] / "shared" / "cases" / "dev"
TRANSCRIPTS = BENCH_DATA / "transcripts"
_NOT_CHARACTERS = re.compile(r"[\s、。，．,.！？!?「」『』（）()・…ー-]")


def load_case(case_id: str) -> dict:
    """Read one worked case's YAML."""
    return yaml.safe_load((CASES / f"{case_id}.yaml").read_text(encoding="utf-8"))


def body_of(draft) -> str:
    """Return the draft's sentences without the heading line (whose date is the recording's, not the transcript's)."""
    return "".join(sentence.text for sentence in draft.sentences)


def content_words(text: str) -> set[str]:
    """Return the nouns of two or more characters in a text."""
    return {token.surface() for token in tokenize(text) if token.part_of_speech()[0] == "名詞" and len(token.surface()) >= 2}


def superseded_in(must_not_appear: list[str], body: str) -> set[tuple[str, int]]:
    """Return the must_not_appear values found in a draft body.

    Amounts count wherever their number appears (a draft may write 45,000 with
    or without 円), and ages, counts and days count with their unit.
    """
    numbers = numbers_in(body)
    values = {(value.kind, value.number) for value in find_values(body)}
    found = set()
    for item in must_not_appear:
        for value in find_values(normalise_text(item)):
            if (value.kind == "yen" and value.number in numbers) or (value.kind, value.number) in values:
                found.add((value.kind, value.number))
    return found


def draft_figures(case: dict, segments: list[SourceSegment]) -> dict:
    """Draft one case and measure it against the expected facts."""
    started = time.perf_counter()
    draft = draft_record(segments, case["kind"], case["date"])
    seconds = time.perf_counter() - started
    body = body_of(draft)
    numbers = numbers_in(body)

    valued = [fact for fact in case["expected"]["facts"] if fact.get("values")]
    recalled = [fact for fact in valued if all(int(value) in numbers for value in fact["values"].values())]
    worded = 0
    for fact in case["expected"]["facts"]:
        words = content_words(normalise_text(fact["text"]))
        if words and len(words & content_words(body)) / len(words) >= 0.5:
            worded += 1

    must_not_found = superseded_in(case["expected"].get("must_not_appear", []), body)

    return {
        "value_facts": len(valued), "value_recalled": len(recalled),
        "facts": len(case["expected"]["facts"]), "word_recalled": worded,
        "invented": sum(len(problem.numbers) for problem in unsupported_numbers(draft, segments)),
        "must_not_appear": len(must_not_found),
        "sentences": len(draft.sentences), "needs_check": sum(sentence.needs_check for sentence in draft.sentences),
        "seconds": round(seconds, 2),
    }


def script_segments(case: dict) -> list[SourceSegment]:
    """Return the script's utterances as segments, one per utterance."""
    return [
        SourceSegment(index, float(index), float(index + 1), line["text"], "CW" if line["speaker"] == "CW" else line["speaker"])
        for index, line in enumerate(case["script"])
    ]


def edit_distance(left: str, right: str) -> int:
    """Return the Levenshtein distance between two strings."""
    previous = list(range(len(right) + 1))
    for row, left_char in enumerate(left, start=1):
        current = [row]
        for column, right_char in enumerate(right, start=1):
            current.append(min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (left_char != right_char)))
        previous = current
    return previous[-1]


def comparable(text: str) -> str:
    """Return text with numbers normalised and punctuation and spaces removed, for the error rate."""
    return _NOT_CHARACTERS.sub("", normalise_text(text))


def term_counts(text: str, surfaces: list[str]) -> dict[str, int]:
    """Count lexicon terms in a text, longest first, without counting a term inside a longer one."""
    counts: dict[str, int] = {}
    taken = [False] * len(text)
    for surface in sorted(surfaces, key=len, reverse=True):
        start = text.find(surface)
        while start != -1:
            if not any(taken[start:start + len(surface)]):
                counts[surface] = counts.get(surface, 0) + 1
                for index in range(start, start + len(surface)):
                    taken[index] = True
            start = text.find(surface, start + 1)
    return counts


def term_accuracy(reference: dict[str, int], heard: dict[str, int]) -> float:
    """Return the share of the script's term occurrences that the transcript also has."""
    total = sum(reference.values())
    return sum(min(count, heard.get(term, 0)) for term, count in reference.items()) / total if total else 1.0


def audio_figures(case: dict, transcript_path: Path) -> dict:
    """Measure correction and drafting on one case's Whisper transcript."""
    transcript = json.loads(transcript_path.read_text(encoding="utf-8"))
    heard = [item.get("original_text", item["text"]) for item in transcript["segments"]]
    started = time.perf_counter()
    corrected = [correct_text(text) for text in heard]
    correction_seconds = time.perf_counter() - started

    reference = "".join(line["text"] for line in case["script"])
    surfaces = [term.term for term in load_lexicon().terms]
    reference_terms = term_counts(reference, surfaces)
    before, after = "".join(heard), "".join(item.text for item in corrected)
    reference_chars = comparable(reference)

    segments = [
        SourceSegment(item["segment_id"], item["start"], item["end"], fixed.text, None)
        for item, fixed in zip(transcript["segments"], corrected)
    ]
    figures = draft_figures(case, segments)
    figures.update({
        "cer_before": round(edit_distance(comparable(before), reference_chars) / len(reference_chars), 3),
        "cer_after": round(edit_distance(comparable(after), reference_chars) / len(reference_chars), 3),
        "terms": sum(reference_terms.values()),
        "term_accuracy_before": round(term_accuracy(reference_terms, term_counts(before, surfaces)), 3),
        "term_accuracy_after": round(term_accuracy(reference_terms, term_counts(after, surfaces)), 3),
        "corrections": sum(len(item.corrections) for item in corrected),
        # A repair to a term absent from the script is certainly wrong, so this is a lower bound on wrong repairs.
        "corrections_off_script": sum(1 for item in corrected for fix in item.corrections if fix.replacement not in normalise_text(reference)),
        "correction_s": round(correction_seconds, 2),
    })
    return figures


def false_corrections(case: dict) -> int:
    """Count corrections made on the script's own (clean) text, which should be none."""
    return sum(len(correct_text(line["text"]).corrections) for line in case["script"])


def print_tables(rows: list[dict]) -> None:
    """Print the per-case tables in Markdown."""
    print("\n(a) from the script text\n")
    print("| case | kind | value facts recalled | facts by words (rough) | invented numbers | must_not_appear in draft | false corrections | sentences (要確認) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        script = row["script"]
        print(f"| {row['case']} | {row['kind']} | {script['value_recalled']}/{script['value_facts']} | {script['word_recalled']}/{script['facts']} "
              f"| {script['invented']} | {script['must_not_appear']} | {row['false_corrections']} | {script['sentences']} ({script['needs_check']}) |")

    audio_rows = [row for row in rows if row.get("audio")]
    if not audio_rows:
        print("\n(b) no transcripts in data/bench/transcripts/")
        return
    print("\n(b) from the Whisper base transcripts\n")
    print("| case | CER before → after | lexicon terms | term accuracy before → after | corrections (to terms not in the script) | value facts recalled | facts by words | invented numbers | must_not_appear in draft |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in audio_rows:
        audio = row["audio"]
        print(f"| {row['case']} | {audio['cer_before']:.3f} → {audio['cer_after']:.3f} | {audio['terms']} "
              f"| {audio['term_accuracy_before']:.2f} → {audio['term_accuracy_after']:.2f} | {audio['corrections']} ({audio['corrections_off_script']}) "
              f"| {audio['value_recalled']}/{audio['value_facts']} | {audio['word_recalled']}/{audio['facts']} | {audio['invented']} | {audio['must_not_appear']} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", help="comma-separated case ids (default: every case)")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args()

    if not CASES.exists():
        print(f"no worked cases at {CASES}; nothing to measure", file=sys.stderr)
        return 0
    case_ids = args.cases.split(",") if args.cases else sorted(path.stem for path in CASES.glob("dev-*.yaml"))

    rows = []
    for case_id in case_ids:
        case = load_case(case_id)
        row = {"case": case_id, "kind": case["kind"], "script": draft_figures(case, script_segments(case)), "false_corrections": false_corrections(case)}
        transcript = TRANSCRIPTS / f"{case_id}.json"
        if transcript.exists():
            row["audio"] = audio_figures(case, transcript)
        rows.append(row)
        print(f"{case_id}: {json.dumps(row, ensure_ascii=False)}", file=sys.stderr, flush=True)

    print_tables(rows)
    drafting_seconds = [row["script"]["seconds"] for row in rows]
    print(f"\nmedian drafting time per case from the script: {statistics.median(drafting_seconds):.2f} s")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
