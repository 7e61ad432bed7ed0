"""seiho.speech.transcribe_file with the bundled Whisper base model (loaded once per test session)."""

import logging
from pathlib import Path

import pytest

from seiho.speech import guards
from seiho.speech.transcribe import TranscriptionOptions, TranscriptionRun, transcribe_file

AUDIO = Path(__file__).parent / "data" / "audio"
OPTIONS = TranscriptionOptions(cpu_threads=2, beam_size=2)


@pytest.fixture(scope="module")
def transcripts():
    """Transcribe each fixture once for the whole module."""
    found = {}
    for name, options in [
        ("speech.ogg", OPTIONS), ("phone-8k.wav", OPTIONS), ("silence.wav", OPTIONS),
        ("stereo.ogg", TranscriptionOptions(cpu_threads=2, beam_size=2, split_channels=True)),
    ]:
        progress = []
        segments = list(transcribe_file(AUDIO / name, options, progress=lambda done, total: progress.append((done, total))))
        found[name] = (segments, progress)
    return found


def test_transcribe_known_phrase_heard(transcripts):
    segments, _ = transcripts["speech.ogg"]
    assert "保護" in "".join(segment.text for segment in segments)


def test_transcribe_segment_ids_in_order(transcripts):
    segments, _ = transcripts["speech.ogg"]
    assert [segment.segment_id for segment in segments] == list(range(len(segments)))


def test_transcribe_progress_reaches_total(transcripts):
    _, progress = transcripts["speech.ogg"]
    assert progress[-1][0] == pytest.approx(progress[-1][1], abs=0.1)


def test_transcribe_progress_moves_within_window(transcripts):
    # Each fixture fits in one window, so reports before the last come from segments as they are heard.
    for name in ("speech.ogg", "stereo.ogg"):
        done = [seconds for seconds, _ in transcripts[name][1]]
        assert len(done) > 1
        assert done == sorted(done)


def test_transcribe_phone_8k_heard(transcripts):
    segments, _ = transcripts["phone-8k.wav"]
    assert "保護" in "".join(segment.text for segment in segments)


def test_transcribe_silence_no_plain_text(transcripts):
    segments, _ = transcripts["silence.wav"]
    assert all(guards.NEEDS_CHECK in segment.flags for segment in segments)


def test_transcribe_stereo_both_speakers(transcripts):
    segments, _ = transcripts["stereo.ogg"]
    assert {segment.speaker for segment in segments} == {"左", "右"}


def test_transcribe_stereo_left_speaks_first(transcripts):
    segments, _ = transcripts["stereo.ogg"]
    assert segments[0].speaker == "左"


def test_transcribe_stereo_merged_by_time(transcripts):
    segments, _ = transcripts["stereo.ogg"]
    assert [segment.start for segment in segments] == sorted(segment.start for segment in segments)


def test_transcribe_truncated_reports_seconds():
    run = TranscriptionRun(path=AUDIO / "truncated.wav", model_folder=Path())
    list(transcribe_file(AUDIO / "truncated.wav", OPTIONS, run=run))
    assert "3.3 秒" in run.report.warning_ja()


def test_transcribe_truncated_logs_no_warning(caplog):
    caplog.set_level(logging.INFO, logger="seiho")
    list(transcribe_file(AUDIO / "truncated.wav", OPTIONS))
    assert [record.message for record in caplog.records if record.levelno >= logging.WARNING] == []


def test_transcribe_truncated_logs_shortfall_once(caplog):
    caplog.set_level(logging.INFO, logger="seiho")
    list(transcribe_file(AUDIO / "truncated.wav", OPTIONS))
    assert len([record for record in caplog.records if "decoded only" in record.message]) == 1
