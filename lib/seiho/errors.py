"""The workbench's exceptions.

Every error carries two messages: ``message_ja`` for staff, which says what
went wrong, where (file, row, field) and what to do, and ``detail`` in English
for the log. ``str(error)`` is the Japanese message, so a command line or a
dashboard can show it as it is.
"""


class SeihoError(Exception):
    """Base class for errors that staff should see as a Japanese message."""

    def __init__(self, message_ja: str, detail: str = ""):
        super().__init__(message_ja)
        self.message_ja = message_ja
        self.detail = detail or message_ja


class StoreError(SeihoError):
    """The database could not be opened, migrated or written."""


class StoreBusyError(StoreError):
    """Another process held the database for longer than the wait allows."""


class AccessDenied(SeihoError):
    """The acting user's role does not allow the request."""


class LoginFailed(AccessDenied):
    """Unknown user, wrong password or inactive account."""


class ImportFileError(SeihoError):
    """An import file could not be read or its layout is not known."""


class ParameterError(SeihoError):
    """A report or command parameter is missing or invalid."""
