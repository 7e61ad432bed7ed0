"""Decode audio files into 16 kHz float windows, a piece at a time.

PyAV decodes and resamples packet by packet, and ``AudioReader.windows``
hands out windows of about two minutes cut at the quietest moment near
their end, so a 60-minute recording never sits in memory whole (faster-whisper's
own ``decode_audio`` loads the entire file). The reader counts the seconds it
decoded and compares them with what the container declares, so a truncated or
damaged file is reported, never taken for a short success.
"""

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import av
import numpy as np

from seiho.speech.errors import AudioDecodeError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000

# A file that decodes at least this many seconds short of what its header
# declares is reported as truncated. Encoders pad a few frames; half a
# second is far above that.
TRUNCATION_TOLERANCE_SECONDS = 0.5


@dataclass(frozen=True)
class AudioInfo:
    """The duration, channels, sample rate and codec a container declares, read before decoding."""

    duration: float
    channels: int
    sample_rate: int
    codec: str
    container: str
    # True when the container shows that data is missing at its end although
    # its declared duration cannot tell (an Ogg file without its last page).
    ends_early: bool = False


@dataclass
class DecodeReport:
    """The result of decoding a file: declared and decoded seconds, any decoder error, a missing end."""

    declared_seconds: float
    decoded_seconds: float = 0.0
    error: str | None = None
    ends_early: bool = False

    @property
    def complete(self) -> bool:
        """True when the whole declared length decoded without an error and the container's end is present."""
        short = self.declared_seconds - self.decoded_seconds > TRUNCATION_TOLERANCE_SECONDS
        return self.error is None and not short and not self.ends_early

    def warning_ja(self) -> str | None:
        """Return a Japanese warning naming the seconds decoded, or None when the file decoded completely."""
        if self.complete:
            return None
        short = self.declared_seconds - self.decoded_seconds > TRUNCATION_TOLERANCE_SECONDS
        if self.ends_early and self.error is None and not short:
            # The original length is unknown: an Ogg file declares only the length of the pages it still has.
            return (
                f"音声ファイルが途中で切れています（ファイルの終わりの印がありません）。先頭から {self.decoded_seconds:.1f} 秒分だけを読み取りました。"
                "残りは文字起こしされていません。元の機器から保存し直したファイルで文字起こしし直してください。"
            )
        return (
            f"音声ファイルが途中で切れているか壊れています。先頭から {self.decoded_seconds:.1f} 秒分だけを読み取りました"
            f"（ファイルの表示上の長さ {self.declared_seconds:.1f} 秒）。残りは文字起こしされていません。"
        )


def _open(path: Path):
    """Open a file with PyAV, or raise AudioDecodeError in Japanese."""
    if path.is_dir():
        raise AudioDecodeError(
            f"{path} はフォルダで、音声ファイルではありません。音声ファイルを1つ指定してください。"
            "フォルダ内の録音をまとめて文字起こしするときは seiho report transcribe_folder を使ってください。",
            f"{path} is a directory",
        )
    if not path.is_file():
        raise AudioDecodeError(f"音声ファイル {path} が見つかりません。", f"{path} not found")
    if path.stat().st_size == 0:
        raise AudioDecodeError(
            f"音声ファイル {path.name} は空です（0バイト）。録音の保存かコピーが途中で止まった可能性があります。元の機器から保存し直してください。",
            f"{path} is empty",
        )
    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError, ValueError) as error:
        raise AudioDecodeError(
            f"音声ファイル {path.name} を開けません（壊れているか、対応していない形式です）。"
            "対応形式: WAV, MP3, M4A/AAC, OGG/Opus。元の機器から保存し直してください。",
            f"cannot open {path}: {error}",
        ) from error
    if not container.streams.audio:
        container.close()
        raise AudioDecodeError(f"ファイル {path.name} に音声が含まれていません。", f"no audio stream in {path}")
    return container


def _riff_declared_seconds(path: Path) -> float | None:
    """Return the length a WAV (RIFF) header declares for its data chunk, or None for other files.

    FFmpeg reports a truncated WAV's length from the bytes present, so the
    header is read here to notice that the data stops early.
    """
    with open(path, "rb") as handle:
        head = handle.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return None
        byte_rate = None
        while True:
            chunk = handle.read(8)
            if len(chunk) < 8:
                return None
            name, size = chunk[:4], int.from_bytes(chunk[4:8], "little")
            if name == b"fmt ":
                body = handle.read(size + (size & 1))
                byte_rate = int.from_bytes(body[8:12], "little")
            elif name == b"data":
                return size / byte_rate if byte_rate else None
            else:
                handle.seek(size + (size & 1), 1)


def _ogg_ends_early(path: Path) -> bool:
    """Return True when an Ogg file's last page is cut off or lacks the end-of-stream flag.

    An Ogg stream marks its last page with the end-of-stream flag (bit 0x04
    of the page's header type). FFmpeg reports a truncated Ogg file's length from the last
    page present, so that length cannot show the cut. Only page headers are
    read, so a long file is not loaded. Returns False for other files.
    """
    size = path.stat().st_size
    with open(path, "rb") as handle:
        if handle.read(4) != b"OggS":
            return False
        position = 0
        last_flags = None
        while position < size:
            handle.seek(position)
            header = handle.read(27)
            if len(header) < 27 or header[:4] != b"OggS":
                return True
            segment_count = header[26]
            lacing = handle.read(segment_count)
            if len(lacing) < segment_count:
                return True
            position += 27 + segment_count + sum(lacing)
            if position > size:
                return True
            last_flags = header[5]
    end_of_stream = 0x04
    return last_flags is None or not last_flags & end_of_stream


