"""Factories for student exchanges and the agreements they come under."""

from __future__ import annotations

from datetime import date

from crm.agreements.models import Agreement
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from tests import factories


def student_contact(institution, given_name="Léa", family_name=None, **values):
    return factories.contact(
        institution, given_name=given_name, family_name=family_name, is_student=True, **values
    )


def agreement(institution, title="Entente d’échange", parties=(), **values) -> Agreement:
    record = Agreement(
        title=title,
        kind="student_exchange",
        institution=institution,
        organization_parties=list(parties),
        **values,
    )
    db.session.add(record)
    db.session.commit()
    return record


def exchange(
    institution,
    student=None,
    partner=None,
    direction="outgoing",
    starts_on=date(2026, 8, 24),
    ends_on=date(2026, 12, 18),
    **values,
) -> StudentExchange:
    record = StudentExchange(
        institution=institution,
        student=student or student_contact(institution),
        partner_organization=partner or factories.organization(institution),
        direction=direction,
        starts_on=starts_on,
        ends_on=ends_on,
        **values,
    )
    db.session.add(record)
    db.session.commit()
    return record
