"""Transcribe one audio file with faster-whisper, offline, with guards against known failures.

``transcribe_file`` streams ``Segment`` items window by window (see
``seiho.speech.audio``), so memory stays flat on long recordings. Language
is fixed to Japanese and VAD is on. Hotwords come from ``seiho.lexicon`` when
it is installed, and each segment's text goes through its correction step. A
segment that looks like a stock phrase in silence, a repetition loop, another
language or skipped speech is decoded once more (temperature fallback, no
hotwords). If it still fails it is kept with its flags and 要確認, never
dropped.
"""

import importlib
import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from seiho.speech import guards
from seiho.speech.audio import SAMPLE_RATE, AudioReader, DecodeReport
from seiho.speech.model import resolve_model_folder
from seiho.speech.segments import Segment

log = logging.getLogger(__name__)

# Whisper weights are never fetched: only local folders are used.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

Progress = Callable[[float, float], None]


@dataclass(frozen=True)
class TranscriptionOptions:
    """How to transcribe: which model, where to run it and how to decode.

    ``model_folder`` None means the office setting or the default assembled
    model (see ``seiho.speech.model.resolve_model_folder``). ``device`` "auto"
    uses CUDA when a GPU is present, else the CPU; ``compute_type`` "auto"
    means int8 on the CPU and int8_float16 on a GPU.
    """

    model_folder: str | None = None
    device: str = "auto"
    compute_type: str = "auto"
    cpu_threads: int = 0
    beam_size: int = 5
    vad: bool = True
    split_channels: bool = False
    channel_labels: tuple[str, str] = ("左", "右")
    window_seconds: float = 120.0
    use_lexicon: bool = True
    redecode_temperatures: tuple[float, ...] = (0.2, 0.4, 0.6, 0.8)


@dataclass
class TranscriptionRun:
    """The state of one file's transcription: the decoder's report and the model folder used."""

    path: Path
    model_folder: Path
    report: DecodeReport | None = None


def _device(options: TranscriptionOptions) -> tuple[str, str]:
    """Resolve "auto" device and compute type."""
    device = options.device
    if device == "auto":
        import ctranslate2

        device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    compute_type = options.compute_type
    if compute_type == "auto":
        compute_type = "int8_float16" if device == "cuda" else "int8"
    return device, compute_type


_MODELS: dict = {}


def load_model(folder: Path, options: TranscriptionOptions):
    """Return a WhisperModel for a local folder, loaded once per process and settings."""
    from faster_whisper import WhisperModel

    device, compute_type = _device(options)
    key = (str(folder), device, compute_type, options.cpu_threads)
    if key not in _MODELS:
        log.info("loading Whisper model %s on %s (%s)", folder.name, device, compute_type)
        _MODELS[key] = WhisperModel(
            str(folder), device=device, compute_type=compute_type,
            cpu_threads=options.cpu_threads, local_files_only=True,
        )
    return _MODELS[key]


def _lexicon():
    """Return seiho.lexicon and its loaded lexicon, or (None, None) when the package is not installed."""
    try:
        module = importlib.import_module("seiho.lexicon")
    except ImportError:
        return None, None
    return module, module.load_lexicon()


@dataclass(frozen=True)
class _Raw:
    """A segment as decoded, before correction and numbering."""

    start: float
    end: float
    text: str
    flags: tuple[str, ...]
    avg_logprob: float
    no_speech_prob: float
    speaker: str | None


