"""The one way out of the app for every exported file.

``export_file`` is the single function every export (lists, vCards, the agreements
register) goes through: Law 25's register of communications will record each export of
personal information here, in one place. Today it names the file and logs who exported
what.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from flask import Response, current_app
from flask_login import current_user

from crm.compliance.communications import ask_or_record
from crm.core.clock import today


def dated_filename(stem: str, extension: str) -> str:
    """``contacts-2026-11-25.csv``: the day where the colleges are."""
    return f"{stem}-{today().isoformat()}.{extension}"


def content_disposition(filename: str) -> str:
    """An attachment named in ASCII for old clients and in UTF-8 (RFC 5987) for the others."""
    decomposed = unicodedata.normalize("NFKD", filename)
    ascii_name = "".join(c for c in decomposed if c.isascii() and c.isprintable())
    ascii_name = ascii_name.replace("\\", "_").replace('"', "_") or "export"
    header = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def export_file(content: bytes, filename: str, mimetype: str, *, what: str, count: int) -> Response:
    """The response carrying an exported file.

    ``what`` names what was exported ("contacts", "agreements-register", "contact-vcard"…)
    and ``count`` how many records the file holds. A file of personal information goes
    out only once its communication is recorded (crm/compliance/communications.py):
    until the request carries who it is for and why, the answer is the page asking it.
    """
    if (asked := ask_or_record(what, count, filename)) is not None:
        return asked
    current_app.logger.info(
        "export: user %s exported %s %s as %s", current_user.id, count, what, filename
    )
    response = Response(content, content_type=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename)
    # Personal information: kept by no cache along the way.
    response.headers["Cache-Control"] = "private, no-store"
    return response
