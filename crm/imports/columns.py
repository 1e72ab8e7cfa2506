"""The fields an import fills, and the column headers (French or English) that name them.

Headers are compared folded: case, accents, spaces and punctuation do not count, so
« Adresse courriel », "E-mail" and "EMAIL " all name the email field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.core.countries import fold

CONTACTS = "contacts"
ORGANIZATIONS = "organizations"
KINDS = (CONTACTS, ORGANIZATIONS)


@dataclass(frozen=True)
class Field:
    name: str
    label: object  # a lazy translated string
    aliases: tuple[str, ...]
    required: bool = False


_NOTES = ("notes", "note", "remarques", "commentaires", "comments")

FIELDS: dict[str, tuple[Field, ...]] = {
    CONTACTS: (
        Field("given_name", _l("Given name"), ("prenom", "firstname", "givenname"), True),
        Field(
            "family_name",
            _l("Family name"),
            ("nom", "nomdefamille", "lastname", "familyname", "surname"),
            True,
        ),
        Field(
            "email",
            _l("Email"),
            ("courriel", "adressecourriel", "email", "emailaddress", "mail", "adresseelectronique"),
        ),
        Field(
            "phone",
            _l("Phone"),
            ("telephone", "tel", "phone", "phonenumber", "numerodetelephone", "cellulaire")
            + ("mobile",),
        ),
        Field(
            "organization",
            _l("Organization"),
            ("organisation", "etablissement", "organization", "company", "entreprise", "employeur"),
        ),
        Field("job_title", _l("Job title"), ("fonction", "titre", "poste", "jobtitle", "title")),
        Field(
            "preferred_language",
            _l("Preferred language"),
            ("langue", "languepreferee", "language", "preferredlanguage"),
        ),
        Field("is_student", _l("Student"), ("etudiant", "etudiante", "student")),
        Field("notes", _l("Notes"), _NOTES),
    ),
    ORGANIZATIONS: (
        Field(
            "name",
            _l("Name"),
            ("nom", "name", "organisation", "organization", "etablissement", "nomdelorganisation"),
            True,
        ),
        Field("acronym", _l("Acronym"), ("sigle", "acronyme", "acronym", "abreviation")),
        Field("kind", _l("Kind"), ("type", "kind", "categorie", "category")),
        Field("country", _l("Country"), ("pays", "country"), True),
        Field("city", _l("City"), ("ville", "city", "municipalite")),
        Field("website", _l("Website"), ("siteweb", "siteinternet", "website", "web", "url")),
        Field("tags", _l("Tags"), ("etiquettes", "tags", "motscles", "keywords")),
        Field("notes", _l("Notes"), _NOTES),
    ),
}


def squash(text: str) -> str:
    """Folded, letters and digits only: how headers and names are compared."""
    return re.sub(r"[\W_]+", "", fold(text or ""))


def field_names(kind: str) -> set[str]:
    return {field.name for field in FIELDS[kind]}


def recognise(header: str, kind: str) -> str:
    """The field a header names, or "" when none."""
    key = squash(header)
    return next((field.name for field in FIELDS[kind] if key in field.aliases), "")


def guess_mapping(headers: list[str], kind: str) -> list[str]:
    """A field for each column (or ""), each field given to its first column only."""
    taken: set[str] = set()
    mapping = []
    for header in headers:
        name = recognise(header, kind)
        mapping.append("" if name in taken else name)
        taken.add(name)
    return mapping


def mapping_errors(mapping: list[str], kind: str) -> list[str]:
    """What is wrong with a chosen mapping: a field given twice, a required one missing."""
    labels = {field.name: field.label for field in FIELDS[kind]}
    chosen = [name for name in mapping if name]
    errors = [
        _("“%(field)s” is chosen for more than one column.", field=labels[name])
        for name in dict.fromkeys(chosen)
        if chosen.count(name) > 1
    ]
    errors += [
        _("Choose the column that holds “%(field)s”.", field=field.label)
        for field in FIELDS[kind]
        if field.required and field.name not in chosen
    ]
    return errors


def column_label(headers: list[str], index: int) -> str:
    """A column as the user knows it: its header, or its letter-free number when blank."""
    return headers[index] or _("column %(number)s", number=index + 1)
