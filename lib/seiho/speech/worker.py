"""Run a transcription in a separate process, so a crash in the decoder cannot take down its caller.

The worker is started with the "spawn" method (a fresh interpreter, no
inherited threads or database handles) and talks back through a queue:
progress, segments, the decoding report, or an error. If the process dies
without saying it finished (a crash inside CTranslate2, the kernel's OOM
killer), the caller gets ``WorkerCrashed`` with a Japanese message.
"""

import logging
import multiprocessing
import queue
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from seiho.errors import SeihoError
from seiho.speech.errors import WorkerCrashed
from seiho.speech.segments import Segment
from seiho.speech.transcribe import Progress, TranscriptionOptions, TranscriptionRun, transcribe_file

log = logging.getLogger(__name__)

# How often the caller checks that the worker is still alive while waiting.
POLL_SECONDS = 0.5


@dataclass
class WorkerResult:
    """The result a worker sends back: the segments and the decoding report's figures."""

    segments: list[Segment]
    declared_seconds: float
    decoded_seconds: float
    warning_ja: str | None
    model_folder: str


def transcription_job(path: str, options: TranscriptionOptions, messages, log_level: int = logging.WARNING) -> None:
    """Transcribe ``path`` in the worker and put progress, segments and the result on ``messages``.

    ``log_level`` is the caller's, so the worker logs no more than its caller would.
    """
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        from seiho.speech.model import resolve_model_folder

        run = TranscriptionRun(path=Path(path), model_folder=resolve_model_folder(options.model_folder))
        segments = list(transcribe_file(path, options, progress=lambda done, total: messages.put(("progress", done, total)), run=run))
        report = run.report
        messages.put(("done", WorkerResult(
            segments=segments, declared_seconds=report.declared_seconds, decoded_seconds=report.decoded_seconds,
            warning_ja=report.warning_ja(), model_folder=str(run.model_folder),
        )))
    except SeihoError as error:
        messages.put(("error", type(error).__name__, error.message_ja, error.detail))
    except Exception as error:  # anything else is reported to the caller, not lost in the child
        messages.put(("error", "WorkerCrashed", f"文字起こし中に予期しない誤りが起きました（{type(error).__name__}）。管理者にログを見せてください。", repr(error)))


def run_in_worker(
    path: str | Path, options: TranscriptionOptions, progress: Progress | None = None,
    job: Callable = transcription_job,
) -> WorkerResult:
    """Transcribe ``path`` in a spawned worker process and return its result.

    ``progress(done, total)`` is called in the caller's process. A SeihoError
    raised in the worker is raised again here with its Japanese message; a
    worker that dies is reported as WorkerCrashed. ``job`` is the function the
    worker runs (the transcription job unless a test replaces it).
    """
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    level = logging.getLogger().getEffectiveLevel()
    process = context.Process(target=job, args=(str(path), options, messages, level), daemon=True)
    process.start()
    log.info("transcription worker %d started for %s", process.pid, Path(path).name)

    try:
        while True:
            try:
                message = messages.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if process.is_alive():
                    continue
                try:
                    # The worker may have ended just after its last message arrived.
                    message = messages.get(timeout=1.0)
                except queue.Empty:
                    break
            if message[0] == "progress" and progress is not None:
                progress(message[1], message[2])
            elif message[0] == "done":
                return message[1]
            elif message[0] == "error":
                _, kind, message_ja, detail = message
                log.error("transcription worker %d failed: %s", process.pid, detail)
                raise _error_class(kind)(message_ja, detail)
    finally:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()

    code = process.exitcode
    log.error("transcription worker %d ended with exit code %s before finishing", process.pid, code)
    raise WorkerCrashed(
        f"文字起こしの処理が途中で異常終了しました（終了コード {code}）。画面や他の作業には影響ありません。"
        "もう一度実行し、繰り返す場合は音声ファイルと時刻を管理者に伝えてください。",
        f"worker exited with code {code}",
    )


def _error_class(kind: str) -> type:
    """Return the seiho error class named ``kind`` (SeihoError when unknown)."""
    from seiho.speech import errors

    return getattr(errors, kind, None) or SeihoError
