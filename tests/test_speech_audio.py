"""seiho.speech.audio: formats, sample rates, channels, windows and damaged files."""

from pathlib import Path

import numpy as np
import pytest

from seiho.speech.audio import SAMPLE_RATE, AudioReader, decode_audio, probe_audio
from seiho.speech.errors import AudioDecodeError

AUDIO = Path(__file__).parent / "data" / "audio"


@pytest.mark.parametrize("name", ["speech.wav", "speech.mp3", "speech.m4a"])
def test_decode_each_format_full_length(name):
    samples, _ = decode_audio(AUDIO / name)
    assert abs(samples.shape[0] / SAMPLE_RATE - 6.6) < 0.2


def test_decode_ogg_opus_full_length():
    samples, report = decode_audio(AUDIO / "speech.ogg")
    assert abs(samples.shape[0] / SAMPLE_RATE - 8.9) < 0.1


def test_decode_phone_8k_resampled_to_16k():
    samples, _ = decode_audio(AUDIO / "phone-8k.wav")
    assert samples.shape[0] == int(10.5 * SAMPLE_RATE)


def test_probe_phone_8k_declares_8000():
    assert probe_audio(AUDIO / "phone-8k.wav").sample_rate == 8000


def test_decode_stereo_split_two_channels():
    samples, _ = decode_audio(AUDIO / "stereo.ogg", split_channels=True)
    assert samples.shape[0] == 2


def test_decode_stereo_channels_differ():
    samples, _ = decode_audio(AUDIO / "stereo.ogg", split_channels=True)
    early = slice(0, 3 * SAMPLE_RATE)
    assert np.abs(samples[0, early]).mean() > 10 * np.abs(samples[1, early]).mean()


def test_decode_stereo_mixed_down_mono():
    samples, _ = decode_audio(AUDIO / "stereo.ogg")
    assert samples.ndim == 1


def test_decode_complete_file_no_warning():
    _, report = decode_audio(AUDIO / "speech.wav")
    assert report.warning_ja() is None


def test_decode_truncated_wav_names_seconds():
    _, report = decode_audio(AUDIO / "truncated.wav")
    assert "3.3 秒" in report.warning_ja()


def test_decode_truncated_wav_not_complete():
    _, report = decode_audio(AUDIO / "truncated.wav")
    assert not report.complete


def test_decode_truncated_ogg_not_complete():
    _, report = decode_audio(AUDIO / "truncated.ogg")
    assert not report.complete


def test_decode_truncated_ogg_warns_cut_off():
    _, report = decode_audio(AUDIO / "truncated.ogg")
    assert "途中で切れています" in report.warning_ja()


def test_decode_complete_ogg_no_warning():
    _, report = decode_audio(AUDIO / "stereo.ogg")
    assert report.warning_ja() is None


def test_decode_truncated_m4a_japanese_error():
    with pytest.raises(AudioDecodeError, match="開けません"):
        decode_audio(AUDIO / "truncated.m4a")


def test_decode_text_file_japanese_error():
    with pytest.raises(AudioDecodeError, match="対応形式"):
        probe_audio(AUDIO / "not-audio.mp3")


def test_decode_missing_file_japanese_error():
    with pytest.raises(AudioDecodeError, match="見つかりません"):
        probe_audio(AUDIO / "none.wav")


def test_probe_empty_file_says_zero_bytes(tmp_path):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(AudioDecodeError) as caught:
        probe_audio(empty)
    assert "empty.wav は空です（0バイト）" in caught.value.message_ja
    assert "開けません" not in caught.value.message_ja


def test_probe_folder_says_not_audio(tmp_path):
    with pytest.raises(AudioDecodeError) as caught:
        probe_audio(tmp_path)
    assert "はフォルダで、音声ファイルではありません" in caught.value.message_ja
    assert "見つかりません" not in caught.value.message_ja


def test_windows_cover_whole_file():
    reader = AudioReader(AUDIO / "speech.ogg", window_seconds=2.0, search_seconds=0.5)
    total = sum(samples.shape[0] for _, samples in reader.windows())
    assert total == int(round(reader.report.decoded_seconds * SAMPLE_RATE))


def test_windows_offsets_follow_each_other():
    reader = AudioReader(AUDIO / "speech.ogg", window_seconds=2.0, search_seconds=0.5)
    windows = list(reader.windows())
    ends = [offset + samples.shape[0] / SAMPLE_RATE for offset, samples in windows[:-1]]
    assert [offset for offset, _ in windows[1:]] == pytest.approx(ends)


def test_windows_bounded_in_length():
    reader = AudioReader(AUDIO / "speech.ogg", window_seconds=2.0, search_seconds=0.5)
    assert max(samples.shape[0] for _, samples in reader.windows()) <= 2.2 * SAMPLE_RATE
