"""Transcribe and draft every consented recording in a folder, and report what happened to each file.

A mapping file (CSV in UTF-8, with or without BOM, or CP932 as Excel saves it) ties each audio file to its
consent: columns ファイル名 and 同意ID, or ファイル名 and ケース番号 (then
the household's latest consent that is not withdrawn is used), and an
optional 記録日 (YYYY-MM-DD; the consent date when empty). A file without a
valid consent is skipped and reported, never stored.
"""

import csv
import datetime as dt
import io
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from seiho.access import User
from seiho.errors import ParameterError, SeihoError
from seiho.ingest.encoding import decode_bytes
from seiho.speech_review.evidence import save_draft_record
from seiho.speech_review.households import household_consents
from seiho.store import Store

log = logging.getLogger(__name__)

AUDIO_SUFFIXES = {".wav", ".mp3", ".m4a", ".aac", ".mp4", ".ogg", ".opus", ".webm"}

DRAFTED = "下書き作成"
SKIPPED = "スキップ（同意なし）"
FAILED = "失敗"

FILE_COLUMNS = ("ファイル名", "file")
CONSENT_COLUMNS = ("同意ID", "consent_id")
CASE_COLUMNS = ("ケース番号", "case_number")
DATE_COLUMNS = ("記録日", "recorded_on")


@dataclass(frozen=True)
class MappingRow:
    """One line of the mapping file."""

    file: str
    consent_id: str | None
    case_number: str | None
    recorded_on: dt.date | None
    line: int


@dataclass(frozen=True)
class FileOutcome:
    """The outcome of one audio file, with the figures the report shows."""

    file: str
    status: str
    reason: str = ""
    case_number: str | None = None
    consent_id: str | None = None
    recording_id: str | None = None
    record_id: str | None = None
    duration: float | None = None
    transcribe_seconds: float | None = None
    segments: int = 0
    flagged_segments: int = 0
    corrections: int = 0
    fields_filled: int = 0
    needs_check: int = 0


def _column(row: dict, names: tuple[str, ...]) -> str:
    for name in names:
        value = (row.get(name) or "").strip()
        if value:
            return value
    return ""


def read_mapping(path: Path) -> dict[str, MappingRow]:
    """Read the mapping file into rows by file name; raise ``ParameterError`` naming the line of a bad row."""
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"対応表 {path} がありません。ファイル名と同意ID（またはケース番号）の CSV を用意してください。", f"mapping {path} not found")
    rows: dict[str, MappingRow] = {}
    # The same detection as ``seiho import``: UTF-8 with or without BOM, else CP932.
    text, _ = decode_bytes(path.read_bytes(), path.name)
    with io.StringIO(text, newline="") as handle:
        reader = csv.DictReader(handle)
        headers = set(reader.fieldnames or ())
        if not headers & set(FILE_COLUMNS) or not headers & set(CONSENT_COLUMNS + CASE_COLUMNS):
            raise ParameterError(
                f"対応表 {path.name} の見出しに「ファイル名」と「同意ID」または「ケース番号」が必要です（見出し: {'、'.join(sorted(headers)) or 'なし'}）。",
                f"mapping {path} lacks columns",
            )
        for line, row in enumerate(reader, start=2):
            name = _column(row, FILE_COLUMNS)
            if not name:
                continue
            recorded_on = None
            date_text = _column(row, DATE_COLUMNS)
            if date_text:
                try:
                    recorded_on = dt.date.fromisoformat(date_text)
                except ValueError:
                    raise ParameterError(
                        f"対応表 {path.name} の {line} 行目の記録日「{date_text}」は読めません。2026-12-01 のように書いてください。",
                        f"mapping {path} line {line}: bad date {date_text!r}",
                    ) from None
            if name in rows:
                raise ParameterError(
                    f"対応表 {path.name} の {line} 行目: ファイル {name} は {rows[name].line} 行目にもあります。1行にしてください。",
                    f"mapping {path} line {line}: duplicate file {name}",
                )
            rows[name] = MappingRow(name, _column(row, CONSENT_COLUMNS) or None, _column(row, CASE_COLUMNS) or None, recorded_on, line)
    return rows


