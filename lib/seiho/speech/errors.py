"""The speech package's exceptions, each with a Japanese message for staff."""

from seiho.errors import SeihoError


class SpeechError(SeihoError):
    """Base class for recording, decoding and transcription errors."""


class ModelMissing(SpeechError):
    """The Whisper model folder is missing, incomplete or fails its hash check."""


class ConsentError(SpeechError):
    """No valid consent for the recording, or the consent was withdrawn."""


class AudioDecodeError(SpeechError):
    """The audio file could not be decoded at all."""


class WorkerCrashed(SpeechError):
    """The transcription worker process ended without finishing its job."""
