"""The URL converter of record ids, ``<id:organization_id>``, for pages and API alike.

Any run of ASCII digits is an id: a number no integer column can hold names no record
(404), where werkzeug's ``int`` would hand it to the database (PostgreSQL: "integer out of
range", a 500) and ``int(max=…)`` would leave the path to other rules (a 405 naming their
methods). Other digits than 0-9 are not ids (werkzeug's ``int`` reads "١" as 1).
"""

from __future__ import annotations

from flask import request
from werkzeug.routing import BaseConverter

from crm.api.fields import MAX_ID

NO_RECORD = 0  # ids start at 1


class IdConverter(BaseConverter):
    regex = r"[0-9]+"
    weight = 50  # as werkzeug's number converters
    part_isolating = True

    def to_python(self, value: str) -> int:
        digits = value.lstrip("0") or "0"
        if len(digits) > len(str(MAX_ID)):  # also spares int() a string of any length
            return NO_RECORD
        number = int(digits)
        return number if number <= MAX_ID else NO_RECORD

    def to_url(self, value) -> str:
        return str(int(value))


def openapi_schema(_converter: IdConverter) -> dict:
    """How the OpenAPI description shows a path id."""
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def register(app) -> None:
    """Make ``<id:…>`` known to the app's URL map (before any blueprint is registered)."""
    app.url_map.converters["id"] = IdConverter


def id_in_args(name: str) -> int | None:
    """A record id from the query string (``?mission=12``): None when absent, not a number
    or beyond any id (so it never reaches the database as an overflowing integer)."""
    value = request.args.get(name, "")
    if not value.isascii() or not value.isdigit():
        return None
    number = IdConverter(None).to_python(value)
    return number or None