def audio_files(folder: Path) -> list[Path]:
    """Return the audio files directly in ``folder``, by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ParameterError(f"録音のフォルダ {folder} がありません。", f"folder {folder} not found")
    return sorted(path for path in folder.iterdir() if path.is_file() and path.suffix.lower() in AUDIO_SUFFIXES)


def _find_consent(store: Store, user: User, entry: MappingRow):
    """Return the valid consent for a mapping row, or None with the reason it has none."""
    if entry.consent_id:
        with store.connect() as connection:
            row = connection.execute("SELECT case_number FROM recording_consents WHERE consent_id = ?", [entry.consent_id]).fetchone()
        if row is None:
            return None, f"同意ID {entry.consent_id} は記録されていません"
        case_number = row[0]
    else:
        case_number = entry.case_number
    consents = household_consents(store, user, case_number)
    if entry.consent_id:
        consents = [consent for consent in consents if consent.consent_id == entry.consent_id]
    valid = [consent for consent in consents if consent.withdrawn_at is None]
    if not valid:
        withdrawn = "撤回された同意しかありません" if consents else "録音同意がありません"
        return None, f"ケース番号 {case_number} に{withdrawn}"
    return (case_number, valid[0]), ""


def process_file(store: Store, user: User, path: Path, entry: MappingRow | None, kind: str) -> FileOutcome:
    """Store, transcribe and draft one file under its consent; return its outcome."""
    from seiho.drafting import draft_record
    from seiho.speech import recording_info, store_recording, transcribe_recording

    if entry is None:
        return FileOutcome(path.name, SKIPPED, "対応表にこのファイルの行がありません")
    try:
        found, reason = _find_consent(store, user, entry)
    except SeihoError as error:
        return FileOutcome(path.name, SKIPPED, error.message_ja, case_number=entry.case_number)
    if found is None:
        return FileOutcome(path.name, SKIPPED, reason, case_number=entry.case_number, consent_id=entry.consent_id)
    case_number, consent = found

    recording_id = None
    try:
        recording_id = store_recording(store, user, consent.consent_id, path)
        started = time.monotonic()
        segments = transcribe_recording(store, user, recording_id)
        seconds = time.monotonic() - started
        info = recording_info(store, user, recording_id)
        recorded_on = entry.recorded_on or consent.consented_at.date()
        draft = draft_record(segments, kind, recorded_on)
        record_id = save_draft_record(store, user, case_number, draft, recording_id=recording_id, segments=segments)
    except SeihoError as error:
        log.info("file %s failed: %s", path.name, error.detail)
        return FileOutcome(path.name, FAILED, error.message_ja, case_number, consent.consent_id, recording_id)

    reason = info.warning or ""
    return FileOutcome(
        file=path.name, status=DRAFTED, reason=reason, case_number=case_number, consent_id=consent.consent_id,
        recording_id=recording_id, record_id=record_id, duration=info.duration, transcribe_seconds=round(seconds, 1),
        segments=len(segments), flagged_segments=sum(1 for segment in segments if segment.flags),
        corrections=sum(len(segment.corrections) for segment in segments),
        fields_filled=len({sentence.field for sentence in draft.sentences}),
        needs_check=sum(1 for sentence in draft.sentences if sentence.needs_check),
    )


def process_folder(
    store: Store, user: User, folder: Path, mapping_path: Path, kind: str,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[FileOutcome]:
    """Transcribe and draft every audio file in ``folder`` that has a valid consent; return one outcome per file.

    Args:
        kind: intake, visit or phone, for every file in the folder.
        progress: called with (files done, file count, file name) before each file.
    """
    if kind not in ("intake", "visit", "phone"):
        raise ParameterError(f"記録の種類「{kind}」は使えません。intake・visit・phone のどれかを指定してください。", f"bad kind {kind!r}")
    mapping = read_mapping(mapping_path)
    files = audio_files(folder)
    log.info("processing %d audio files", len(files))

    outcomes = []
    for number, path in enumerate(files):
        if progress:
            progress(number, len(files), path.name)
        outcomes.append(process_file(store, user, path, mapping.get(path.name), kind))

    for name in sorted(set(mapping) - {path.name for path in files}):
        outcomes.append(FileOutcome(name, FAILED, "対応表にあるファイルがフォルダにありません"))
    log.info("drafted %d of %d files", sum(1 for outcome in outcomes if outcome.status == DRAFTED), len(files))
    return outcomes


REPORT_COLUMNS = {
    "file": "ファイル", "status": "結果", "reason": "理由・警告", "case_number": "ケース番号", "record_id": "記録ID",
    "duration": "長さ（秒）", "transcribe_seconds": "文字起こし（秒）", "segments": "区間数",
    "flagged_segments": "印のある区間", "corrections": "語の修正", "fields_filled": "埋まった項目", "needs_check": "要確認",
}


def outcomes_frame(outcomes: list[FileOutcome]):
    """Return the outcomes as a DataFrame with Japanese column names, for the report and its CSV."""
    import pandas as pd

    rows = [{label: getattr(outcome, name) for name, label in REPORT_COLUMNS.items()} for outcome in outcomes]
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS.values()))


def folder_report_sections(db: str, user_id: str, folder: str, mapping: str, kind: str, out: str = "") -> list:
    """Process the folder and return the report's parts (summary and per-file table) as IPython HTML objects.

    ``out``, when given, is a CSV file that receives the per-file table (UTF-8 with BOM).
    """
    import html

    from IPython.display import HTML

    from seiho.access.users import acting_user
    from seiho.ui.formatting import frame_to_html

    store = Store(db, must_exist=True)
    user = acting_user(store, user_id)
    outcomes = process_folder(store, user, Path(folder), Path(mapping), kind)
    frame = outcomes_frame(outcomes)
    if out:
        frame.to_csv(out, index=False, encoding="utf-8-sig")

    drafted = [outcome for outcome in outcomes if outcome.status == DRAFTED]
    audio_seconds = sum(outcome.duration or 0.0 for outcome in drafted)
    work_seconds = sum(outcome.transcribe_seconds or 0.0 for outcome in drafted)
    speed = f"、実時間比 {work_seconds / audio_seconds:.2f}" if audio_seconds else ""
    summary = (
        f"<p>ファイル {len(outcomes)} 件: 下書き作成 {len(drafted)} 件、"
        f"同意なしでスキップ {sum(1 for o in outcomes if o.status == SKIPPED)} 件、失敗 {sum(1 for o in outcomes if o.status == FAILED)} 件。"
        f"録音 {audio_seconds:.0f} 秒を {work_seconds:.0f} 秒で文字起こし{speed}。"
        f"要確認の文は合計 {sum(o.needs_check for o in drafted)} 件です。</p>"
    )
    if out:
        summary += f"<p class='seiho-note'>一覧を {html.escape(Path(out).name)} に書き出しました。</p>"
    return [HTML(summary), HTML(frame_to_html(frame, "処理したファイルはありません。"))]
