"""A student with a bit of everything the system can hold about a person, some of it kept
private by another member institution."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from crm.agreements.models import AgreementSignatory
from crm.contacts.models import Contact, ContactEmail, ContactPhone
from crm.core.records import Visibility
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.interactions.models import Interaction
from tests import factories
from tests.exchanges import factories as exchange_factories


@dataclass
class Person:
    contact: Contact
    shared_interaction: Interaction
    private_interaction: Interaction  # the other institution's, member only
    exchange: object
    follow_up: FollowUp
    agreement: object


def student(institution, other_institution, staff) -> Person:
    partner = factories.organization(institution, name="École des mines de Rabat", country="MA")
    contact = Contact(
        given_name="Yasmine",
        family_name="Benali",
        institution=institution,
        is_student=True,
        visibility=Visibility.CONSORTIUM,
        job_title="Étudiante",
        organization=partner,
        preferred_language="fr",
        notes="Allergique aux arachides",
        source="registrar",
        source_details="Registrariat, automne 2026",
        consent_on=date(2026, 9, 1),
        emails=[ContactEmail(address="yasmine.benali@example.org", label="perso")],
        phones=[ContactPhone(number="+1 418 555 0199", label="cellulaire")],
    )
    db.session.add(contact)
    db.session.commit()
    shared = Interaction(
        kind="meeting",
        occurred_at=datetime(2026, 10, 1, 14, tzinfo=UTC),
        subject="Accueil de Yasmine",
        summary="Yasmine souhaite prolonger son séjour",
        location="Sept-Îles",
        institution=institution,
        contacts=[contact],
    )
    private = Interaction(
        kind="call",
        occurred_at=datetime(2026, 10, 2, 9, tzinfo=UTC),
        subject="Appel confidentiel",
        summary="Propos tenus au Cégep de Thetford",
        institution=other_institution,
        visibility=Visibility.MEMBER,
        contacts=[contact],
    )
    db.session.add_all([shared, private])
    db.session.commit()
    exchange = exchange_factories.exchange(
        institution,
        student=contact,
        partner=partner,
        programme="Techniques minières",
        notes="Difficultés familiales, suivi rapproché",
        starts_on=date(2026, 8, 24),
        ends_on=date(2026, 12, 18),
    )
    follow_up = factories.follow_up(
        staff, title="Rappeler Yasmine", notes="Parler du logement", contact=contact
    )
    agreement = exchange_factories.agreement(institution, title="Entente ENIM", parties=[partner])
    agreement.signatories.append(AgreementSignatory(contact=contact, signed_on=date(2026, 3, 23)))
    db.session.commit()
    return Person(contact, shared, private, exchange, follow_up, agreement)
