"""A person's data as a zip: person.json (structured), one CSV file a kind, README.txt.

The JSON keeps what was collected from the person apart from what staff wrote about them
and from the records' own facts; in the CSV files, identity.csv names each value's origin
and the columns of what staff wrote say so in their header. Headers, labels and the README
are in the language of the moment (the user's, or the command line's --lang).
"""

from __future__ import annotations

import enum
import io
import json
import zipfile
from datetime import date, datetime

from flask_babel import get_locale
from flask_babel import gettext as _

from crm.contacts.models import Contact
from crm.core.db import utcnow
from crm.exports.columns import Column
from crm.exports.tabular import Sheet, csv_bytes
from crm.history.labels import field_label
from crm.history.models import HistoryAction
from crm.labels import label
from crm.privacy.journal import record_event
from crm.privacy.labels import ORIGIN_LABELS, header, written_header
from crm.privacy.person_data import COLLECTED, FACT, WRITTEN, Kind, PersonData, gather
from crm.privacy.readme import readme_text

FORMAT = "passerelle-person-export"
FILES = {
    "identity": "identity.csv",
    "emails": "emails.csv",
    "phones": "phones.csv",
    "interactions": "interactions.csv",
    "follow_ups": "follow_ups.csv",
    "exchanges": "exchanges.csv",
    "agreements_as_signatory": "agreements_as_signatory.csv",
    "history": "history.csv",
}
_LISTS = ("interactions", "follow_ups", "exchanges", "agreements_as_signatory")


def _json_value(value):
    if isinstance(value, enum.Enum):
        return label(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _pick(row: dict, names: list[str]) -> dict:
    return {name: _json_value(row[name]) for name in names}


def _written(kind: Kind) -> list[dict]:
    """What staff wrote in each row, with the row's id; rows where they wrote nothing are
    left out."""
    names = kind.fields(WRITTEN)
    return [
        {"id": row["id"]} | _pick(row, names)
        for row in kind.rows
        if any(row[name] for name in names)
    ]


def _facts(kind: Kind) -> list[dict]:
    return [_pick(row, kind.fields(FACT)) for row in kind.rows]


def person_json(data: PersonData, requested_by: str | None) -> dict:
    kinds = data.kinds
    identity = kinds["identity"].rows[0]
    return {
        "export": {
            "format": FORMAT,
            "version": 1,
            "generated_at": utcnow().isoformat(),
            "language": str(get_locale() or "fr"),
            "contact_id": data.contact.id,
            "requested_by": requested_by,
            "complete": data.complete,
        },
        "collected_from_person": _pick(identity, kinds["identity"].fields(COLLECTED))
        | {
            "emails": [_pick(row, list(row)) for row in kinds["emails"].rows],
            "phones": [_pick(row, list(row)) for row in kinds["phones"].rows],
        },
        "written_by_staff": {"notes": identity["notes"]}
        | {name: _written(kinds[name]) for name in _LISTS if kinds[name].fields(WRITTEN)},
        "records": {"contact": _pick(identity, kinds["identity"].fields(FACT))}
        | {name: _facts(kinds[name]) for name in _LISTS},
        "history": [_pick(row, list(row)) for row in kinds["history"].rows],
    }


def _changes_text(changes: dict) -> str:
    def shown(value) -> str:
        if value is None or value == []:
            return "—"
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)

    return "; ".join(
        f"{field_label(name)}: {shown(before)} → {shown(after)}"
        for name, (before, after) in changes.items()
    )


def _sheet(kind: Kind) -> Sheet:
    if kind.name == "identity":
        row = kind.rows[0]
        rows = [(header(n), row[n], ORIGIN_LABELS[origin]) for n, origin in kind.origins.items()]
        columns = [Column(_("Field"), lambda r: r[0]), Column(_("Value"), lambda r: r[1])]
        return Sheet(kind.name, [*columns, Column(_("Origin"), lambda r: r[2])], rows)
    columns = []
    for name, origin in kind.origins.items():
        title = written_header(name) if origin == WRITTEN else header(name)
        if name == "changes":
            columns.append(Column(title, lambda r: _changes_text(r["changes"])))
        else:
            columns.append(Column(title, lambda r, name=name: r[name]))
    return Sheet(kind.name, columns, kind.rows)


def export_zip(contact: Contact, user, complete: bool, requested_by: str | None) -> bytes:
    """The zip's bytes, and the export recorded in the contact's history (the caller
    commits)."""
    data = gather(contact, user, complete)
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme_text(data, requested_by, FILES))
        document = person_json(data, requested_by)
        archive.writestr("person.json", json.dumps(document, ensure_ascii=False, indent=2))
        for name, filename in FILES.items():
            archive.writestr(filename, csv_bytes(_sheet(data.kinds[name])))
    note = _("Complete export") if complete else _("Export of what the user may see")
    record_event(contact, HistoryAction.EXPORT, note)
    return stream.getvalue()
