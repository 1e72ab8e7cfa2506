"""Field types of the API's schemas: text the databases accept, ids in range, ISO countries
and dates; each documents itself in the OpenAPI description."""

from __future__ import annotations

from datetime import datetime

import marshmallow as ma
from marshmallow import fields
from marshmallow import validate as rules

from crm.core.clock import zone
from crm.core.countries import normalise_country

MAX_ID = 2**31 - 1


def _storable(value: str) -> None:
    """Refuse what no database keeps: NUL characters and unpaired surrogates."""
    if "\x00" in value:
        raise ma.ValidationError("Must not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ma.ValidationError("Must be valid Unicode text.") from None


def not_blank(value: str) -> None:
    if not value.strip():
        raise ma.ValidationError("Must not be blank.")


def Text(  # noqa: N802
    max_length: int, *, required: bool = False, validate=None, **kwargs
) -> fields.String:
    """A string of at most ``max_length`` characters; a required one is more than spaces,
    an optional one also takes null."""
    checks = [rules.Length(max=max_length), _storable] + ([not_blank] if required else [])
    checks += [validate] if callable(validate) else list(validate or ())
    if not required:
        kwargs.setdefault("allow_none", True)
    return fields.String(required=required, validate=checks, **kwargs)


class _WholeNumber(fields.Integer):
    """A JSON integer: not a string, a float or a boolean (which Python counts as 1 or 0)."""

    def _validated(self, value):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._validated(value)


def Id(**kwargs) -> fields.Integer:  # noqa: N802
    """The id of a related record."""
    return _WholeNumber(strict=True, validate=rules.Range(1, MAX_ID), **kwargs)


def QueryId(**kwargs) -> fields.Integer:  # noqa: N802
    """An id in a query string, where every value is text (so not ``Id``'s strict one)."""
    return fields.Integer(validate=rules.Range(1, MAX_ID), **kwargs)


def IdList(**kwargs) -> fields.List:  # noqa: N802
    return fields.List(Id(), validate=rules.Length(max=500), **kwargs)


class Enum(fields.Enum):
    """One of a string enum's values (a record may hold the plain string until reloaded)."""

    def __init__(self, enum_cls, **kwargs):
        super().__init__(enum_cls, by_value=True, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else self.enum(value).value


class Country(fields.String):
    """An ISO 3166-1 alpha-2 code, in either case on the way in, upper case on the way out."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {}).setdefault(
            "description", "ISO 3166-1 alpha-2 code, e.g. CA, MA"
        )
        super().__init__(validate=rules.Length(equal=2), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return normalise_country(text)
        except ValueError:
            raise ma.ValidationError("Not an ISO 3166-1 alpha-2 country code.") from None


class Moment(fields.DateTime):
    """A date and time in ISO 8601; without an offset it is taken in the colleges' time zone."""

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone())
        if not 1900 <= moment.year <= 2999:
            raise ma.ValidationError("Must be between the years 1900 and 2999.")
        return moment


class Day(fields.Date):
    """A date in ISO 8601 (YYYY-MM-DD), between the years 1900 and 2999."""

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not 1900 <= day.year <= 2999:
            raise ma.ValidationError("Must be between the years 1900 and 2999.")
        return day
