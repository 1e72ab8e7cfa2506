"""Finding likely duplicates: shared addresses, similar names within a block, dismissed
pairs left out, only what the user may see."""

from __future__ import annotations

from crm.duplicates.dismissals import dismiss
from crm.duplicates.finder import Reason, contact_pairs, organization_pairs
from crm.duplicates.models import DuplicateKind
from crm.extensions import db
from tests import factories


def _found(pairs) -> dict[tuple[int, int], list[Reason]]:
    return {(pair.low_id, pair.high_id): pair.reasons for pair in pairs}


def test_contacts_sharing_an_address_whatever_their_names(staff, institution):
    a = factories.contact(institution, "Karim", "Benali", email="k.benali@ema.ma")
    b = factories.contact(institution, "K.", "Ben Ali", email="K.Benali@ema.ma ")
    factories.contact(institution, "Omar", "Tazi", email="omar@ema.ma")
    assert _found(contact_pairs(staff)) == {(a.id, b.id): [Reason("email", "k.benali@ema.ma")]}


def test_names_compared_without_accents_case_or_word_order(staff, institution):
    school = factories.organization(institution, "École des mines de l’Atlas")
    a = factories.contact(institution, "Élodie", "Côté", organization=school)
    b = factories.contact(institution, "cote", "elodie", organization=school)
    c = factories.contact(institution, "Élodie", "Coté-Lavoie", organization=school)
    factories.contact(institution, "Omar", "Tazi", organization=school)
    found = _found(contact_pairs(staff))
    assert found == {(a.id, b.id): [Reason("similar_name", 100)]}
    assert (a.id, c.id) not in found  # 76 %: another person


def test_a_typo_scores_below_100_but_is_found(staff, institution):
    school = factories.organization(institution, "OCP")
    a = factories.contact(institution, "Fatima-Zahra", "El Idrissi", organization=school)
    b = factories.contact(institution, "Fatima Zahra", "El Idrisi", organization=school)
    [(pair, reasons)] = _found(contact_pairs(staff)).items()
    assert pair == (a.id, b.id)
    assert reasons[0].code == "similar_name" and 90 <= reasons[0].value < 100


def test_the_same_name_at_different_organizations_is_not_a_pair(staff, institution):
    factories.contact(
        institution, "Léa", "Tremblay", organization=factories.organization(institution)
    )
    factories.contact(
        institution, "Léa", "Tremblay", organization=factories.organization(institution)
    )
    factories.contact(institution, "Léa", "Tremblay")  # no organization: nor with these
    assert contact_pairs(staff) == []


def test_without_organization_only_the_exact_name(staff, institution):
    a = factories.contact(institution, "Léa", "Tremblay")
    b = factories.contact(institution, "TREMBLAY", "lea")
    factories.contact(institution, "Léa", "Tremblaye")
    assert _found(contact_pairs(staff)) == {(a.id, b.id): [Reason("same_name")]}


def test_an_address_and_a_name_give_two_reasons(staff, institution):
    school = factories.organization(institution)
    a = factories.contact(institution, "Léa", "Roy", email="lea@x.ca", organization=school)
    b = factories.contact(institution, "Lea", "Roy", email="lea@x.ca", organization=school)
    assert _found(contact_pairs(staff)) == {
        (a.id, b.id): [Reason("email", "lea@x.ca"), Reason("similar_name", 100)]
    }


def test_dismissed_pairs_are_not_proposed_again(staff, institution):
    a = factories.contact(institution, "Léa", "Tremblay")
    b = factories.contact(institution, "Léa", "Tremblay")
    c = factories.contact(institution, "Léa", "Tremblay")
    dismiss(DuplicateKind.CONTACT, b.id, a.id, staff)  # either order
    dismiss(DuplicateKind.CONTACT, b.id, a.id, staff)  # twice: nothing more
    db.session.commit()
    assert set(_found(contact_pairs(staff))) == {(a.id, c.id), (b.id, c.id)}


def test_only_records_the_user_may_see(staff, institution, other_institution):
    a = factories.contact(institution, "Léa", "Tremblay")
    factories.contact(other_institution, "Léa", "Tremblay", visibility="member")
    shared = factories.contact(other_institution, "Léa", "Tremblay")
    assert set(_found(contact_pairs(staff))) == {(a.id, shared.id)}
    x = factories.organization(institution, "Managem", country="MA")
    factories.organization(other_institution, "Managem", country="MA", visibility="member")
    assert _found(organization_pairs(staff)) == {}
    y = factories.organization(other_institution, "MANAGEM", country="MA")
    assert set(_found(organization_pairs(staff))) == {(x.id, y.id)}


def test_archived_records_are_included(staff, institution):
    a = factories.contact(institution, "Léa", "Tremblay")
    b = factories.contact(institution, "Léa", "Tremblay")
    b.archived_at = b.created_at
    db.session.commit()
    assert set(_found(contact_pairs(staff))) == {(a.id, b.id)}


def test_organizations_similar_names_or_acronym_in_one_country(staff, institution):
    a = factories.organization(institution, "Université Mohammed V de Rabat", country="MA")
    b = factories.organization(institution, "universite de Rabat Mohammed V", country="MA")
    c = factories.organization(institution, "Office chérifien des phosphates", "MA", acronym="OCP")
    d = factories.organization(institution, "Groupe OCP", country="MA", acronym="ocp")
    factories.organization(institution, "Université Mohammed V de Rabat", country="FR")
    factories.organization(institution, "Other", country="FR", acronym="OCP")
    assert _found(organization_pairs(staff)) == {
        (a.id, b.id): [Reason("similar_name", 100)],
        (c.id, d.id): [Reason("acronym", "OCP")],
    }


def test_dismissed_organizations_too(staff, institution):
    a = factories.organization(institution, "Managem")
    b = factories.organization(institution, "Managem")
    dismiss(DuplicateKind.ORGANIZATION, a.id, b.id, staff)
    db.session.commit()
    assert organization_pairs(staff) == []
