"""Recording consent, audio decoding and offline Whisper transcription.

The public functions: consent (``record_consent``, ``withdraw_consent``),
stored recordings (``store_recording``, ``transcribe_recording``,
``recording_segments``, ``recording_audio_path``, ``list_recordings``,
``delete_audio_after_approval``, ``purge_expired_audio``) and the file-level
``transcribe_file`` with ``TranscriptionOptions``, which needs no database.
"""

from seiho.speech.audio import AudioInfo, AudioReader, DecodeReport, decode_audio, probe_audio
from seiho.speech.consent import CONSENT_METHODS, Consent, Withdrawal, record_consent, withdraw_consent
from seiho.speech.errors import AudioDecodeError, ConsentError, ModelMissing, SpeechError, WorkerCrashed
from seiho.speech.model import check_model_folder, install_model, resolve_model_folder
from seiho.speech.recordings import (
    RecordingInfo,
    delete_audio_after_approval,
    list_recordings,
    purge_expired_audio,
    recording_audio_path,
    recording_info,
    recording_segments,
    store_recording,
    transcribe_recording,
)
from seiho.speech.segments import Segment
from seiho.speech.transcribe import TranscriptionOptions, transcribe_file

__all__ = [
    "AudioDecodeError", "AudioInfo", "AudioReader", "CONSENT_METHODS", "Consent", "ConsentError", "DecodeReport",
    "ModelMissing", "RecordingInfo", "Segment", "SpeechError", "TranscriptionOptions", "Withdrawal", "WorkerCrashed",
    "check_model_folder", "decode_audio", "delete_audio_after_approval", "install_model", "list_recordings",
    "probe_audio", "purge_expired_audio", "record_consent", "recording_audio_path", "recording_info",
    "recording_segments", "resolve_model_folder", "store_recording", "transcribe_file", "transcribe_recording",
    "withdraw_consent",
]
