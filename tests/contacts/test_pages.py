"""The contacts' pages: list with filters, sorting and pages; create, edit, archive,
delete; Law 25 information; what other institutions may not see."""

import re

import sqlalchemy as sa

from crm.contacts.models import Contact, ContactEmail
from crm.extensions import db
from tests import factories
from tests.conftest import snapshot


def _names(page: str) -> list[str]:
    return re.findall(r'href="/contacts/\d+">([^<]+)</a>', page)


def _form(**values) -> dict:
    return {
        "given_name": "Fatima",
        "family_name": "Zahra",
        "organization_id": "",
        "preferred_language": "",
        "source": "",
        "visibility": "",
    } | values


def test_list_sorts_by_family_name_with_accents_among_their_letters(sign_in, staff, institution):
    for given, family in (("Omar", "Tazi"), ("Élodie", "Émond"), ("Karim", "Benali")):
        factories.contact(institution, given_name=given, family_name=family)
    browser = sign_in(staff)
    page = browser.get("/contacts/").get_data(as_text=True)
    assert _names(page) == ["Benali, Karim", "Émond, Élodie", "Tazi, Omar"]
    page = browser.get("/contacts/?sort=-name").get_data(as_text=True)
    assert _names(page)[0] == "Tazi, Omar"


def test_filters(sign_in, staff, institution, other_institution):
    mines = factories.organization(institution, name="Société minière", acronym="SMS", country="MA")
    cegep = factories.organization(other_institution, name="Cégep B", country="CA")
    factories.contact(institution, "Amina", "Alaoui", organization=mines)
    factories.contact(other_institution, "Jean", "Tremblay", organization=cegep)
    factories.contact(institution, "Yasmine", "Idrissi", is_student=True)
    factories.contact(institution, "Vieux", "Archivé", archived_at=sa.func.now())
    browser = sign_in(staff)

    def names(query):
        return _names(browser.get("/contacts/?" + query).get_data(as_text=True))

    assert names("q=alaou") == ["Alaoui, Amina"]
    assert names("q=TREMBLAY jean") == ["Tremblay, Jean"]
    assert names("organization=sms") == ["Alaoui, Amina"]
    assert names(f"organization_id={cegep.id}") == ["Tremblay, Jean"]
    assert names("country=CA") == ["Tremblay, Jean"]
    assert names("institution=CTH") == ["Tremblay, Jean"]
    assert names("student=yes") == ["Idrissi, Yasmine"]
    assert names("student=no") == ["Alaoui, Amina", "Tremblay, Jean"]
    assert names("archived=only") == ["Archivé, Vieux"]
    assert len(names("archived=all")) == 4
    assert names("sort=organization&student=no") == ["Tremblay, Jean", "Alaoui, Amina"]
    assert names("sort=-organization&student=no") == ["Alaoui, Amina", "Tremblay, Jean"]
    # A value that no choice has filters nothing instead of failing.
    response = browser.get("/contacts/?country=ZZ&student=peut-être&page=abc&sort=zzz")
    assert response.status_code == 200
    assert len(_names(response.get_data(as_text=True))) == 3


def test_pages(sign_in, staff, institution):
    db.session.add_all(
        Contact(given_name="Personne", family_name=f"N{n:03}", institution=institution)
        for n in range(120)
    )
    db.session.commit()
    browser = sign_in(staff)
    second = browser.get("/contacts/?page=2").get_data(as_text=True)
    assert _names(second)[0] == "N050, Personne" and len(_names(second)) == 50
    assert "51–100 sur 120" in second.replace("\u202f", " ").replace("\xa0", " ")


def test_member_contacts_of_others_do_not_exist(sign_in, staff, other_institution):
    student = factories.contact(other_institution, "Secret", "Étudiant", is_student=True)
    assert student.visibility == "member"  # a student's record stays home (Law 25)
    browser = sign_in(staff)
    assert "Secret" not in browser.get("/contacts/?archived=all").get_data(as_text=True)
    assert browser.get(f"/contacts/{student.id}").status_code == 404
    assert browser.get(f"/contacts/{student.id}/edit").status_code == 404
    assert browser.post(f"/contacts/{student.id}/archive", {"version": "1"}).status_code == 404


