"""Everything the system holds about one person, kind by kind, as rows of plain values.

Each kind says which of its fields were collected from the person, which were written by
staff about them, and which are the facts of the record (dates, kinds, statuses). A user's
export holds only what that user may see; a complete one (admins, the command line) holds
everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from crm.agreements.models import Agreement, AgreementSignatory
from crm.contacts.models import Contact
from crm.core.permissions import can_view
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.history.models import HistoryEntry
from crm.interactions.models import Interaction, interaction_contacts

COLLECTED = "collected"  # given by the person, or gathered about them from a source
WRITTEN = "written"  # what staff wrote about them
FACT = "fact"  # the record's own facts: dates, kinds, statuses, who owns it

LANGUAGES = {"fr": "Français", "en": "English"}


@dataclass
class Kind:
    """One kind of data: its fields with their origin, and its rows."""

    name: str
    origins: dict[str, str]  # field -> COLLECTED, WRITTEN or FACT
    rows: list[dict] = field(default_factory=list)

    def fields(self, origin: str) -> list[str]:
        return [name for name, kind in self.origins.items() if kind == origin]


@dataclass
class PersonData:
    contact: Contact
    complete: bool
    kinds: dict[str, Kind]


def _origins(facts: str = "", collected: str = "", written: str = "") -> dict[str, str]:
    """Fields in the order of the files' columns: collected, facts, then written."""
    origins = dict.fromkeys(collected.split(), COLLECTED)
    origins |= dict.fromkeys(facts.split(), FACT)
    return origins | dict.fromkeys(written.split(), WRITTEN)


class _Scope:
    """What the export may show: everything, or what ``user`` may see."""

    def __init__(self, user, complete: bool):
        self.user, self.complete = user, complete

    def where(self, model) -> sa.ColumnElement[bool]:
        return sa.true() if self.complete else model.visible_to(self.user)

    def value(self, value):
        """A history value; a linked record private to another institution unnamed."""
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            mine = self.complete or self.user.institution_id == value.get("private_to")
            return value.get("label") if mine else None
        return value

    def name(self, record, name: str | None = None) -> str | None:
        if record is None or not (self.complete or can_view(self.user, record)):
            return None
        return name if name is not None else record.label


def _identity(contact: Contact, scope: _Scope) -> Kind:
    kind = Kind(
        "identity",
        _origins(
            facts="institution visibility created_at updated_at archived_at anonymized_at",
            collected="given_name family_name job_title organization preferred_language "
            "is_student source source_details consent_on",
            written="notes",
        ),
    )
    language = contact.preferred_language
    values = {name: getattr(contact, name) for name in kind.origins if hasattr(Contact, name)}
    kind.rows.append(
        values
        | {
            "institution": contact.institution.code,
            "organization": scope.name(contact.organization),
            "preferred_language": LANGUAGES.get(language) if language else None,
        }
    )
    return kind


def _emails(contact: Contact) -> Kind:
    kind = Kind("emails", _origins(collected="address label"))
    kind.rows = [{"address": e.address, "label": e.label} for e in contact.emails]
    return kind


def _phones(contact: Contact) -> Kind:
    kind = Kind("phones", _origins(collected="number label"))
    kind.rows = [{"number": p.number, "label": p.label} for p in contact.phones]
    return kind


def _interactions(contact: Contact, scope: _Scope) -> Kind:
    kind = Kind(
        "interactions",
        _origins(facts="id kind occurred_at location institution", written="subject summary"),
    )
    found = db.session.scalars(
        sa.select(Interaction)
        .join(interaction_contacts)
        .where(interaction_contacts.c.contact_id == contact.id, scope.where(Interaction))
        .order_by(Interaction.occurred_at, Interaction.id)
    )
    for i in found:
        kind.rows.append(
            {
                "id": i.id,
                "kind": i.kind,
                "occurred_at": i.occurred_at,
                "location": i.location,
                "institution": i.institution.code,
                "subject": i.subject,
                "summary": i.summary,
            }
        )
    return kind


