"""The fields of two records side by side: which differ, which value a merge keeps by
default, and the values a submitted choice gives."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm.core.countries import country_name
from crm.core.errors import ValidationError
from crm.core.records import Visibility
from crm.labels import label

KEPT, OTHER, BOTH = "kept", "other", "both"
LANGUAGES = {"fr": "Français", "en": "English"}


@dataclass(frozen=True)
class Field:
    name: str
    title: object  # a lazy string
    joinable: bool = False  # both values can be kept, one after the other (notes)


CONTACT_FIELDS = (
    Field("given_name", _l("Given name")),
    Field("family_name", _l("Family name")),
    Field("job_title", _l("Job title")),
    Field("organization_id", _l("Organization")),
    Field("preferred_language", _l("Preferred language")),
    Field("notes", _l("Notes"), joinable=True),
    Field("source", _l("Source of the information")),
    Field("source_details", _l("Details of the source")),
    Field("consent_on", _l("Consent date")),
    Field("visibility", _l("Visible to")),
)
ORGANIZATION_FIELDS = (
    Field("name", _l("Name")),
    Field("acronym", _l("Acronym")),
    Field("kind", _l("Kind")),
    Field("country", _l("Country")),
    Field("city", _l("City")),
    Field("website", _l("Website")),
    Field("notes", _l("Notes"), joinable=True),
    Field("visibility", _l("Visible to")),
    # Law 25: a partner outside Québec and its safeguards.
    Field("outside_quebec", _l("Outside Québec")),
    Field("pia_done_on", _l("Privacy impact assessment on")),
    Field("data_agreement_on", _l("Written data agreement on")),
    Field("privacy_document", _l("Where these documents are kept")),
)


def _empty(value) -> bool:
    return value is None or value == ""


def shown(record, name: str) -> str:
    """A field's value as people read it."""
    value = getattr(record, name)
    if name == "organization_id":
        organization = record.organization
        if organization is None:
            return ""
        return organization.name if organization.is_visible_to(current_user) else _("(private)")
    if name == "country":
        return country_name(value, str(get_locale() or "fr"))
    if name == "preferred_language" and value:
        return LANGUAGES.get(str(value), str(value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, enum.Enum):
        return label(value)
    if isinstance(value, date):
        return format_date(value)
    return "" if value is None else str(value)


def differing(fields, kept, other) -> list[Field]:
    return [f for f in fields if getattr(kept, f.name) != getattr(other, f.name)]


def default_choice(field: Field, kept, other) -> str:
    """The kept record's value, or the other's when the kept one is empty; notes both;
    the stricter visibility."""
    mine, theirs = getattr(kept, field.name), getattr(other, field.name)
    if field.name == "visibility":
        return OTHER if theirs == Visibility.MEMBER else KEPT
    if field.joinable and not _empty(mine) and not _empty(theirs):
        return BOTH
    return OTHER if _empty(mine) and not _empty(theirs) else KEPT


def options(field: Field) -> tuple[str, ...]:
    return (KEPT, OTHER, BOTH) if field.joinable else (KEPT, OTHER)


def _visible_link(contact) -> bool:
    organization = contact.organization
    return organization is None or organization.is_visible_to(current_user)


def chosen_values(fields, kept, other, form) -> dict:
    """The merged record's values for the fields that differ, from the form's radios
    (``keep_<field>``; a missing one takes the default)."""
    values = {}
    for field in differing(fields, kept, other):
        choice = form.get(f"keep_{field.name}") or default_choice(field, kept, other)
        if choice not in options(field):
            raise ValidationError(field.name, _("Choose which value to keep."))
        mine, theirs = getattr(kept, field.name), getattr(other, field.name)
        if field.name == "organization_id" and choice != KEPT and not _visible_link(other):
            raise ValidationError(field.name, _("You may not link to this organization."))
        if choice == BOTH:
            values[field.name] = "\n\n".join(v for v in (mine, theirs) if not _empty(v))
        else:
            values[field.name] = mine if choice == KEPT else theirs
    return values
