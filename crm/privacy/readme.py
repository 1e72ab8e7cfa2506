"""README.txt of a person's export: what it covers and what each file holds."""

from __future__ import annotations

from flask_babel import format_datetime
from flask_babel import gettext as _

from crm.core.db import utcnow
from crm.privacy.person_data import PersonData


def _descriptions() -> dict[str, str]:
    return {
        "person.json": _(
            "Everything below in one structured file: “collected_from_person” (what was"
            " collected from the person), “written_by_staff” (what staff wrote about them),"
            " “records” (the facts of each record: dates, kinds, statuses) and “history”."
        ),
        "identity.csv": _(
            "The contact record, one field a line, with the origin of each value: collected"
            " from the person, written by staff, or kept by the system."
        ),
        "emails.csv": _("The email addresses (collected from the person)."),
        "phones.csv": _("The phone numbers (collected from the person)."),
        "interactions.csv": _(
            "The interactions (meetings, calls, emails…) the person took part in."
        ),
        "follow_ups.csv": _("The follow-ups about the person or about their exchanges."),
        "exchanges.csv": _("The student exchanges of the person."),
        "agreements_as_signatory.csv": _("The agreements the person signs or signed."),
        "history.csv": _(
            "The history of the contact record: who created, changed, viewed or exported"
            " it, and when."
        ),
    }


def readme_text(data: PersonData, requested_by: str | None, files: dict[str, str]) -> str:
    contact = data.contact
    lines = [
        _("Personal information held by Passerelle"),
        "",
        _("Person: %(name)s (contact no. %(id)s)", name=contact.full_name, id=contact.id),
        _("Exported on %(when)s", when=format_datetime(utcnow(), "long")),
    ]
    if requested_by:
        lines.append(_("Exported by %(name)s", name=requested_by))
    lines += ["", _("Scope of this export"), ""]
    if data.complete:
        lines.append(
            _(
                "This export is complete: it holds everything Passerelle holds about this"
                " person, whatever the member institution that recorded it."
            )
        )
    else:
        lines.append(
            _(
                "This export holds only what the person who made it may see in Passerelle:"
                " records that another member institution keeps to itself are left out. An"
                " administrator can make a complete export."
            )
        )
    lines += [
        "",
        _(
            "Columns whose header ends with “(written by staff)” hold what staff wrote about"
            " the person (notes, summaries, titles), not what was collected from them."
        ),
        "",
        _("Files"),
        "",
    ]
    descriptions = _descriptions()
    for filename in ["person.json", *files.values()]:
        lines.append(f"{filename}: {descriptions[filename]}")
    lines += ["", _("The CSV files are in UTF-8; dates are year-month-day.")]
    return "\r\n".join(lines) + "\r\n"
