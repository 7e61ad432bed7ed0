"""Benchmark transcription: real-time factor and peak memory per case, and memory on a 60-minute file.

Usage: python bench/bench_transcribe.py [--cases dev-01,dev-02] [--skip-long] [--threads 2]

Each case of ../shared/cases/dev/audio runs in a fresh process with the
bundled Whisper base model (int8, CPU), so its peak RSS is its own. The
transcripts go to data/bench/transcripts/dev-NN.json (text after and before
the lexicon correction) for the character-error-rate benchmark. The 60-minute
file is the cases joined end to end (data/bench/long-60min.wav). Its RSS is
sampled after each window to show whether memory grows with the length. The
peak RSS of decoding it whole, as faster-whisper's decode_audio does, is
printed beside that of seiho's windowed reader.
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
from common import BENCH_DATA

CASES = Path(__file__).resolve().parents[2] / "shared" / "cases" / "dev" / "audio"
TRANSCRIPTS = BENCH_DATA / "transcripts"
LONG_FILE = BENCH_DATA / "long-60min.wav"
LONG_SECONDS = 3600


def rss_mb() -> float:
    """Return this process's resident memory in MB, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    """Return this process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_case(path: Path, threads: int, transcript: Path | None) -> dict:
    """Transcribe one file in this process and return its figures (and write its transcript)."""
    from seiho.speech.model import resolve_model_folder
    from seiho.speech.transcribe import TranscriptionOptions, TranscriptionRun, load_model, transcribe_file

    options = TranscriptionOptions(cpu_threads=threads)
    started = time.perf_counter()
    load_model(resolve_model_folder(), options)
    load_seconds = time.perf_counter() - started
    after_load = rss_mb()

    checkpoints = []
    run = TranscriptionRun(path=path, model_folder=resolve_model_folder())

    def progress(done: float, total: float) -> None:
        checkpoints.append((round(done), round(rss_mb())))

    started = time.perf_counter()
    cpu_started = resource.getrusage(resource.RUSAGE_SELF)
    segments = list(transcribe_file(path, options, progress=progress, run=run))
    seconds = time.perf_counter() - started
    cpu_ended = resource.getrusage(resource.RUSAGE_SELF)
    cpu_seconds = (cpu_ended.ru_utime - cpu_started.ru_utime) + (cpu_ended.ru_stime - cpu_started.ru_stime)

    duration = run.report.decoded_seconds
    if transcript is not None:
        transcript.write_text(json.dumps({
            "audio": path.name, "duration_s": duration, "model": "whisper-base int8",
            "text": "".join(segment.text for segment in segments),
            "original_text": "".join(segment.original_text for segment in segments),
            "segments": [segment.as_dict() for segment in segments],
        }, ensure_ascii=False, indent=1), encoding="utf-8")
    return {
        "case": path.stem, "duration_s": round(duration, 1), "seconds": round(seconds, 1), "rtf": round(seconds / duration, 3),
        "cpu_per_audio_s": round(cpu_seconds / duration, 3),
        "load_s": round(load_seconds, 1), "rss_after_load_mb": round(after_load), "peak_rss_mb": round(peak_rss_mb()),
        "segments": len(segments), "flagged": sum(1 for segment in segments if segment.flags),
        "rss_by_progress": checkpoints,
    }


def decode_whole(path: Path) -> dict:
    """Decode a whole file at once with faster-whisper's decode_audio; return its peak RSS."""
    from faster_whisper import decode_audio

    before = rss_mb()
    started = time.perf_counter()
    audio = decode_audio(str(path), sampling_rate=16000)
    return {"decode_audio_s": round(time.perf_counter() - started, 1), "rss_before_mb": round(before),
            "peak_rss_mb": round(peak_rss_mb()), "samples": int(audio.shape[0])}


def decode_windows(path: Path) -> dict:
    """Decode a whole file through seiho's AudioReader windows; return its peak RSS."""
    from seiho.speech.audio import AudioReader

    before = rss_mb()
    started = time.perf_counter()
    reader = AudioReader(path)
    count = sum(samples.shape[0] for _, samples in reader.windows())
    return {"reader_s": round(time.perf_counter() - started, 1), "rss_before_mb": round(before),
            "peak_rss_mb": round(peak_rss_mb()), "samples": count}


