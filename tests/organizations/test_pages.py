"""The organizations' pages: list with filters, sorting and pages; create, edit, archive,
delete; what other institutions may not see."""

import re

import sqlalchemy as sa

from crm.agreements.models import Agreement
from crm.extensions import db
from crm.organizations.models import Organization
from tests import factories
from tests.conftest import snapshot


def _names(page: str) -> list[str]:
    return re.findall(r'href="/organizations/\d+">([^<]+)</a>', page)


def test_list_sorts_accents_among_their_letters(sign_in, staff, institution):
    for name in ("Société minière du Souss", "École des mines de l'Atlas", "Groupe Drâa"):
        factories.organization(institution, name=name)
    page = sign_in(staff).get("/organizations/").get_data(as_text=True)
    assert _names(page) == [
        "École des mines de l&#39;Atlas",
        "Groupe Drâa",
        "Société minière du Souss",
    ]
    page = sign_in(staff).get("/organizations/?sort=-name").get_data(as_text=True)
    assert _names(page)[0] == "Société minière du Souss"


def test_filters(sign_in, staff, institution, other_institution):
    factories.organization(institution, name="Mine A", country="MA", kind="company")
    factories.organization(other_institution, name="Cégep B", country="CA", kind="education")
    browser = sign_in(staff)
    assert _names(browser.get("/organizations/?country=MA").get_data(as_text=True)) == ["Mine A"]
    assert _names(browser.get("/organizations/?kind=education").get_data(as_text=True)) == [
        "Cégep B"
    ]
    assert _names(browser.get("/organizations/?institution=CTH").get_data(as_text=True)) == [
        "Cégep B"
    ]
    assert _names(browser.get("/organizations/?q=mine").get_data(as_text=True)) == ["Mine A"]
    # A value that no choice has filters nothing instead of failing.
    response = browser.get("/organizations/?kind=spaceport&country=ZZ&page=abc")
    assert response.status_code == 200
    assert len(_names(response.get_data(as_text=True))) == 2


def test_pages(sign_in, staff, institution):
    db.session.add_all(
        Organization(name=f"Org {n:03}", country="MA", institution=institution) for n in range(120)
    )
    db.session.commit()
    browser = sign_in(staff)
    second = browser.get("/organizations/?page=2").get_data(as_text=True)
    assert _names(second)[0] == "Org 050" and len(_names(second)) == 50
    assert "51–100 sur 120" in second.replace("\u202f", " ").replace("\xa0", " ")
    last = browser.get("/organizations/?page=99").get_data(as_text=True)
    assert _names(last)[-1] == "Org 119"


def test_member_organizations_of_others_do_not_exist(sign_in, staff, other_institution):
    hidden = factories.organization(other_institution, name="Secret", visibility="member")
    browser = sign_in(staff)
    assert "Secret" not in browser.get("/organizations/").get_data(as_text=True)
    assert browser.get(f"/organizations/{hidden.id}").status_code == 404
    assert browser.get(f"/organizations/{hidden.id}/edit").status_code == 404