def probe_audio(path: str | Path) -> AudioInfo:
    """Read the duration, channels, sample rate and codec a file declares, without decoding it."""
    path = Path(path)
    container = _open(path)
    try:
        stream = container.streams.audio[0]
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / av.time_base
        else:
            duration = 0.0
        declared = _riff_declared_seconds(path)
        if declared is not None and declared < 24 * 3600:
            duration = max(duration, declared)
        return AudioInfo(
            duration=round(duration, 3),
            channels=stream.codec_context.channels,
            sample_rate=stream.codec_context.sample_rate,
            codec=stream.codec_context.name,
            container=container.format.name,
            ends_early=_ogg_ends_early(path),
        )
    finally:
        container.close()


class AudioReader:
    """Decode one file into 16 kHz float32 windows.

    Args:
        path: the audio file.
        split_channels: keep channels apart (windows shaped (channels, n));
            otherwise channels are mixed down to mono (windows shaped (n,)).
        window_seconds: about how long each window is.
        search_seconds: how far back from a window's end to look for the
            quietest 20 ms at which to cut, so a word is not split.
    """

    def __init__(self, path: str | Path, split_channels: bool = False, window_seconds: float = 120.0, search_seconds: float = 10.0):
        self.path = Path(path)
        self.split_channels = split_channels
        self.window_samples = int(window_seconds * SAMPLE_RATE)
        self.search_samples = int(search_seconds * SAMPLE_RATE)
        self.info = probe_audio(self.path)
        self.report = DecodeReport(declared_seconds=self.info.duration, ends_early=self.info.ends_early)

    @property
    def channels(self) -> int:
        """How many channels the windows have (1 when mixed down)."""
        return min(self.info.channels, 2) if self.split_channels else 1

    def _frames(self) -> Iterator[np.ndarray]:
        """Yield resampled pieces shaped (channels, n); record a decoder error and stop on one."""
        container = _open(self.path)
        layout = "stereo" if self.channels == 2 else "mono"
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)
        try:
            stream = container.streams.audio[0]
            for packet in container.demux(stream):
                for frame in packet.decode():
                    for out in resampler.resample(frame):
                        yield out.to_ndarray()
            for out in resampler.resample(None):
                yield out.to_ndarray()
        except (av.error.FFmpegError, ValueError) as error:
            log.warning("decoding %s stopped: %s", self.path.name, error)
            self.report.error = str(error)
        finally:
            container.close()

    def _cut_point(self, buffer: np.ndarray) -> int:
        """Return the sample index of the quietest 20 ms in the last search_seconds of the buffer."""
        frame = SAMPLE_RATE // 50
        start = max(0, buffer.shape[1] - self.search_samples)
        tail = buffer[:, start:]
        count = tail.shape[1] // frame
        if count < 2:
            return buffer.shape[1]
        energy = (tail[:, : count * frame] ** 2).sum(axis=0).reshape(count, frame).sum(axis=1)
        return start + int(np.argmin(energy)) * frame

    def windows(self) -> Iterator[tuple[float, np.ndarray]]:
        """Yield (offset in seconds, samples) windows, then fill ``report`` with the seconds decoded.

        Raises AudioDecodeError when nothing at all could be decoded.
        """
        pieces: list[np.ndarray] = []
        buffered = 0
        offset = 0

        for piece in self._frames():
            pieces.append(piece)
            buffered += piece.shape[1]
            if buffered < self.window_samples:
                continue
            buffer = np.concatenate(pieces, axis=1)
            cut = self._cut_point(buffer)
            yield offset / SAMPLE_RATE, self._shape(buffer[:, :cut])
            offset += cut
            pieces = [buffer[:, cut:]]
            buffered = pieces[0].shape[1]

        if buffered:
            yield offset / SAMPLE_RATE, self._shape(np.concatenate(pieces, axis=1))
        offset += buffered
        self.report.decoded_seconds = round(offset / SAMPLE_RATE, 3)
        if offset == 0:
            raise AudioDecodeError(
                f"音声ファイル {self.path.name} から音声を 1 秒も読み取れませんでした（{self.report.error or '音声データなし'}）。"
                "ファイルが壊れていないか、元の機器から保存し直して確かめてください。",
                f"no samples decoded from {self.path}: {self.report.error}",
            )

    def _shape(self, samples: np.ndarray) -> np.ndarray:
        """Return contiguous float32 samples: (n,) when mixed down, (channels, n) when split."""
        if not self.split_channels:
            return np.ascontiguousarray(samples[0], dtype=np.float32)
        return np.ascontiguousarray(samples, dtype=np.float32)


def decode_audio(path: str | Path, split_channels: bool = False) -> tuple[np.ndarray, DecodeReport]:
    """Decode a whole (short) file into one 16 kHz array and its report; for tests and previews."""
    reader = AudioReader(path, split_channels=split_channels)
    windows = [samples for _, samples in reader.windows()]
    return np.concatenate(windows, axis=-1), reader.report
