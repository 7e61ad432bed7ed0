"""Make the audio fixtures of tests/test_speech_*.py from the synthetic dev conversations.

Usage: .venv/bin/python tests/data/audio/make_fixtures.py [CASES_AUDIO_FOLDER]

Cuts a few seconds from ../shared/cases/dev/audio/dev-0N.ogg (fictional
conversations spoken by a TTS) and writes them in the formats the tests need.
Run once; the outputs are committed.
"""

import sys
from pathlib import Path

import av
import numpy as np

HERE = Path(__file__).resolve().parent
CASES = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[3] / "shared" / "cases" / "dev" / "audio"


def cut(case: str, start: float, end: float, rate: int = 16000) -> np.ndarray:
    """Decode one case file and return [start, end) seconds as mono float32 at ``rate``."""
    container = av.open(str(CASES / f"{case}.ogg"))
    resampler = av.AudioResampler(format="fltp", layout="mono", rate=rate)
    pieces = []
    for frame in container.decode(audio=0):
        for out in resampler.resample(frame):
            pieces.append(out.to_ndarray()[0])
    container.close()
    samples = np.concatenate(pieces)
    return samples[int(start * rate): int(end * rate)].astype(np.float32)


def write(path: Path, samples: np.ndarray, rate: int, codec: str, bit_rate: int | None = None) -> None:
    """Encode samples shaped (n,) or (channels, n) into ``path`` with PyAV."""
    samples = samples if samples.ndim == 2 else samples[np.newaxis, :]
    layout = "stereo" if samples.shape[0] == 2 else "mono"
    container = av.open(str(path), "w")
    stream = container.add_stream(codec, rate=rate, layout=layout)
    if bit_rate:
        stream.bit_rate = bit_rate
    sample_format = stream.codec_context.format.name
    fifo = av.AudioFifo()
    frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples, dtype=np.float32), format="fltp", layout=layout)
    frame.sample_rate = rate
    converted = av.AudioResampler(format=sample_format, layout=layout, rate=rate).resample(frame)
    for piece in converted:
        fifo.write(piece)
    size = stream.codec_context.frame_size or 1024
    while fifo.samples:
        chunk = fifo.read(min(size, fifo.samples)) if fifo.samples >= size else fifo.read(fifo.samples)
        for packet in stream.encode(chunk):
            container.mux(packet)
    for packet in stream.encode(None):
        container.mux(packet)
    container.close()


def main() -> None:
    speech = cut("dev-02", 44.0, 50.6)  # 川沿いの古いアパートの二階です。家賃は三万八千円です。
    write(HERE / "speech.wav", speech, 16000, "pcm_s16le")
    write(HERE / "speech.mp3", speech, 16000, "libmp3lame", 32000)
    write(HERE / "speech.m4a", speech, 16000, "aac", 32000)
    write(HERE / "speech.ogg", cut("dev-01", 5.4, 14.3), 16000, "libopus", 24000)  # …生活保護のことで相談…

    write(HERE / "phone-8k.wav", cut("dev-03", 3.0, 13.5, rate=8000), 8000, "pcm_s16le")  # …生活保護が受けられるか…

    # The caseworker's question is on the left channel (0–3.2 s) and the applicant's reply on the right (4.0–8.4 s).
    left = cut("dev-02", 0.1, 3.3)
    right = cut("dev-02", 25.6, 30.0)
    stereo = np.zeros((2, int(9.0 * 16000)), dtype=np.float32)
    stereo[0, : left.shape[0]] = left
    stereo[1, int(4.0 * 16000): int(4.0 * 16000) + right.shape[0]] = right
    write(HERE / "stereo.ogg", stereo, 16000, "libopus", 32000)

    noise = np.random.default_rng(4).normal(0.0, 1e-4, int(4.0 * 16000)).astype(np.float32)
    write(HERE / "silence.wav", noise, 16000, "pcm_s16le")

    data = (HERE / "speech.wav").read_bytes()
    (HERE / "truncated.wav").write_bytes(data[: len(data) // 2])
    data = (HERE / "speech.m4a").read_bytes()
    (HERE / "truncated.m4a").write_bytes(data[: len(data) * 6 // 10])
    data = (HERE / "speech.ogg").read_bytes()
    (HERE / "truncated.ogg").write_bytes(data[: len(data) // 2])
    (HERE / "not-audio.mp3").write_bytes("これは音声ではなく、文字だけのファイルです。\n".encode("utf-8") * 20)


if __name__ == "__main__":
    main()