class _Decoder:
    """Decodes windows of one channel with the guards and the one re-decode."""

    def __init__(self, model, options: TranscriptionOptions, lexicon):
        self.model = model
        self.options = options
        # The lexicon biases decoding through hotwords only. With an initial
        # prompt (even 48 tokens of it) the base model stopped after the first
        # sentence of a 30-second window and skipped the rest, while short
        # hotwords kept every sentence of the same audio.
        self.hotwords = _fit_terms(model, lexicon.hotwords()) if lexicon is not None else None

    def _run(self, samples: np.ndarray, heard: Callable[[float], None] | None = None, **overrides):
        """Run faster-whisper on samples with the fixed settings; return its segments as a list.

        ``heard`` is called with each segment's end (seconds into ``samples``)
        as faster-whisper yields it, so progress moves within a window.
        """
        settings = dict(
            language="ja", task="transcribe", beam_size=self.options.beam_size,
            vad_filter=self.options.vad, condition_on_previous_text=False,
            initial_prompt=None, hotwords=self.hotwords, temperature=0.0,
        )
        settings.update(overrides)
        found, _info = self.model.transcribe(samples, **settings)
        pieces = []
        for piece in found:
            pieces.append(piece)
            if heard is not None:
                heard(piece.end)
        return pieces

    def decode(
        self, samples: np.ndarray, offset: float, speaker: str | None, heard: Callable[[float], None] | None = None,
    ) -> list[_Raw]:
        """Decode one window and return its guarded segments with absolute times.

        ``heard`` gets the seconds of the window decoded so far.
        """
        length = samples.shape[-1] / SAMPLE_RATE
        result = []
        progress = (lambda seconds: heard(min(seconds, length))) if heard is not None else None
        for piece in self._run(samples, heard=progress):
            text = piece.text.strip()
            flags = guards.check_text(text, piece.no_speech_prob, piece.avg_logprob, piece.end - piece.start)
            parts = [(piece.start, piece.end, text, flags, piece.avg_logprob, piece.no_speech_prob)]
            if guards.needs_redecode(flags):
                parts = self._redecode(samples, piece, text, flags)

            for start, end, part_text, part_flags, avg_logprob, no_speech_prob in parts:
                if not part_text:
                    continue
                # Whisper's last timestamp can run past the audio it was given.
                end = min(end, length)
                start = min(start, end)
                result.append(_Raw(
                    start=round(offset + start, 2), end=round(offset + end, 2), text=part_text, flags=part_flags,
                    avg_logprob=avg_logprob, no_speech_prob=no_speech_prob, speaker=speaker,
                ))
        return result

    def _redecode(self, samples: np.ndarray, piece, text: str, flags: tuple[str, ...]) -> list[tuple]:
        """Decode a flagged segment's audio once more without hotwords and with temperature fallback.

        Returns (start, end, text, flags, avg_logprob, no_speech_prob) parts:
        the new segments when they all pass the guards, else the original
        segment with its flags and 要確認.
        """
        first = int(piece.start * SAMPLE_RATE)
        last = max(first + SAMPLE_RATE // 10, int(piece.end * SAMPLE_RATE))
        pieces = self._run(
            samples[first:last], hotwords=None, temperature=list(self.options.redecode_temperatures), vad_filter=False,
        )

        retry = []
        for item in pieces:
            item_text = item.text.strip()
            if not item_text:
                continue
            item_flags = guards.check_text(item_text, item.no_speech_prob, item.avg_logprob, item.end - item.start)
            start = piece.start + item.start
            end = min(piece.start + item.end, piece.end)
            retry.append((start, end, item_text, item_flags + (guards.REDECODED,), item.avg_logprob, item.no_speech_prob))
        passed = bool(retry) and not any(guards.needs_redecode(part[3]) for part in retry)
        log.info("re-decoded a flagged segment at %.1f s: %s", piece.start, "passed" if passed else "still flagged")

        if passed:
            return retry
        # Nothing heard on the second pass, or still bad: keep the first text,
        # flagged, so nothing disappears without a trace.
        return [(piece.start, piece.end, text, flags + (guards.NEEDS_CHECK,), piece.avg_logprob, piece.no_speech_prob)]


# Tokens of lexicon hotwords given to Whisper. Its context is 448 tokens, and
# a 30-second window of Japanese speech needs up to about 250 of them.
HOTWORD_TOKEN_BUDGET = 48


def _fit_terms(model, terms: str) -> str | None:
    """Keep the leading space-separated lexicon terms that fit HOTWORD_TOKEN_BUDGET tokens."""
    if not terms:
        return None
    tokenizer = model.hf_tokenizer
    kept = ""
    for term in terms.split():
        candidate = f"{kept} {term}" if kept else term
        if len(tokenizer.encode(candidate).ids) > HOTWORD_TOKEN_BUDGET:
            break
        kept = candidate
    return kept or None


def _merge(channels: list[list[_Raw]]) -> list[_Raw]:
    """Merge the segments of several channels by start time."""
    merged = [item for channel in channels for item in channel]
    return sorted(merged, key=lambda item: (item.start, item.speaker or ""))


def transcribe_file(
    path: str | Path, options: TranscriptionOptions | None = None, progress: Progress | None = None,
    run: TranscriptionRun | None = None,
) -> Iterator[Segment]:
    """Transcribe one audio file and yield its segments in time order (no database involved).

    Args:
        path: the audio file (wav, mp3, m4a/aac, ogg/opus).
        options: model and decoding options; defaults when None.
        progress: called with (seconds done, seconds in total) after each window.
        run: optional ``TranscriptionRun`` that receives the decoder's report
            (to read decoded seconds and a truncation warning afterwards).

    Raises AudioDecodeError when nothing decodes and ModelMissing when the
    model folder is missing or fails its check.
    """
    options = options or TranscriptionOptions()
    path = Path(path)
    folder = resolve_model_folder(options.model_folder)
    model = load_model(folder, options)
    lexicon_module, lexicon = _lexicon() if options.use_lexicon else (None, None)
    decoder = _Decoder(model, options, lexicon)

    reader = AudioReader(path, split_channels=options.split_channels, window_seconds=options.window_seconds)
    if run is not None:
        run.report = reader.report
    total = reader.info.duration
    labels = options.channel_labels if reader.channels == 2 else (None,)
    log.info("transcribing %s: %.0f s, %d channel(s) decoded separately", path.name, total, reader.channels)

    next_id = 0
    # TODO: RSS still rises by about 230 MB over the first 40 minutes of a 60-minute file, then levels off
    # (bench/README.md). MALLOC_ARENA_MAX=2 did not change it, and its source (CTranslate2, the VAD) is not found yet.
    def report(done: float) -> None:
        if progress is not None:
            progress(done, max(total, done))

    for offset, samples in reader.windows():
        length = samples.shape[-1] / SAMPLE_RATE
        if reader.channels == 2:
            # The two channels are decoded one after the other, each counting for half the window.
            raws = _merge([
                decoder.decode(samples[index], offset, labels[index],
                               heard=lambda seconds, index=index: report(offset + (index * length + seconds) / 2))
                for index in range(2)
            ])
        else:
            raws = decoder.decode(samples, offset, None, heard=lambda seconds: report(offset + seconds))

        for raw in raws:
            yield _finish(next_id, raw, lexicon_module, lexicon)
            next_id += 1
        done = offset + length
        log.info("transcribed %.0f of %.0f s (%d segments so far)", done, total, next_id)
        report(done)

    # Staff see the Japanese warning (DecodeReport.warning_ja), so this line is for the log only.
    if not reader.report.complete:
        log.info("%s decoded only %.1f of %.1f s", path.name, reader.report.decoded_seconds, reader.report.declared_seconds)


def _finish(segment_id: int, raw: _Raw, lexicon_module, lexicon) -> Segment:
    """Apply the lexicon correction (when installed) and number the segment."""
    segment = Segment(
        segment_id=segment_id, start=raw.start, end=raw.end, text=raw.text, original_text=raw.text,
        speaker=raw.speaker, flags=raw.flags, avg_logprob=round(raw.avg_logprob, 4), no_speech_prob=round(raw.no_speech_prob, 4),
    )
    if lexicon_module is None:
        return segment
    corrected = lexicon_module.correct_text(raw.text, lexicon)
    return replace(segment, text=corrected.text, corrections=tuple(corrected.corrections))
