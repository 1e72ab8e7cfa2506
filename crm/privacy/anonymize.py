"""Anonymizing a person: their personal data erased, the record kept so that what happened
with them (interactions, exchanges, agreements: dates, kinds, countries, institutions)
still counts.

The changes go through the ORM, so the search index follows and the history records them
as one ``anonymize`` entry with the reason. The history itself is then scrubbed of the
person's values (see ``_scrub_history``).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from crm.agreements.models import AgreementSignatory
from crm.contacts.models import Contact
from crm.core.db import utcnow
from crm.core.errors import ValidationError
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.history.capture import recorded_as
from crm.history.models import HistoryAction, HistoryEntry
from crm.interactions.models import interaction_contacts

GIVEN_NAME, FAMILY_NAME = "Personne", "anonymisée"
ANONYMOUS = f"{GIVEN_NAME} {FAMILY_NAME}"
SCRUBBED = "•"
# The contact's fields that are erased (None), and their history's fields that are scrubbed.
ERASED = ("job_title", "notes", "source_details", "consent_on", "preferred_language")
PERSONAL = ("given_name", "family_name", "emails", "phones", *ERASED)
# In the entries of the records that name the person, the fields that are theirs.
RELATED_PERSONAL = {"student_exchanges": ("notes",)}
REASON_MAX = 500


def check_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason", _l("Give the reason for the anonymization."))
    if len(reason) > REASON_MAX:
        raise ValidationError(
            "reason", _l("The reason is too long (at most %(max)s characters).", max=REASON_MAX)
        )
    return reason


def anonymize(contact: Contact, reason: str) -> bool:
    """Erase the person's data; False when it already was (nothing is done again).
    Validates, changes and flushes; the caller commits."""
    reason = check_reason(reason)
    if contact.anonymized_at is not None:
        return False
    names = {contact.full_name}
    exchanges = db.session.scalars(
        sa.select(StudentExchange).where(StudentExchange.student_id == contact.id)
    ).all()
    with recorded_as(HistoryAction.ANONYMIZE, note=reason), db.session.no_autoflush:
        contact.given_name, contact.family_name = GIVEN_NAME, FAMILY_NAME
        for name in ERASED:
            setattr(contact, name, None)
        contact.emails = []
        contact.phones = []
        contact.anonymized_at = utcnow()
        for exchange in exchanges:
            exchange.notes = None  # the student's personal free text
        db.session.flush()
    _scrub_history(db.session, contact, names)
    return True


def _scrubbed(value):
    """A personal value of the history replaced by "•"; absence, and what anonymizing
    wrote, are kept (so the entry still says that the field was erased)."""
    if value in (None, "", [], GIVEN_NAME, FAMILY_NAME):
        return value
    if isinstance(value, list):
        return [SCRUBBED for _item in value]
    return SCRUBBED


def _without_names(value, names: set[str], instead: str = SCRUBBED):
    if isinstance(value, dict):  # a private linked record: {"label": …, "private_to": …}
        return {key: _without_names(item, names, instead) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_names(item, names, instead) for item in value]
    if isinstance(value, str):
        for name in names:
            value = value.replace(name, instead)
    return value


def _related_entries(session: Session, contact: Contact) -> sa.Select:
    """The entries of the records that name the person: their exchanges, the interactions
    and agreements they took part in, the follow-ups about them."""
    related = {
        "student_exchanges": sa.select(StudentExchange.id).where(
            StudentExchange.student_id == contact.id
        ),
        "interactions": sa.select(interaction_contacts.c.interaction_id).where(
            interaction_contacts.c.contact_id == contact.id
        ),
        "agreements": sa.select(AgreementSignatory.agreement_id).where(
            AgreementSignatory.contact_id == contact.id
        ),
        "follow_ups": sa.select(FollowUp.id).where(FollowUp.contact_id == contact.id),
    }
    return sa.select(
        HistoryEntry.id, HistoryEntry.record_type, HistoryEntry.label, HistoryEntry.changes
    ).where(
        sa.or_(
            *(
                sa.and_(HistoryEntry.record_type == table, HistoryEntry.record_id.in_(ids))
                for table, ids in related.items()
            )
        )
    )


def _scrub_history(session: Session, contact: Contact, names: set[str]) -> None:
    """Replace the person's values in the history with "•".

    This Core UPDATE is the only edit of the history the app makes: the history is
    read-only (crm/history/models.py refuses ORM updates), but Law 25 asks that an
    anonymized person's data be gone from it too. What changed, when and by whom stays.
    """
    table = HistoryEntry.__table__
    own = session.execute(
        sa.select(HistoryEntry.id, HistoryEntry.changes).where(
            HistoryEntry.record_type == "contacts", HistoryEntry.record_id == contact.id
        )
    ).all()
    for entry_id, changes in own:
        scrubbed = {
            name: [_scrubbed(v) for v in values] if name in PERSONAL else values
            for name, values in (changes or {}).items()
        }
        session.execute(
            sa.update(table).where(table.c.id == entry_id).values(label=ANONYMOUS, changes=scrubbed)
        )
    for entry_id, record_type, label, changes in session.execute(
        _related_entries(session, contact)
    ).all():
        personal = RELATED_PERSONAL.get(record_type, ())
        new_label = _without_names(label, names, ANONYMOUS)
        new_changes = {
            name: [_scrubbed(v) for v in values]
            if name in personal
            else _without_names(values, names)
            for name, values in (changes or {}).items()
        }
        if (new_label, new_changes) != (label, changes):
            session.execute(
                sa.update(table)
                .where(table.c.id == entry_id)
                .values(label=new_label, changes=new_changes)
            )
