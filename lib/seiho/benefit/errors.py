"""Errors a benefit calculation raises besides ``ParameterError``."""

from seiho.errors import SeihoError


class HouseholdFileError(SeihoError):
    """A household description is missing a field or has an invalid value."""


class StaleAgeError(SeihoError):
    """Some members' ages were taken on another day than the age reference date.

    ``members`` lists (name, age as given, date it was taken, age on the reference date).
    """

    def __init__(self, message_ja: str, detail: str, members: list[tuple]):
        super().__init__(message_ja, detail)
        self.members = members
