"""Who may export or anonymize a person's data, and apply the retention rules."""

from __future__ import annotations

from crm.contacts.models import Contact
from crm.core.permissions import can_create, can_manage_users, can_view
from crm.users.models import User


def can_export_person(user: User, contact: Contact) -> bool:
    """Staff and up, for a person they may see (a viewer reads, but does not communicate
    a person's data outside the app)."""
    return can_create(user) and can_view(user, contact)


def exports_everything(user: User | None) -> bool:
    """Only the command line without --as exports everything (run by whoever runs the
    server); in the app, an admin too exports what they may see: another institution's
    private records are that institution's to disclose."""
    return user is None


def can_anonymize(user: User, contact: Contact) -> bool:
    return can_manage_users(user) and can_view(user, contact)


def can_apply_retention(user: User) -> bool:
    return can_manage_users(user)
