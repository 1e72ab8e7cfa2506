"""The interactions' pages: logging one from a contact's page in two clicks, the time zone,
the list's filters, editing, archiving, and what other institutions may not see."""

import re
from datetime import UTC, datetime

import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.extensions import db
from crm.interactions import queries
from crm.interactions.models import Interaction
from crm.missions.models import Mission
from tests import factories
from tests.conftest import snapshot
from tests.interactions.factories import interaction


def _subjects(page: str) -> list[str]:
    return re.findall(r'href="/interactions/\d+">([^<]+)</a>', page)


def _form(**values) -> dict:
    return {
        "kind": "meeting",
        "occurred_at": "2026-03-23T10:30",
        "subject": "Rencontre à Rabat",
        "mission_id": "",
        "agreement_id": "",
        "visibility": "consortium",
    } | values


def test_log_from_a_contact_page_prefills_and_comes_back(sign_in, staff, institution):
    contact = factories.contact(institution, "Fatima", "Zahra")
    factories.contact(institution, "Autre", "Personne")
    browser = sign_in(staff)
    url = f"/interactions/new?contact_id={contact.id}&next=/contacts/{contact.id}"
    form = browser.get(url).get_data(as_text=True)
    assert f'<option selected value="{contact.id}">Zahra, Fatima</option>' in form
    assert f'<option selected value="{staff.id}">' in form
    assert "Heure : Canada (Toronto)" in form
    response = browser.post(
        url, _form(contact_ids=str(contact.id), staff_ids=str(staff.id), summary="Stages")
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/contacts/{contact.id}"
    logged = db.session.scalar(sa.select(Interaction))
    # Entered at 10:30 in Québec (daylight time, UTC−4), stored in UTC.
    assert logged.occurred_at == datetime(2026, 3, 23, 14, 30, tzinfo=UTC)
    assert [c.id for c in logged.contacts] == [contact.id]
    assert [u.id for u in logged.staff] == [staff.id]
    assert logged.institution_id == staff.institution_id
    page = browser.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "Rencontre à Rabat" in page and "Stages" in page
    detail = browser.get(f"/interactions/{logged.id}").get_data(as_text=True)
    assert "23 mars 2026, 10:30" in detail  # in Québec


def test_log_from_an_organization_offers_its_people(sign_in, staff, institution):
    organization = factories.organization(institution, name="École des mines")
    ours = factories.contact(institution, "Amina", "Alaoui", organization=organization)
    factories.contact(institution, "Jean", "Ailleurs")
    page = (
        sign_in(staff)
        .get(f"/interactions/new?organization_id={organization.id}")
        .get_data(as_text=True)
    )
    assert "Avec École des mines" in page
    assert f'value="{ours.id}">Alaoui, Amina — École des mines</option>' in page
    assert "Ailleurs" not in page


def test_an_unsafe_next_leads_to_the_interaction(sign_in, staff):
    response = sign_in(staff).post("/interactions/new?next=https://evil.example", _form())
    assert response.status_code == 302
    assert re.fullmatch(r"/interactions/\d+", response.headers["Location"])


def test_a_bad_form_keeps_the_input_and_says_why(sign_in, staff):
    response = sign_in(staff).post(
        "/interactions/new",
        _form(subject="", occurred_at="23 mars", location="Rabat", kind="pigeon"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Rabat"' in page and 'value="23 mars"' in page
    assert re.search(r'id="subject-errors">', page)
    assert re.search(r'id="occurred_at-errors">', page)
    assert re.search(r'id="kind-errors">', page)
    assert db.session.scalar(sa.select(sa.func.count(Interaction.id))) == 0


def test_list_filters_and_newest_first(sign_in, staff, institution, other_institution):
    organization = factories.organization(institution, name="Société minière", acronym="SMS")
    amina = factories.contact(institution, "Amina", "Alaoui", organization=organization)
    jean = factories.contact(other_institution, "Jean", "Tremblay")
    mission = Mission(
        name="Mission Maroc",
        country="MA",
        starts_on=datetime(2026, 3, 20).date(),
        ends_on=datetime(2026, 3, 27).date(),
        institution=institution,
    )
    db.session.add(mission)
    db.session.commit()
    # 23 March 02:30 UTC is still 22 March in Québec.
    interaction(
        institution, [amina], datetime(2026, 3, 23, 2, 30, tzinfo=UTC), "Souper", kind="event"
    )
    interaction(
        institution, [amina], datetime(2026, 3, 24, 15, 0, tzinfo=UTC), "Visite", mission=mission
    )
    interaction(
        other_institution, [jean], datetime(2026, 2, 1, 15, 0, tzinfo=UTC), "Appel", kind="call"
    )
    browser = sign_in(staff)

    def subjects(query=""):
        return _subjects(browser.get("/interactions/?" + query).get_data(as_text=True))

    assert subjects() == ["Visite", "Souper", "Appel"]
    assert subjects("sort=date") == ["Appel", "Souper", "Visite"]
    assert subjects("kind=call") == ["Appel"]
    assert subjects("date_from=2026-03-23") == ["Visite"]
    assert subjects("date_to=2026-03-22") == ["Souper", "Appel"]
    assert subjects("institution=CTH") == ["Appel"]
    assert subjects(f"mission={mission.id}") == ["Visite"]
    assert subjects("q=sms") == ["Visite", "Souper"]
    assert subjects("q=tremblay") == ["Appel"]
    response = browser.get("/interactions/?kind=pigeon&date_from=hier&mission=999&page=x")
    assert response.status_code == 200
    assert len(_subjects(response.get_data(as_text=True))) == 3


def test_hidden_interactions_and_contacts_do_not_exist(
    sign_in, staff, institution, other_institution
):
    secret_student = factories.contact(other_institution, "Secret", "Étudiant", is_student=True)
    ours = factories.contact(institution, "Amina", "Alaoui")
    hidden = interaction(other_institution, [secret_student], subject="Privée", visibility="member")
    shared = interaction(other_institution, [secret_student, ours], subject="Partagée")
    browser = sign_in(staff)
    assert browser.get(f"/interactions/{hidden.id}").status_code == 404
    assert browser.get(f"/interactions/{hidden.id}/edit").status_code == 404
    listing = browser.get("/interactions/").get_data(as_text=True)
    assert "Privée" not in listing and "Secret" not in listing
    assert "Amina Alaoui" in listing
    page = browser.get(f"/interactions/{shared.id}").get_data(as_text=True)
    assert "Amina Alaoui" in page and "Secret" not in page
    assert browser.get("/interactions/?q=secret").get_data(as_text=True).count("Partagée") == 0
    # Editing keeps the contact this user cannot see.
    response = browser.post(
        f"/interactions/{shared.id}/edit", _form(subject="Partagée", version="1")
    )
    assert response.status_code == 302
    db.session.rollback()
    assert [c.id for c in db.session.get(Interaction, shared.id).contacts] == [secret_student.id]


def test_edit_shows_local_time_and_changes_contacts(sign_in, staff, institution):
    amina = factories.contact(institution, "Amina", "Alaoui")
    omar = factories.contact(institution, "Omar", "Tazi")
    record = interaction(institution, [amina], datetime(2026, 1, 10, 15, 0, tzinfo=UTC))
    browser = sign_in(staff)
    edit = browser.get(f"/interactions/{record.id}/edit").get_data(as_text=True)
    assert 'value="2026-01-10T10:00"' in edit  # standard time, UTC−5
    response = browser.post(
        f"/interactions/{record.id}/edit",
        _form(occurred_at="2026-01-10T10:00", contact_ids=str(omar.id), version="1"),
    )
    assert response.status_code == 302
    db.session.rollback()
    record = db.session.get(Interaction, record.id)
    assert [c.id for c in record.contacts] == [omar.id]
    assert record.occurred_at == datetime(2026, 1, 10, 15, 0, tzinfo=UTC)
    assert record.version == 2


def test_a_stale_edit_shows_the_other_change_and_overwrites_nothing(
    sign_in, staff, director, institution
):
    record = interaction(institution, subject="Rencontre")
    first, second = sign_in(staff), sign_in(director)
    form = _form(version="1")
    assert (
        first.post(f"/interactions/{record.id}/edit", form | {"location": "Rabat"}).status_code
        == 302
    )
    response = second.post(f"/interactions/{record.id}/edit", form | {"location": "Tanger"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Quelqu’un d’autre a modifié cette fiche" in page
    assert "Rabat" in page and 'value="Tanger"' in page
    db.session.rollback()
    assert db.session.get(Interaction, record.id).location == "Rabat"


def test_archive_restore_delete(sign_in, staff, institution):
    record = interaction(institution, subject="Archivable")
    browser = sign_in(staff)
    url = f"/interactions/{record.id}"
    assert browser.post(url + "/archive", {"version": "1"}).status_code == 302
    assert "Archivable" not in browser.get("/interactions/").get_data(as_text=True)
    assert "Archivable" in browser.get("/interactions/?archived=only").get_data(as_text=True)
    assert browser.post(url + "/restore", {"version": "2"}).status_code == 302
    assert browser.post(url + "/delete", {"version": "3"}).status_code == 302
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Interaction.id))) == 0


def test_viewers_change_nothing(sign_in, viewer, institution):
    record = interaction(institution, subject="Lecture seule")
    browser = sign_in(viewer)
    before = snapshot()
    assert browser.get("/interactions/new").status_code == 403
    assert browser.post("/interactions/new", _form()).status_code == 403
    assert browser.get(f"/interactions/{record.id}/edit").status_code == 403
    assert browser.post(f"/interactions/{record.id}/archive", {"version": "1"}).status_code == 403
    assert snapshot() == before
    page = browser.get(f"/interactions/{record.id}").get_data(as_text=True)
    assert "Lecture seule" in page and "Modifier" not in page


def test_find_contacts_beyond_the_listed_ones_without_losing_the_input(
    sign_in, staff, institution, monkeypatch
):
    monkeypatch.setattr(queries, "CHOICES_LIMIT", 2)
    for family in ("Alaoui", "Benali", "Chraibi", "Tazi"):
        factories.contact(institution, "Personne", family)
    browser = sign_in(staff)
    page = browser.get("/interactions/new").get_data(as_text=True)
    assert "Alaoui" in page and "Benali" in page and "Tazi" not in page
    assert "Seuls les 2 premiers sont affichés" in page
    response = browser.post(
        "/interactions/new", _form(subject="Visite du chantier", find_contacts="taz", find="1")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Visite du chantier"' in page and "invalid-feedback" not in page
    tazi = db.session.scalar(sa.select(Contact).where(Contact.family_name == "Tazi"))
    assert f'value="{tazi.id}">Tazi, Personne</option>' in page
    assert db.session.scalar(sa.select(sa.func.count(Interaction.id))) == 0
    response = browser.post(
        "/interactions/new",
        _form(subject="Visite du chantier", find_contacts="taz", contact_ids=str(tazi.id)),
    )
    assert response.status_code == 302
    assert [c.family_name for c in db.session.scalar(sa.select(Interaction)).contacts] == ["Tazi"]
