"""``seiho draft``: a 面接記録票 or ケース記録 draft from a transcript JSON or typed notes."""

import argparse
import codecs
import datetime as dt
import json
import logging
from pathlib import Path

from seiho.arguments import iso_date
from seiho.cli_parser import output_file
from seiho.drafting.draft import draft_record
from seiho.drafting.model import Draft, SourceSegment
from seiho.drafting.notes import segments_from_notes
from seiho.errors import ParameterError

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``seiho draft``."""
    parser.add_argument("file", type=Path, help="文字起こしの JSON（seiho transcribe --json の出力、または segment_id・start・end・text・speaker の一覧）か、メモのテキストファイル（UTF-8 または CP932）")
    parser.add_argument("--kind", required=True, choices=["intake", "visit", "phone"], help="記録の種類: intake は来所面接（面接記録票）、visit は家庭訪問、phone は電話（ケース記録）")
    parser.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="面接・訪問・電話の日（YYYY-MM-DD）。「来週の火曜日」などはこの日から数える。既定は今日")
    parser.add_argument("--json", type=output_file, dest="json_out", help="下書きと各文の根拠（区間の番号と時刻）をこの JSON ファイルに書き出す")


def _segment_from_dict(index: int, item: object, path: Path) -> SourceSegment:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise ParameterError(
            f"{path} の {index + 1} 番目の区間に text がありません。各区間は segment_id・start・end・text・speaker を持つ JSON にしてください。",
            f"segment {index} in {path} has no text",
        )
    try:
        return SourceSegment(
            segment_id=int(item.get("segment_id", index)), start=float(item.get("start", 0.0)),
            end=float(item.get("end", 0.0)), text=item["text"], speaker=item.get("speaker"),
            flags=tuple(item.get("flags") or ()), corrections=tuple(item.get("corrections") or ()),
            avg_logprob=float(item.get("avg_logprob") or 0.0), no_speech_prob=float(item.get("no_speech_prob") or 0.0),
        )
    except (TypeError, ValueError) as error:
        raise ParameterError(
            f"{path} の {index + 1} 番目の区間の segment_id・start・end が数ではありません（{error}）。",
            f"segment {index} in {path}: {error}",
        ) from error


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParameterError(
        f"{path} を UTF-8 としても CP932（シフト JIS）としても読めません。どちらかの文字コードで保存し直してください。",
        f"{path} is neither UTF-8 nor CP932",
    )


def read_segments(path: Path) -> tuple[list[SourceSegment], bool]:
    """Read a transcript JSON or a notes file; return the segments and whether they came from notes."""
    if not path.is_file():
        raise ParameterError(f"ファイル {path} がありません。パスを確かめてください。", f"missing {path}")
    if not path.read_bytes().removeprefix(codecs.BOM_UTF8).strip():
        raise _empty_file(path)

    if path.suffix.lower() == ".json":
        content = _read_json(path)
        items = content.get("segments") if isinstance(content, dict) else content
        if not isinstance(items, list):
            raise ParameterError(f"{path} に区間の一覧（segments）がありません。", f"no segment list in {path}")
        return [_segment_from_dict(index, item, path) for index, item in enumerate(items)], False
    text = _read_text(path)
    if not text.strip():
        raise _empty_file(path)
    return segments_from_notes(text), True


def _empty_file(path: Path) -> ParameterError:
    return ParameterError(
        f"ファイル {path} は空です（文字がありません）。メモか文字起こしの JSON を保存したファイルを指定してください。",
        f"{path} is empty",
    )


# Japanese for the messages of Python's json decoder, matched by their start.
_JSON_PROBLEMS = {
    "Expecting ':' delimiter": "「:」がありません",
    "Expecting ',' delimiter": "「,」がありません",
    "Expecting value": "値がありません",
    "Expecting property name enclosed in double quotes": "「\"」で囲んだ項目名がありません",
    "Unterminated string": "文字列が「\"」で閉じられていません",
    "Invalid control character": "文字列の中に改行などの制御文字があります",
    "Invalid \\escape": "「\\」の使い方が誤っています",
    "Extra data": "JSON の終わりのあとに余分な文字があります",
}


def _read_json(path: Path) -> object:
    """Parse a transcript JSON; raise ParameterError naming the file, line and column when it is damaged."""
    data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.end < len(data):
            # Not a UTF-8 file cut short: read it as notes are read, UTF-8 or CP932.
            text = _read_text(path)
        else:
            # A file cut inside a multi-byte character: parse what is there, so the error names the cut.
            text = data[: error.start].decode("utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # A file cut short fails at its end, or inside a string that no later quote closes.
        cut_short = error.pos >= len(text.rstrip()) or (
            error.msg.startswith("Unterminated string") and '"' not in text[error.pos + 1 :]
        )
        problem = "ファイルが途中で切れています" if cut_short else next(
            (japanese for english, japanese in _JSON_PROBLEMS.items() if error.msg.startswith(english)), "JSON の書き方に誤りがあります"
        )
        raise ParameterError(
            f"文字起こしの JSON ファイル {path} が壊れています（{error.lineno} 行 {error.colno} 文字目: {problem}）。"
            "seiho transcribe --json で作り直すか、元のファイルを使ってください。",
            f"{path}: invalid JSON at line {error.lineno} column {error.colno}: {error.msg}",
        ) from error


def _place(segment: SourceSegment, from_notes: bool) -> str:
    if from_notes:
        return f"{int(segment.start)}行目"
    return f"{int(segment.start // 60)}:{segment.start % 60:04.1f}–{int(segment.end // 60)}:{segment.end % 60:04.1f}"


def evidence_lines(draft: Draft, segments: list[SourceSegment], from_notes: bool) -> list[str]:
    """Return one line per draft sentence naming its segments and their times (or note lines)."""
    by_id = {segment.segment_id: segment for segment in segments}
    lines = []
    for number, sentence in enumerate(draft.sentences, start=1):
        places = "、".join(f"#{segment_id}（{_place(by_id[segment_id], from_notes)}）" for segment_id in sentence.evidence)
        check = f" 要確認: {sentence.note}" if sentence.needs_check else ""
        lines.append(f"{number:>3}. 【{sentence.field}】{sentence.text}  ← {places}{check}")
    return lines


def draft_as_dict(draft: Draft, segments: list[SourceSegment]) -> dict:
    """Return the draft and each sentence's evidence as a JSON-ready dict."""
    by_id = {segment.segment_id: segment for segment in segments}
    return {
        "record_type": draft.record_type, "kind": draft.kind, "recorded_on": draft.recorded_on.isoformat(),
        "text": draft.render(),
        "sentences": [
            {
                "field": sentence.field, "text": sentence.text, "evidence": list(sentence.evidence),
                "times": [[by_id[segment_id].start, by_id[segment_id].end] for segment_id in sentence.evidence],
                "needs_check": sentence.needs_check, "note": sentence.note,
            }
            for sentence in draft.sentences
        ],
    }


def run(args: argparse.Namespace) -> int:
    """Draft the record, print it with its evidence, and write the JSON when asked."""
    segments, from_notes = read_segments(args.file)
    recorded_on = args.date or dt.date.today()
    draft = draft_record(segments, args.kind, recorded_on)

    print(f"{draft.record_type}（下書き）")
    print(draft.render())
    print("根拠:")
    print("\n".join(evidence_lines(draft, segments, from_notes)))
    checks = sum(sentence.needs_check for sentence in draft.sentences)
    if not draft.sentences:
        print("記録に入れる文が見つかりませんでした。ファイルの中身と --kind を確かめてください。")
    print(f"\n{len(draft.sentences)} 文（要確認 {checks} 文）。下書きです。内容を確かめてから記録してください。")

    if args.json_out:
        args.json_out.write_text(json.dumps(draft_as_dict(draft, segments), ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"JSON を書き出しました: {args.json_out}")
    log.info("draft written: %d sentences, %d to check", len(draft.sentences), checks)
    return 0