def test_create_keeps_the_input_and_shows_errors_next_to_fields(sign_in, staff):
    browser = sign_in(staff)
    response = browser.post(
        "/organizations/new",
        {
            "name": "",
            "city": "Rabat",
            "country": "XX",
            "kind": "company",
            "visibility": "consortium",
            "website": "pas une adresse",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Rabat"' in page
    assert page.count("invalid-feedback") == 3  # name, country, website
    assert db.session.scalar(sa.select(sa.func.count(Organization.id))) == 0


def test_create_then_edit_with_tags(sign_in, staff):
    browser = sign_in(staff)
    response = browser.post(
        "/organizations/new",
        {
            "name": "École des mines de l'Atlas",
            "country": "MA",
            "kind": "education",
            "city": "Rabat",
            "tags": "Mines, formation, mines",
            "visibility": "consortium",
        },
    )
    assert response.status_code == 302
    organization = db.session.scalar(sa.select(Organization))
    assert [t.name for t in organization.tags] == ["formation", "mines"]
    assert organization.institution_id == staff.institution_id
    assert organization.created_by_id == staff.id
    page = browser.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert "Rabat, Maroc" in page and "formation" in page

    edit = browser.get(f"/organizations/{organization.id}/edit").get_data(as_text=True)
    assert 'value="formation, mines"' in edit
    response = browser.post(
        f"/organizations/{organization.id}/edit",
        {
            "name": "École des mines de l'Atlas",
            "country": "MA",
            "kind": "education",
            "tags": "mines",
            "visibility": "consortium",
            "version": "1",
        },
    )
    assert response.status_code == 302
    db.session.rollback()
    organization = db.session.get(Organization, organization.id)
    assert [t.name for t in organization.tags] == ["mines"]
    assert organization.version == 2  # a change of tags alone is a new version too


def test_a_stale_edit_shows_the_other_change_and_overwrites_nothing(
    sign_in, staff, director, institution
):
    organization = factories.organization(institution, name="EMA", city="Rabat")
    first, second = sign_in(staff), sign_in(director)
    form = {
        "name": "EMA",
        "country": "MA",
        "kind": "other",
        "visibility": "consortium",
        "version": "1",
    }
    assert (
        first.post(
            f"/organizations/{organization.id}/edit", form | {"city": "Casablanca"}
        ).status_code
        == 302
    )
    response = second.post(f"/organizations/{organization.id}/edit", form | {"city": "Tanger"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Quelqu’un d’autre a modifié cette fiche" in page
    assert "Casablanca" in page and 'value="Tanger"' in page
    assert 'name="version" type="hidden" value="2"' in page
    db.session.rollback()
    assert db.session.get(Organization, organization.id).city == "Casablanca"


def test_archive_restore_delete(sign_in, staff, institution):
    organization = factories.organization(institution, name="Archivable")
    browser = sign_in(staff)
    url = f"/organizations/{organization.id}"
    assert browser.post(url + "/archive", {"version": "1"}).status_code == 302
    assert "Archivable" not in browser.get("/organizations/").get_data(as_text=True)
    assert "Archivable" in browser.get("/organizations/?archived=only").get_data(as_text=True)
    assert browser.post(url + "/restore", {"version": "2"}).status_code == 302
    # A stale version does nothing.
    browser.post(url + "/archive", {"version": "1"})
    db.session.rollback()
    assert db.session.get(Organization, organization.id).archived_at is None
    assert browser.post(url + "/delete", {"version": "3"}).status_code == 302
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Organization.id))) == 0


def test_delete_is_refused_while_an_agreement_refers_to_it(sign_in, staff, institution):
    organization = factories.organization(institution)
    db.session.add(
        Agreement(
            title="Protocole",
            kind="memorandum",
            institution=institution,
            organization_parties=[organization],
        )
    )
    db.session.commit()
    browser = sign_in(staff)
    before = snapshot()
    response = browser.post(
        f"/organizations/{organization.id}/delete", {"version": "1"}, follow_redirects=True
    )
    assert "archivez-la plutôt" in response.get_data(as_text=True)
    assert snapshot() == before


def test_only_the_owner_deletes_and_viewers_change_nothing(
    sign_in, viewer, other_institution, institution
):
    theirs = factories.organization(other_institution)
    staff = factories.user(role="staff", institution=institution)
    assert (
        sign_in(staff).post(f"/organizations/{theirs.id}/delete", {"version": "1"}).status_code
        == 403
    )
    browser = sign_in(viewer)
    assert browser.get("/organizations/new").status_code == 403
    assert browser.get(f"/organizations/{theirs.id}/edit").status_code == 403
    page = browser.get(f"/organizations/{theirs.id}").get_data(as_text=True)
    assert "Modifier" not in page and "Archiver" not in page


def test_timeline_shows_what_happened_newest_first(sign_in, staff, institution):
    organization = factories.organization(institution)
    person = factories.contact(institution, organization=organization)
    factories.follow_up(staff, title="Relance ancienne", due_in_days=-30, contact=person)
    factories.follow_up(staff, title="Relance récente", due_in_days=-1, organization=organization)
    page = sign_in(staff).get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert page.index("Relance récente") < page.index("Relance ancienne")


def test_the_name_filter_ignores_case_and_accents(sign_in, staff, institution):
    factories.organization(institution, name="École des mines de l'Atlas", acronym="EMA")
    browser = sign_in(staff)
    for text in ("ecole", "ÉCOLE", "École", "mines de l", "ema"):
        page = browser.get(f"/organizations/?q={text}").get_data(as_text=True)
        assert _names(page) == ["École des mines de l&#39;Atlas"], text