def _exchanges(contact: Contact, scope: _Scope) -> Kind:
    kind = Kind(
        "exchanges",
        _origins(
            facts="id direction partner_organization country agreement programme starts_on "
            "ends_on status institution",
            written="notes",
        ),
    )
    found = db.session.scalars(
        sa.select(StudentExchange)
        .where(StudentExchange.student_id == contact.id, scope.where(StudentExchange))
        .order_by(StudentExchange.starts_on, StudentExchange.id)
    )
    for e in found:
        partner = scope.name(e.partner_organization, e.partner_organization.name)
        kind.rows.append(
            {
                "id": e.id,
                "direction": e.direction,
                "partner_organization": partner,
                "country": e.partner_organization.country if partner else None,
                "agreement": scope.name(e.agreement),
                "programme": e.programme,
                "starts_on": e.starts_on,
                "ends_on": e.ends_on,
                "status": e.status,
                "institution": e.institution.code,
                "notes": e.notes,
            }
        )
    return kind


def _follow_ups(contact: Contact, scope: _Scope, exchange_ids: list[int]) -> Kind:
    """Follow-ups about the person, or about one of their exchanges."""
    kind = Kind(
        "follow_ups",
        _origins(facts="id exchange due_on status assignee completed_at", written="title notes"),
    )
    about = FollowUp.contact_id == contact.id
    if exchange_ids:
        about = sa.or_(about, FollowUp.exchange_id.in_(exchange_ids))
    found = db.session.scalars(
        sa.select(FollowUp)
        .where(about, scope.where(FollowUp))
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    for f in found:
        kind.rows.append(
            {
                "id": f.id,
                "exchange": f.exchange_id,  # None: about the person themselves
                "due_on": f.due_on,
                "status": f.status,
                "assignee": f.assignee.name,
                "completed_at": f.completed_at,
                "title": f.title,
                "notes": f.notes,
            }
        )
    return kind


def _signatures(contact: Contact, scope: _Scope) -> Kind:
    kind = Kind("agreements_as_signatory", _origins(facts="id title kind status signed_on"))
    found = db.session.execute(
        sa.select(Agreement, AgreementSignatory.signed_on)
        .join(AgreementSignatory, AgreementSignatory.agreement_id == Agreement.id)
        .where(AgreementSignatory.contact_id == contact.id, scope.where(Agreement))
        .order_by(Agreement.id)
    )
    for agreement, signed_on in found:
        kind.rows.append(
            {
                "id": agreement.id,
                "title": agreement.title,
                "kind": agreement.kind,
                "status": agreement.status,
                "signed_on": signed_on,
            }
        )
    return kind


def _history(contact: Contact, scope: _Scope) -> Kind:
    """The contact record's own history, oldest first (whoever sees the record sees it;
    a linked record private to another institution is not named)."""
    kind = Kind("history", _origins(facts="at actor action changes note"))
    query = sa.select(HistoryEntry).where(
        HistoryEntry.record_type == "contacts", HistoryEntry.record_id == contact.id
    )
    for entry in db.session.scalars(query.order_by(HistoryEntry.at, HistoryEntry.id)):
        kind.rows.append(
            {
                "at": entry.at,
                "actor": entry.actor.name if entry.actor else None,
                "action": entry.action,
                "changes": {
                    name: [scope.value(value) for value in values]
                    for name, values in entry.changes.items()
                },
                "note": entry.note,
            }
        )
    return kind


def gather(contact: Contact, user, complete: bool) -> PersonData:
    scope = _Scope(user, complete)
    exchanges = _exchanges(contact, scope)
    kinds = [
        _identity(contact, scope),
        _emails(contact),
        _phones(contact),
        _interactions(contact, scope),
        _follow_ups(contact, scope, [row["id"] for row in exchanges.rows]),
        exchanges,
        _signatures(contact, scope),
        _history(contact, scope),
    ]
    return PersonData(contact, complete, {kind.name: kind for kind in kinds})
