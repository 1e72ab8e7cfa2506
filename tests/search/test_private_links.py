"""A document holds a linked record's words only when everyone who sees the document may
see that record: searching for a private organization's or student's name must not find,
and so reveal, the shared records linked to it (Law 25)."""

from __future__ import annotations

from datetime import date

import pytest

from crm.extensions import db
from crm.search.query import search
from crm.search.reindex import reindex
from crm.users.models import User
from tests import factories
from tests.agreements.factories import agreement, exchange


def _titles(user, text):
    return sorted(hit.title for hit in search(user, text))


@pytest.fixture
def secret(other_institution):
    """Another member's private organization."""
    return factories.organization(other_institution, name="Secret Mining", visibility="member")


@pytest.fixture
def theirs(other_institution):
    return factories.user(role="staff", institution=other_institution)


def test_a_shared_contact_is_not_found_by_a_private_organizations_name(
    staff, theirs, other_institution, secret
):
    factories.contact(
        other_institution, given_name="Amine", family_name="Partagé", organization=secret
    )
    factories.contact(
        other_institution,
        given_name="Nadia",
        family_name="Privée",
        organization=secret,
        visibility="member",
    )
    assert _titles(staff, "secret") == []
    assert _titles(staff, "amine") == ["Amine Partagé"]  # the contact itself is shared
    # The owner's private contact may name its private organization; its shared one may not.
    assert _titles(theirs, "secret") == ["Nadia Privée", "Secret Mining"]


def test_a_shared_agreement_is_not_found_by_a_private_partys_name(
    api, sign_in, staff, theirs, other_institution, secret
):
    shared = factories.organization(other_institution, name="Secret Shared Partner")
    agreement(other_institution, title="Entente commune", organizations=[secret, shared])
    assert _titles(staff, "secret mining") == []
    assert _titles(staff, "secret shared") == ["Entente commune", "Secret Shared Partner"]
    client = api(staff)
    assert client.get("/api/v1/search?q=Secret+Mining").get_json()["items"] == []
    listed = client.get("/api/v1/agreements?q=Secret+Mining").get_json()
    assert listed["total"] == 0
    assert client.get("/api/v1/agreements?q=Secret+Shared").get_json()["total"] == 1
    page = sign_in(staff).get("/search/?q=Secret+Mining").get_data(as_text=True)
    assert "Entente commune" not in page
    assert "Entente commune" not in sign_in(staff).get("/agreements/?q=Secret+Mining").get_data(
        as_text=True
    )
    assert _titles(theirs, "secret mining") == ["Secret Mining"]  # shared: not by it either


def test_a_private_agreement_names_its_own_institutions_private_party(
    theirs, other_institution, secret
):
    agreement(
        other_institution, title="Entente interne", organizations=[secret], visibility="member"
    )
    assert _titles(theirs, "secret mining") == ["Entente interne", "Secret Mining"]


def test_a_link_made_private_or_renamed_rewrites_the_documents_naming_it(
    staff, institution, other_institution
):
    partner = factories.organization(other_institution, name="Atlas Minerais")
    factories.contact(
        other_institution, given_name="Karim", family_name="Alaoui", organization=partner
    )
    agreement(other_institution, title="Entente Atlas", organizations=[partner])
    found = ["Atlas Minerais", "Entente Atlas", "Karim Alaoui"]
    assert _titles(staff, "minerais") == found

    partner.visibility = "member"
    db.session.commit()
    assert _titles(staff, "minerais") == []

    partner.visibility = "consortium"
    db.session.commit()
    assert _titles(staff, "minerais") == found

    partner.name = "Souss Phosphates"
    db.session.commit()
    assert _titles(staff, "minerais") == []
    assert _titles(staff, "phosphates") == ["Entente Atlas", "Karim Alaoui", "Souss Phosphates"]

    partner.acronym = "SPX"
    db.session.commit()
    assert _titles(staff, "spx") == ["Karim Alaoui", "Souss Phosphates"]


def test_an_exchange_names_only_the_student_and_partner_everyone_may_see(staff, other_institution):
    partner = factories.organization(other_institution, name="Lycée Ibn Sina", city="Kénitra")
    record = exchange(
        agreement(other_institution), date(2026, 9, 1), partner=partner, visibility="consortium"
    )
    student = record.student
    student.visibility = "consortium"
    db.session.commit()
    assert _titles(staff, student.family_name) == sorted(
        [student.full_name, f"{student.full_name} — Lycée Ibn Sina"]
    )

    student.visibility = "member"  # the student's record made private afterwards
    db.session.commit()
    assert _titles(staff, student.family_name) == []
    assert _titles(staff, "ibn sina") == ["Lycée Ibn Sina", "Lycée Ibn Sina"]

    partner.visibility = "member"
    db.session.commit()
    assert _titles(staff, "ibn sina") == []
    assert _titles(staff, "kenitra") == []


def test_reindex_applies_the_same_rule(staff, theirs, other_institution, secret):
    factories.contact(
        other_institution, given_name="Amine", family_name="Partagé", organization=secret
    )
    agreement(other_institution, title="Entente commune", organizations=[secret])
    users = staff.id, theirs.id
    reindex()  # leaves the session empty
    db.session.commit()
    staff, theirs = (db.session.get(User, user_id) for user_id in users)
    assert _titles(staff, "secret") == []
    assert _titles(theirs, "secret") == ["Secret Mining"]
