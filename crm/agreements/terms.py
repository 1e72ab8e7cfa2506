"""An agreement's terms as the edit form and the operations see them (ids, quota rows), and
in words, to show what someone else changed while a user was editing."""

from __future__ import annotations

import sqlalchemy as sa

from crm.agreements.models import Agreement, AgreementKind, MobilityDirection
from crm.contacts.models import Contact
from crm.core.records import Visibility
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.labels import label
from crm.missions.models import Mission
from crm.organizations.models import Organization
from crm.users.models import User


def terms_of(agreement: Agreement, user: User) -> dict:
    """The agreement's terms; linked records the user may not see are left out."""
    signatories = [s for s in agreement.signatories if s.user_id or s.contact.is_visible_to(user)]
    return {
        "title": agreement.title,
        "kind": agreement.kind,
        "summary": agreement.summary,
        "member_parties": [i.id for i in agreement.member_parties],
        "organization_parties": [
            o.id for o in agreement.organization_parties if o.is_visible_to(user)
        ],
        "signatory_contacts": [s.contact_id for s in signatories if s.contact_id],
        "signatory_users": [s.user_id for s in signatories if s.user_id],
        "effective_on": agreement.effective_on,
        "expires_on": agreement.expires_on,
        "renewal_notice_days": agreement.renewal_notice_days,
        "mission_id": agreement.mission_id,
        "visibility": agreement.visibility,
        "quotas": [(q.academic_year, q.direction, q.places) for q in agreement.quotas],
    }


def _names(model, ids, name) -> str:
    if not ids:
        return ""
    rows = db.session.scalars(sa.select(model).where(model.id.in_(ids)))
    return ", ".join(sorted(name(row) for row in rows))


def in_words(terms: dict) -> dict:
    """The terms as a person reads them: names instead of ids, labels instead of codes."""
    mission = db.session.get(Mission, terms["mission_id"]) if terms["mission_id"] else None
    return {
        "title": (terms["title"] or "").strip(),
        "kind": label(AgreementKind(terms["kind"])),
        "summary": (terms["summary"] or "").strip() or None,
        "member_parties": _names(MemberInstitution, terms["member_parties"], lambda i: i.code),
        "organization_parties": _names(
            Organization, terms["organization_parties"], lambda o: o.name
        ),
        "signatories": ", ".join(
            filter(
                None,
                [
                    _names(Contact, terms["signatory_contacts"], lambda c: c.full_name),
                    _names(User, terms["signatory_users"], lambda u: u.name),
                ],
            )
        ),
        "effective_on": terms["effective_on"],
        "expires_on": terms["expires_on"],
        "renewal_notice_days": terms["renewal_notice_days"],
        "mission_id": mission.name if mission else None,
        "visibility": label(Visibility(terms["visibility"])),
        "quotas": "; ".join(
            f"{year} {label(MobilityDirection(direction))} {places}"
            for year, direction, places in sorted(terms["quotas"])
        ),
    }
