"""Cut one transcript segment out of a stored recording as a WAV data URL for the browser.

The dashboard plays a segment from an ``<audio>`` element whose source is a
``data:`` URL of the clip, so the page requests nothing from any host and no
file path leaves the recording store.
"""

import base64
import io
import logging
import wave
from pathlib import Path

import av
import numpy as np

from seiho.errors import SeihoError

log = logging.getLogger(__name__)

# Clips are mono 16-bit PCM at this rate: the rate Whisper hears, about
# 32 kB a second before base64.
CLIP_SAMPLE_RATE = 16_000

# The maximum clip length sent to the browser, in seconds. A longer segment plays
# its first part, so a page never carries a large part of a recording.
MAX_CLIP_SECONDS = 60.0

# Seconds of audio added before and after a segment, because segment times
# from Whisper can cut the first or last syllable.
CLIP_PADDING_SECONDS = 0.3


def decode_clip(audio_path: Path, start: float, end: float, sample_rate: int = CLIP_SAMPLE_RATE) -> np.ndarray:
    """Decode ``start``–``end`` seconds of a recording to mono int16 samples at ``sample_rate``."""
    if end <= start:
        raise SeihoError(
            f"再生する区間 {start:.1f}〜{end:.1f} 秒が正しくありません。文字起こしをやり直してください。",
            f"invalid clip range {start}-{end}",
        )
    try:
        container = av.open(str(audio_path))
    except (av.error.FFmpegError, OSError) as error:
        raise SeihoError(
            f"録音ファイル {Path(audio_path).name} を開けませんでした。ファイルが消されたか壊れています。",
            f"cannot open recording {audio_path}: {error}",
        ) from error

    chunks = []
    with container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="s16", layout="mono", rate=sample_rate)
        # Seek lands on a packet at or before the start; frames before it are skipped below.
        container.seek(int(start / stream.time_base), stream=stream, any_frame=False, backward=True)
        for frame in container.decode(stream):
            if frame.pts is None:
                continue
            frame_start = float(frame.pts * stream.time_base)
            if frame_start >= end:
                break
            for resampled in resampler.resample(frame):
                samples = resampled.to_ndarray().reshape(-1)
                offset = int(round(max(0.0, start - frame_start) * sample_rate))
                limit = int(round((end - frame_start) * sample_rate))
                chunks.append(samples[offset:max(offset, limit)])

    if not chunks:
        return np.zeros(0, dtype=np.int16)
    return np.concatenate(chunks).astype(np.int16)


def samples_to_wav(samples: np.ndarray, sample_rate: int = CLIP_SAMPLE_RATE) -> bytes:
    """Return mono int16 samples as the bytes of a WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(sample_rate)
        writer.writeframes(samples.astype("<i2").tobytes())
    return buffer.getvalue()


def clip_data_url(audio_path: Path, start: float, end: float) -> str:
    """Return a ``data:audio/wav`` URL of the segment with a little padding, at most ``MAX_CLIP_SECONDS`` long."""
    clip_start = max(0.0, start - CLIP_PADDING_SECONDS)
    clip_end = min(end + CLIP_PADDING_SECONDS, clip_start + MAX_CLIP_SECONDS)
    samples = decode_clip(audio_path, clip_start, clip_end)
    if samples.size == 0:
        raise SeihoError(
            f"録音の {start:.1f}〜{end:.1f} 秒に音声がありません。録音ファイルが途中で切れている可能性があります。",
            f"no samples decoded in {start}-{end} of {audio_path}",
        )
    encoded = base64.b64encode(samples_to_wav(samples)).decode("ascii")
    log.info("cut a clip of %.1f s for playback", samples.size / CLIP_SAMPLE_RATE)
    return f"data:audio/wav;base64,{encoded}"


def audio_html(data_url: str, label: str) -> str:
    """Return an ``<audio>`` element that plays the clip once, with controls to replay it."""
    return (
        f'<div class="seiho-note">{label}</div>'
        f'<audio controls autoplay preload="auto" src="{data_url}"></audio>'
    )
