"""Contacts as vCard 3.0, read back with vobject: one contact, and the filtered list."""

from __future__ import annotations

from crm.contacts.models import ContactPhone
from crm.extensions import db
from tests import factories
from tests.compliance.communications import fetch
from tests.exports.files import vcards


def _amelie(institution, organization=None):
    contact = factories.contact(
        institution,
        "Amélie",
        "Côté-Lévesque",
        email="amelie.cote@cegep-sept-iles.qc.ca",
        job_title="Directrice des études",
        organization=organization,
        preferred_language="fr",
        notes="Préfère être appelée le matin (note interne).",
    )
    contact.phones = [ContactPhone(number="+1 418 962-9848", position=0)]
    db.session.commit()
    return contact


def test_one_contact_as_a_vcard(sign_in, staff, institution):
    ema = factories.organization(institution, name="École des mines de l’Atlas, Rabat")
    contact = _amelie(institution, ema)
    response = fetch(sign_in(staff), f"/contacts/{contact.id}/vcard")
    [card] = vcards(response)
    assert card.version.value == "3.0"
    assert card.n.value.family == "Côté-Lévesque" and card.n.value.given == "Amélie"
    assert card.fn.value == "Amélie Côté-Lévesque"
    assert [e.value for e in card.email_list] == ["amelie.cote@cegep-sept-iles.qc.ca"]
    assert [t.value for t in card.tel_list] == ["+1 418 962-9848"]
    assert card.org.value == ["École des mines de l’Atlas, Rabat"]
    assert card.title.value == "Directrice des études"
    assert card.lang.value == "fr"
    assert "note" not in card.contents  # staff notes stay in the CRM
    assert "Préfère" not in response.get_data(as_text=True)
    disposition = response.headers["Content-Disposition"]
    assert 'filename="Amelie Cote-Levesque.vcf"' in disposition
    assert "filename*=UTF-8''Am%C3%A9lie%20C%C3%B4t%C3%A9-L%C3%A9vesque.vcf" in disposition


def test_a_private_organization_of_another_institution_is_left_out(
    sign_in, staff, institution, other_institution
):
    hidden = factories.organization(other_institution, name="Secret", visibility="member")
    contact = _amelie(institution, hidden)
    [card] = vcards(fetch(sign_in(staff), f"/contacts/{contact.id}/vcard"))
    assert "org" not in card.contents


def test_the_filtered_list_as_one_file(sign_in, staff, institution, other_institution):
    _amelie(institution)
    factories.contact(institution, "Karim", "Benali", email="karim@example.org")
    factories.contact(institution, "Léa", "Tremblay", is_student=True)
    factories.contact(other_institution, "Omar", "Caché", visibility="member")
    response = fetch(sign_in(staff), "/contacts/export.vcf?student=no&sort=-name")
    cards = vcards(response)
    assert [c.fn.value for c in cards] == ["Amélie Côté-Lévesque", "Karim Benali"]
    assert "lang" not in cards[1].contents
    assert response.headers["Content-Disposition"].startswith('attachment; filename="contacts-')


def test_a_contact_of_another_institution_is_404(sign_in, staff, other_institution):
    hidden = factories.contact(other_institution, "Omar", "Caché", visibility="member")
    assert fetch(sign_in(staff), f"/contacts/{hidden.id}/vcard").status_code == 404


def test_a_viewer_downloads_a_vcard(sign_in, viewer, institution):
    contact = _amelie(institution)
    [card] = vcards(fetch(sign_in(viewer), f"/contacts/{contact.id}/vcard"))
    assert card.fn.value == "Amélie Côté-Lévesque"
