"""``seiho transcribe``: store a consented recording, transcribe it with a progress bar and print the segments."""

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm

from seiho.access.users import acting_user
from seiho.cli_parser import output_file
from seiho.speech.recordings import recording_info, store_recording, transcribe_recording
from seiho.speech.transcribe import TranscriptionOptions
from seiho.store import Store


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the audio file, consent, database, user, model, channel and JSON options."""
    parser.add_argument("audio", type=Path, help="音声ファイル（WAV, MP3, M4A/AAC, OGG/Opus）")
    parser.add_argument("--consent", required=True, help="録音同意ID（seiho speech consent で記録したもの）")
    parser.add_argument("--db", default=None, help="データベースファイル（省略時は環境変数 SEIHO_DB、なければ data/demo.duckdb）")
    parser.add_argument("--user", default=None, help="操作する利用者ID（担当 CW か査察指導員）")
    parser.add_argument("--model", default=None, help="CTranslate2 形式の Whisper モデルのフォルダ（省略時は事務所の設定か同梱の base）")
    parser.add_argument("--split-channels", action="store_true", help="ステレオの左右を別の話者として文字起こしする")
    parser.add_argument("--json", type=output_file, default=None, help="区間を JSON で書き出すファイル")


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:05.2f}"


def run(args: argparse.Namespace) -> int:
    """Store, transcribe, print each segment with its times and flags; write JSON when asked."""
    store = Store(args.db, must_exist=True)
    user = acting_user(store, args.user)
    recording_id = store_recording(store, user, args.consent, args.audio)
    print(f"録音 {recording_id} を保存しました。文字起こしを始めます。", file=sys.stderr)

    declared = recording_info(store, user, recording_id).duration
    bar = tqdm(total=declared, unit="秒", desc="文字起こし", file=sys.stderr, bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} 秒")

    def progress(done: float, total: float) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    options = TranscriptionOptions(model_folder=args.model)
    try:
        segments = transcribe_recording(store, user, recording_id, progress=progress, split_channels=args.split_channels, options=options)
    finally:
        bar.close()

    for segment in segments:
        speaker = f"[{segment.speaker}] " if segment.speaker else ""
        flags = f"  ※{'・'.join(segment.flags)}" if segment.flags else ""
        print(f"{_clock(segment.start)}–{_clock(segment.end)} {speaker}{segment.text}{flags}")

    if not segments:
        print("話し声は見つかりませんでした（無音か雑音だけの録音です）。", file=sys.stderr)
    info = recording_info(store, user, recording_id)
    if info.warning:
        print(f"警告: {info.warning}", file=sys.stderr)
    print(f"録音 {recording_id}: {len(segments)} 区間、{info.decoded_seconds or 0:.1f} 秒を文字起こししました（{info.status}）。", file=sys.stderr)

    if args.json is not None:
        payload = {"recording_id": recording_id, "status": info.status, "warning": info.warning,
                   "segments": [segment.as_dict() for segment in segments]}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0
