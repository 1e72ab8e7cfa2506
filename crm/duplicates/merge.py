"""Merging two records into one: the chosen values on the kept record, every link of the
other moved to it, then the other deleted. Operations validate, change and flush; views
commit. Everything goes through the ORM, so the history and the search index follow, and
the entries written carry the action "merge" and a note naming both records."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from crm.agreements.models import Agreement, AgreementSignatory, agreement_organization_parties
from crm.compliance.models import Communication
from crm.contacts.models import Contact, ContactEmail, ContactPhone
from crm.core.audit import current_actor_id
from crm.core.db import utcnow
from crm.core.errors import ConflictError, ValidationError, check_version
from crm.duplicates.models import DuplicateDismissal, DuplicateKind
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.history.capture import about, recorded_as
from crm.history.models import HistoryAction, HistoryEntry
from crm.interactions.models import Interaction, interaction_contacts
from crm.organizations.models import Organization
from crm.projects.models import Project, ProjectPartner


def merge_note(kept, merged) -> str:
    """Both records by number: the note goes on every record moved, which people who may
    not see either person can read, and no name must outlive an anonymization there."""
    return f"#{merged.id} → #{kept.id}"


def merge_contacts(kept: Contact, merged: Contact, versions, values: dict) -> None:
    """Merge ``merged`` into ``kept``; ``versions``: the two versions the page showed."""
    _check(kept, merged, versions)
    note = merge_note(kept, merged)
    with recorded_as(HistoryAction.MERGE, note), db.session.no_autoflush:
        _set(kept, values)
        kept.is_student = kept.is_student or merged.is_student
        known = {email.address for email in kept.emails}
        for email in merged.emails:
            if email.address not in known:
                known.add(email.address)
                kept.emails.append(
                    ContactEmail(
                        address=email.address, label=email.label, position=len(kept.emails)
                    )
                )
        numbers = {phone.number for phone in kept.phones}
        for phone in merged.phones:
            if phone.number not in numbers:
                numbers.add(phone.number)
                kept.phones.append(
                    ContactPhone(number=phone.number, label=phone.label, position=len(kept.phones))
                )
        for interaction in _all(
            sa.select(Interaction)
            .join(interaction_contacts)
            .where(interaction_contacts.c.contact_id == merged.id)
        ):
            others = [c for c in interaction.contacts if c is not merged]
            interaction.contacts = others if kept in others else [*others, kept]
            interaction.updated_at = utcnow()
        for follow_up in _all(sa.select(FollowUp).where(FollowUp.contact_id == merged.id)):
            follow_up.contact = kept
        signs = {s.agreement_id: s for s in _all(_signatories(kept))}
        for signatory in _all(_signatories(merged)):
            if signatory.agreement_id in signs:  # both sign the same agreement: one row
                signs[signatory.agreement_id].signed_on = (
                    signs[signatory.agreement_id].signed_on or signatory.signed_on
                )
                db.session.delete(signatory)
            else:
                signatory.contact = kept
                signs[signatory.agreement_id] = signatory
        for exchange in _all(
            sa.select(StudentExchange).where(StudentExchange.student_id == merged.id)
        ):
            exchange.student = kept
        _finish(kept, merged, DuplicateKind.CONTACT, versions, note)


def merge_organizations(kept: Organization, merged: Organization, versions, values: dict) -> None:
    _check(kept, merged, versions)
    note = merge_note(kept, merged)
    with recorded_as(HistoryAction.MERGE, note), db.session.no_autoflush:
        _set(kept, values)
        kept.tags = [*kept.tags, *(tag for tag in merged.tags if tag not in kept.tags)]
        for contact in _all(sa.select(Contact).where(Contact.organization_id == merged.id)):
            contact.organization = kept
        for follow_up in _all(sa.select(FollowUp).where(FollowUp.organization_id == merged.id)):
            follow_up.organization = kept
        for exchange in _all(
            sa.select(StudentExchange).where(StudentExchange.partner_organization_id == merged.id)
        ):
            exchange.partner_organization = kept
        for agreement in _all(
            sa.select(Agreement)
            .join(agreement_organization_parties)
            .where(agreement_organization_parties.c.organization_id == merged.id)
        ):
            others = [o for o in agreement.organization_parties if o is not merged]
            agreement.organization_parties = others if kept in others else [*others, kept]
            agreement.updated_at = utcnow()
        for project in _all(
            sa.select(Project)
            .join(ProjectPartner)
            .where(ProjectPartner.organization_id == merged.id)
        ):
            _move_partner(project, kept, merged)
        # The register of communications names the organization a file went to.
        for communication in _all(
            sa.select(Communication).where(Communication.recipient_organization_id == merged.id)
        ):
            communication.recipient_organization = kept
        _finish(kept, merged, DuplicateKind.ORGANIZATION, versions, note)


def _move_partner(project: Project, kept: Organization, merged: Organization) -> None:
    """One partner row per organization: when both were partners, their roles joined."""
    old = next(p for p in project.partners if p.organization_id == merged.id)
    same = next((p for p in project.partners if p.organization_id == kept.id), None)
    if same is None:
        project.partners.append(ProjectPartner(organization=kept, role=old.role))
    elif old.role and old.role != same.role:
        same.role = "; ".join(r for r in (same.role, old.role) if r)[:200]
    project.partners.remove(old)
    project.updated_at = utcnow()


def _check(kept, merged, versions) -> None:
    if kept.id == merged.id:
        raise ValidationError("other", _("A record cannot be merged with itself."))
    check_version(kept, versions[0])
    check_version(merged, versions[1])


def _set(record, values: dict) -> None:
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)


def _all(query) -> list:
    return list(db.session.scalars(query).unique())


def _signatories(contact: Contact):
    return sa.select(AgreementSignatory).where(AgreementSignatory.contact_id == contact.id)


def _finish(kept, merged, kind: DuplicateKind, versions, note: str) -> None:
    """Delete the merged record once nothing refers to it; the kept one gets a history
    entry even when none of its own fields changed."""
    for dismissal in _all(
        sa.select(DuplicateDismissal).where(
            DuplicateDismissal.kind == kind,
            sa.or_(DuplicateDismissal.low_id == merged.id, DuplicateDismissal.high_id == merged.id),
        )
    ):
        db.session.delete(dismissal)
    unchanged = not db.session.is_modified(kept)
    kept.updated_at = utcnow()  # a new version: a page showing the old one is stale
    try:
        db.session.flush()  # the links first: some keys refuse the deletion (RESTRICT)
        db.session.delete(merged)
        if unchanged:
            db.session.add(
                HistoryEntry(
                    actor_id=current_actor_id(),
                    action=HistoryAction.MERGE,
                    changes={},
                    note=note,
                    **about(kept),
                )
            )
        db.session.flush()
    except StaleDataError:
        raise ConflictError(kept, versions[0]) from None