def test_create_keeps_the_input_and_shows_errors_next_to_fields(sign_in, staff):
    browser = sign_in(staff)
    response = browser.post(
        "/contacts/new",
        _form(given_name="", job_title="Directrice", emails="fatima@ema.ma\npas-une-adresse"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Directrice" in page and "pas-une-adresse" in page
    assert re.search(r'id="emails-errors">[^<]*« pas-une-adresse »', page)
    assert page.count("invalid-feedback") == 2  # given name, emails
    assert db.session.scalar(sa.select(sa.func.count(Contact.id))) == 0


def test_create_keeps_the_order_of_emails_and_phones(sign_in, staff, institution):
    organization = factories.organization(institution, name="École des mines")
    browser = sign_in(staff)
    form = browser.get(f"/contacts/new?organization_id={organization.id}").get_data(as_text=True)
    assert f'<option selected value="{organization.id}">' in form
    response = browser.post(
        "/contacts/new",
        _form(
            organization_id=str(organization.id),
            emails=" F.Zahra@EMA.ma \n\nfatima@gmail.com\nf.zahra@ema.ma",
            phones="+212 5 37 00 00 00\n+1 418 555-0100",
            preferred_language="fr",
            source="event",
            source_details="Carte reçue à Rabat",
            consent_on="2026-03-23",
        ),
    )
    assert response.status_code == 302
    contact = db.session.scalar(sa.select(Contact))
    assert [e.address for e in contact.emails] == ["f.zahra@ema.ma", "fatima@gmail.com"]
    assert [p.number for p in contact.phones] == ["+212 5 37 00 00 00", "+1 418 555-0100"]
    assert contact.organization_id == organization.id
    assert contact.visibility == "consortium"
    assert contact.created_by_id == staff.id
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "lors d’une réunion ou d’un événement" in page
    assert "Carte reçue à Rabat" in page and "23 mars 2026" in page


def test_a_student_is_visible_to_their_institution_only_unless_chosen(sign_in, staff):
    browser = sign_in(staff)
    browser.post("/contacts/new", _form(family_name="Auto", is_student="y"))
    browser.post(
        "/contacts/new", _form(family_name="Choisi", is_student="y", visibility="consortium")
    )
    visibility = dict(db.session.execute(sa.select(Contact.family_name, Contact.visibility)).all())
    assert visibility == {"Auto": "member", "Choisi": "consortium"}


def test_detail_shows_law_25_information_prominently(sign_in, staff, institution):
    contact = factories.contact(institution, "Sans", "Consentement")
    page = sign_in(staff).get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "Renseignements personnels (Loi 25)" in page
    assert "Aucun consentement consigné" in page


def test_edit_reorders_emails_and_keeps_their_labels(sign_in, staff, institution):
    contact = factories.contact(institution, "Fatima", "Zahra")
    contact.emails = [
        ContactEmail(address="travail@ema.ma", label="bureau", position=0),
        ContactEmail(address="perso@gmail.com", position=1),
    ]
    db.session.commit()
    browser = sign_in(staff)
    edit = browser.get(f"/contacts/{contact.id}/edit").get_data(as_text=True)
    assert "travail@ema.ma\nperso@gmail.com</textarea>" in edit
    response = browser.post(
        f"/contacts/{contact.id}/edit",
        _form(
            emails="perso@gmail.com\ntravail@ema.ma",
            visibility="consortium",
            version=str(contact.version),
        ),
    )
    assert response.status_code == 302
    db.session.rollback()
    contact = db.session.get(Contact, contact.id)
    assert [(e.address, e.label) for e in contact.emails] == [
        ("perso@gmail.com", None),
        ("travail@ema.ma", "bureau"),
    ]
    assert contact.version == 2


def test_a_stale_edit_shows_the_other_change_and_overwrites_nothing(
    sign_in, staff, director, institution
):
    contact = factories.contact(institution, "Fatima", "Zahra")
    first, second = sign_in(staff), sign_in(director)
    form = _form(visibility="consortium", version="1")
    response = first.post(f"/contacts/{contact.id}/edit", form | {"job_title": "Doyenne"})
    assert response.status_code == 302
    response = second.post(f"/contacts/{contact.id}/edit", form | {"job_title": "Rectrice"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Quelqu’un d’autre a modifié cette fiche" in page
    assert "Doyenne" in page and 'value="Rectrice"' in page
    assert 'name="version" type="hidden" value="2"' in page
    db.session.rollback()
    assert db.session.get(Contact, contact.id).job_title == "Doyenne"


def test_archive_restore_delete(sign_in, staff, institution):
    contact = factories.contact(institution, "Archi", "Vable")
    browser = sign_in(staff)
    url = f"/contacts/{contact.id}"
    assert browser.post(url + "/archive", {"version": "1"}).status_code == 302
    assert "Vable" not in browser.get("/contacts/").get_data(as_text=True)
    assert "Vable" in browser.get("/contacts/?archived=only").get_data(as_text=True)
    assert browser.post(url + "/restore", {"version": "2"}).status_code == 302
    browser.post(url + "/archive", {"version": "1"})  # stale: does nothing
    db.session.rollback()
    assert db.session.get(Contact, contact.id).archived_at is None
    assert browser.post(url + "/delete", {"version": "3"}).status_code == 302
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Contact.id))) == 0


def test_only_the_owner_deletes_and_viewers_change_nothing(
    sign_in, viewer, staff, other_institution
):
    theirs = factories.contact(other_institution, "Leur", "Contact")
    colleague, browser = sign_in(staff), sign_in(viewer)
    before = snapshot()
    assert colleague.post(f"/contacts/{theirs.id}/delete", {"version": "1"}).status_code == 403
    assert browser.get("/contacts/new").status_code == 403
    assert browser.get(f"/contacts/{theirs.id}/edit").status_code == 403
    assert browser.post(f"/contacts/{theirs.id}/edit", _form(version="1")).status_code == 403
    assert snapshot() == before
    page = browser.get(f"/contacts/{theirs.id}").get_data(as_text=True)
    assert "Modifier" not in page and "Archiver" not in page
    assert "Consigner une interaction" not in page
