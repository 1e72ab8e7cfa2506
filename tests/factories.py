"""Small factories for test records; each flushes and returns what it made."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from argon2 import PasswordHasher

from crm.contacts.models import Contact, ContactEmail
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.institutions.models import MemberInstitution
from crm.organizations.models import Organization
from crm.users.models import User

PASSWORD = "correct horse battery"
# The cheapest Argon2id parameters: a real hash, verified by the app, at test speed.
_PASSWORD_HASH = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
_n = itertools.count(1)


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def institution(code=None, name_fr=None, name_en=None) -> MemberInstitution:
    n = next(_n)
    code = code or f"I{n}"
    return _save(
        MemberInstitution(
            code=code, name_fr=name_fr or f"Cégep {code}", name_en=name_en or f"Cegep {code}"
        )
    )


def user(role="staff", institution=None, email=None, locale="fr", name=None) -> User:
    n = next(_n)
    return _save(
        User(
            email=email or f"user{n}@example.org",
            name=name or f"Utilisateur {n}",
            role=role,
            institution=institution,
            locale=locale,
            password_hash=_PASSWORD_HASH,
        )
    )


def organization(institution, name=None, country="MA", **values) -> Organization:
    return _save(
        Organization(
            name=name or f"Organisation {next(_n)}",
            country=country,
            institution=institution,
            **values,
        )
    )


def contact(institution, given_name="Fatima", family_name=None, email=None, **values) -> Contact:
    n = next(_n)
    return _save(
        Contact(
            given_name=given_name,
            family_name=family_name or f"Nom{n}",
            institution=institution,
            emails=[ContactEmail(address=email)] if email else [],
            **values,
        )
    )


def follow_up(assignee, title=None, due_in_days=0, today=None, **values) -> FollowUp:
    today = today or date.today()
    values.setdefault("institution", assignee.institution)
    return _save(
        FollowUp(
            title=title or f"Relance {next(_n)}",
            assignee=assignee,
            due_on=today + timedelta(days=due_in_days),
            **values,
        )
    )