def build_long_file() -> Path:
    """Join the case recordings into a 60-minute 16 kHz mono WAV, once."""
    from seiho.speech.audio import AudioReader

    if LONG_FILE.exists():
        return LONG_FILE
    BENCH_DATA.mkdir(parents=True, exist_ok=True)
    written = 0
    partial = LONG_FILE.with_suffix(".partial")
    with wave.open(str(partial), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        while written < LONG_SECONDS * 16000:
            for case in sorted(CASES.glob("dev-*.ogg")):
                for _, samples in AudioReader(case).windows():
                    take = samples[: LONG_SECONDS * 16000 - written]
                    out.writeframes((np.clip(take, -1, 1) * 32767).astype("<i2").tobytes())
                    written += take.shape[0]
                if written >= LONG_SECONDS * 16000:
                    break
    partial.rename(LONG_FILE)
    return LONG_FILE


def child(kind: str, path: Path, threads: int, transcript: Path | None) -> dict:
    """Run one measurement in a fresh process and return its JSON."""
    command = [sys.executable, __file__, "--child", kind, "--path", str(path), "--threads", str(threads)]
    if transcript is not None:
        command += ["--transcript", str(transcript)]
    # The child reports its result as the last line of its stdout; its warnings go to stderr.
    output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", default=None, help="comma-separated case ids (default: all)")
    parser.add_argument("--skip-long", action="store_true", help="skip the 60-minute file")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--transcript", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        functions = {"case": lambda: one_case(args.path, args.threads, args.transcript),
                     "decode_whole": lambda: decode_whole(args.path), "decode_windows": lambda: decode_windows(args.path)}
        print(json.dumps(functions[args.child]()))
        return 0

    TRANSCRIPTS.mkdir(parents=True, exist_ok=True)
    cases = sorted(CASES.glob("dev-*.ogg"))
    if args.cases:
        selected = set(args.cases.split(","))
        cases = [case for case in cases if case.stem in selected]
    if not cases:
        print(f"no audio in {CASES}", file=sys.stderr)
        return 1

    results = []
    print("| case | audio (s) | transcription (s) | RTF | CPU s per audio s | peak RSS (MB) | segments | flagged |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |", flush=True)
    for case in cases:
        result = child("case", case, args.threads, TRANSCRIPTS / f"{case.stem}.json")
        results.append(result)
        print(f"| {result['case']} | {result['duration_s']} | {result['seconds']} | {result['rtf']:.3f} | {result['cpu_per_audio_s']:.3f} | {result['peak_rss_mb']} "
              f"| {result['segments']} | {result['flagged']} |", flush=True)
    print(f"| median | {statistics.median(r['duration_s'] for r in results):.1f} | {statistics.median(r['seconds'] for r in results):.1f} "
          f"| {statistics.median(r['rtf'] for r in results):.3f} | {statistics.median(r['cpu_per_audio_s'] for r in results):.3f} "
          f"| {statistics.median(r['peak_rss_mb'] for r in results):.0f} | | |")
    print(f"model load: median {statistics.median(r['load_s'] for r in results):.1f} s, RSS after load "
          f"{statistics.median(r['rss_after_load_mb'] for r in results):.0f} MB", flush=True)

    if not args.skip_long:
        long_file = build_long_file()
        whole = child("decode_whole", long_file, args.threads, None)
        windows = child("decode_windows", long_file, args.threads, None)
        print(f"decode 60 min at once (faster_whisper.decode_audio): peak RSS {whole['peak_rss_mb']} MB; "
              f"in windows (seiho AudioReader): peak RSS {windows['peak_rss_mb']} MB", flush=True)
        result = child("case", long_file, args.threads, TRANSCRIPTS / "long-60min.json")
        checkpoints = result["rss_by_progress"]
        print(f"60-minute file: {result['seconds']:.0f} s, RTF {result['rtf']:.3f}, CPU s per audio s {result['cpu_per_audio_s']:.3f}, peak RSS {result['peak_rss_mb']} MB; "
              f"RSS after the first window {checkpoints[0][1]} MB, at the end {checkpoints[-1][1]} MB")
        print("RSS by progress (s done, MB): " + ", ".join(f"{done}:{mb}" for done, mb in checkpoints[:: max(1, len(checkpoints) // 8)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
