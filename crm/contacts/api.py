"""Contacts in the API: /api/v1/contacts."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from crm.api import responses
from crm.api.auth import API_PREFIX
from crm.api.blueprint import Blueprint
from crm.api.views import changed_values, creating, delete, editable, new_values, set_archived
from crm.contacts import queries
from crm.contacts.forms import email_lines, lines
from crm.contacts.models import Contact
from crm.contacts.operations import FIELDS, create_contact, update_contact
from crm.contacts.schemas import ContactArgs, ContactPage, ContactSchema
from crm.core.errors import ValidationError
from crm.core.listing import sort
from crm.core.permissions import can_create, can_view, get_visible_or_404
from crm.extensions import db
from crm.organizations.models import Organization
from crm.privacy.journal import log_view

bp = Blueprint(
    "contacts_api",
    __name__,
    url_prefix=f"{API_PREFIX}/contacts",
    description="People at partner organizations, and students.",
)
ITEM = "/<id:contact_id>"
schema = ContactSchema()
# What the list's items show, loaded for the whole page at once.
LIST_LOADS = (
    selectinload(Contact.emails),
    selectinload(Contact.phones),
    selectinload(Contact.organization),
)


def _visible_organization(organization_id: int | None, field: str) -> Organization | None:
    organization = db.session.get(Organization, organization_id) if organization_id else None
    if organization_id and (organization is None or not can_view(current_user, organization)):
        raise ValidationError(field, "No organization has this id.")
    return organization


def _check_organization(values: dict, current_id: int | None = None) -> None:
    """As the form offers: a current organization the caller sees, or the one it has."""
    organization_id = values.get("organization_id")
    if organization_id is None or organization_id == current_id:
        return
    if _visible_organization(organization_id, "organization_id").is_archived:
        raise ValidationError("organization_id", "This organization is archived.")


def _emails(values: dict, contact: Contact | None = None) -> list[str]:
    if values.get("email_addresses") is None:
        return contact.email_addresses if contact else []
    return email_lines("\n".join(values["email_addresses"]))


def _phones(values: dict, contact: Contact | None = None) -> list[str]:
    if values.get("phone_numbers") is None:
        return contact.phone_numbers if contact else []
    return lines("\n".join(values["phone_numbers"]))


@bp.get("")
@bp.arguments(ContactArgs, location="query", as_kwargs=False)
@bp.response(200, ContactPage)
def index(args: dict):
    """List the contacts you may see, filtered, sorted and paged."""
    _visible_organization(args.get("organization_id"), "organization_id")
    query, _key = sort(
        queries.filtered(current_user, args), args.get("sort"), queries.SORTS, "name", Contact.id
    )
    return responses.page(query, args, *LIST_LOADS)


@bp.post("")
@creating(can_create)
@bp.arguments(ContactSchema)
@bp.response(201, ContactSchema)
def create(values: dict):
    """Create a contact."""
    _check_organization(values)
    contact = create_contact(
        new_values(values, FIELDS, Contact), _emails(values), _phones(values), current_user
    )
    set_archived(contact, values.get("is_archived"))
    location = url_for(".item", contact_id=contact.id)
    return responses.saved(contact, schema, 201, location)


@bp.get(ITEM)
@bp.response(200, ContactSchema)
def item(contact_id: int):
    """Get a contact (a student's is logged as viewed)."""
    contact = get_visible_or_404(Contact, contact_id)
    log_view(contact)
    return responses.item(contact, schema)


@bp.patch(ITEM)
@editable(Contact, "contact_id")
@bp.arguments(ContactSchema(partial=True))
@bp.response(200, ContactSchema)
def update(values: dict, contact_id: int):
    """Change a contact: only the fields sent."""
    contact = get_visible_or_404(Contact, contact_id)
    version = responses.expected_version(contact, values.get("version"))
    _check_organization(values, contact.organization_id)
    update_contact(
        contact,
        version,
        changed_values(contact, values, FIELDS),
        _emails(values, contact),
        _phones(values, contact),
    )
    set_archived(contact, values.get("is_archived"))
    return responses.saved(contact, schema)


@bp.delete(ITEM)
@bp.response(204)
def remove(contact_id: int):
    """Delete a contact (its institution, or an admin; 422 while others refer to it)."""
    return delete(Contact, contact_id)
