"""Errors the rules raise, and how pages answer them."""

from __future__ import annotations


class ConflictError(Exception):
    """Someone else saved the record since the form was loaded: nothing was overwritten."""

    def __init__(self, record, expected_version: int):
        super().__init__(f"{record!r} is at version {record.version}, not {expected_version}")
        self.record = record
        self.expected_version = expected_version


class TransitionError(Exception):
    """The action is not allowed from the record's current status."""


class ValidationError(ValueError):
    """A value breaks a rule; ``field`` names the input it belongs to."""

    def __init__(self, field: str, message):
        super().__init__(message)
        self.field = field
        self.message = message


def check_version(record, expected_version: int | None) -> None:
    """Refuse an edit prepared from an older version of the record."""
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = None  # missing or tampered: not the version of any save
    if expected is None or record.version != expected:
        raise ConflictError(record, expected_version)
