"""Creating and editing follow-ups: from another record's "Add a follow-up" button, the
assignee, the visibility that follows the record, errors next to their fields, and edits
that never overwrite a newer change."""

from datetime import date

import sqlalchemy as sa

from crm.core.records import Visibility
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus
from tests import factories
from tests.conftest import snapshot
from tests.exchanges import factories as exchange_factories


def _count() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count(FollowUp.id)))


def _only() -> FollowUp:
    db.session.rollback()
    return db.session.scalar(sa.select(FollowUp))


def test_add_a_follow_up_about_a_contact_and_return_to_its_page(sign_in, staff, institution):
    person = factories.contact(institution, given_name="Fatima", family_name="Zahra")
    browser = sign_in(staff)
    url = f"/follow-ups/new?contact_id={person.id}&next=/contacts/{person.id}"
    page = browser.get(url).get_data(as_text=True)
    assert "Nouveau suivi" in page and "Fatima Zahra" in page
    # Me by default, and due a week from today.
    assert f'<option selected value="{staff.id}">' in page
    assert 'value="2026-03-30"' in page
    response = browser.post(
        url,
        {
            "title": "Envoyer le programme",
            "due_on": "2026-04-02",
            "assignee_id": str(staff.id),
            "notes": "  Version révisée  ",
            "visibility": "consortium",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/contacts/{person.id}"
    follow_up = _only()
    assert follow_up.contact_id == person.id and follow_up.subject_kind == "contact"
    assert (follow_up.title, follow_up.due_on) == ("Envoyer le programme", date(2026, 4, 2))
    assert follow_up.notes == "Version révisée"
    assert follow_up.assignee_id == staff.id and follow_up.created_by_id == staff.id
    assert follow_up.institution_id == institution.id
    assert follow_up.status == FollowUpStatus.OPEN


def test_each_kind_of_record_can_be_the_subject(sign_in, staff, institution):
    organization = factories.organization(institution, name="Mines de l’Atlas")
    browser = sign_in(staff)
    page = browser.get(f"/follow-ups/new?organization_id={organization.id}").get_data(as_text=True)
    assert "Organisation ·" in page and "Mines de l’Atlas" in page
    response = browser.post(
        f"/follow-ups/new?organization_id={organization.id}",
        {"title": "Relancer", "due_on": "2026-04-01", "visibility": "consortium"},
    )
    # No assignee posted: me; no next: the new follow-up's page.
    follow_up = _only()
    assert response.headers["Location"] == f"/follow-ups/{follow_up.id}"
    assert follow_up.organization_id == organization.id and follow_up.assignee_id == staff.id


def test_an_unsafe_next_is_ignored(sign_in, staff):
    response = sign_in(staff).post(
        "/follow-ups/new?next=https://evil.example/",
        {"title": "Relancer", "due_on": "2026-04-01", "visibility": "consortium"},
    )
    assert response.headers["Location"] == f"/follow-ups/{_only().id}"


def test_a_follow_up_about_a_member_exchange_is_member(sign_in, staff, institution):
    exchange = exchange_factories.exchange(institution)
    assert exchange.visibility == Visibility.MEMBER
    browser = sign_in(staff)
    url = f"/follow-ups/new?exchange_id={exchange.id}"
    page = browser.get(url).get_data(as_text=True)
    assert '<option selected value="member">Mon établissement seulement</option>' in page
    form = {"title": "Visa de l’étudiante", "due_on": "2026-05-01"}
    response = browser.post(url, form | {"visibility": "consortium"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "visible par son établissement seulement : ce suivi aussi." in page
    assert 'value="Visa de l’étudiante"' in page
    assert _count() == 0
    assert browser.post(url, form | {"visibility": "member"}).status_code == 302
    follow_up = _only()
    assert follow_up.exchange_id == exchange.id and follow_up.visibility == Visibility.MEMBER


def test_a_hidden_record_cannot_be_the_subject(sign_in, staff, other_institution):
    secret = factories.contact(other_institution, visibility="member")
    browser = sign_in(staff)
    assert browser.get(f"/follow-ups/new?contact_id={secret.id}").status_code == 404
    form = {"title": "Espionner", "due_on": "2026-04-01", "visibility": "consortium"}
    assert browser.post(f"/follow-ups/new?contact_id={secret.id}", form).status_code == 404
    assert browser.post("/follow-ups/new?contact_id=999999", form).status_code == 404
    assert _count() == 0


def test_errors_are_shown_next_to_their_fields_and_the_input_kept(sign_in, staff):
    response = sign_in(staff).post(
        "/follow-ups/new", {"title": "", "due_on": "32/13/2026", "notes": "À garder"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.count("invalid-feedback") == 2  # title, due date
    assert "À garder" in page
    assert _count() == 0


def test_the_assignee_must_be_active_and_allowed_to_see_it(
    sign_in, staff, institution, other_institution
):
    elsewhere = factories.user(institution=other_institution, name="Paul Ailleurs")
    gone = factories.user(institution=institution, name="Ancienne collègue")
    gone.is_active = False
    db.session.commit()
    browser = sign_in(staff)
    page = browser.get("/follow-ups/new").get_data(as_text=True)
    assert "Paul Ailleurs (CTH)" in page and "Ancienne collègue" not in page
    form = {"title": "Relancer", "due_on": "2026-04-01"}
    for user, visibility in [(elsewhere, "member"), (gone, "consortium")]:
        response = browser.post(
            "/follow-ups/new", form | {"assignee_id": str(user.id), "visibility": visibility}
        )
        assert response.status_code == 422
        assert "Choisissez un utilisateur actif qui peut voir ce suivi." in (
            response.get_data(as_text=True)
        )
    assert _count() == 0
    response = browser.post(
        "/follow-ups/new", form | {"assignee_id": str(elsewhere.id), "visibility": "consortium"}
    )
    assert response.status_code == 302 and _only().assignee_id == elsewhere.id


def test_viewer_cannot_create(sign_in, viewer):
    browser = sign_in(viewer)
    assert browser.get("/follow-ups/new").status_code == 403
    before = snapshot()
    response = browser.post("/follow-ups/new", {"title": "Non", "due_on": "2026-04-01"})
    assert response.status_code == 403
    assert snapshot() == before


def test_edit(sign_in, staff, institution):
    colleague = factories.user(institution=institution, name="Claire Collègue")
    follow_up = factories.follow_up(staff, title="Relancer", due_in_days=3, today=date(2026, 3, 23))
    browser = sign_in(staff)
    page = browser.get(f"/follow-ups/{follow_up.id}/edit").get_data(as_text=True)
    assert 'value="Relancer"' in page and 'value="2026-03-26"' in page
    response = browser.post(
        f"/follow-ups/{follow_up.id}/edit",
        {
            "title": "Relancer le ministère",
            "due_on": "2026-04-10",
            "assignee_id": str(colleague.id),
            "visibility": "member",
            "version": "1",
        },
    )
    assert response.status_code == 302
    saved = _only()
    assert (saved.title, saved.due_on, saved.assignee_id) == (
        "Relancer le ministère",
        date(2026, 4, 10),
        colleague.id,
    )
    assert saved.visibility == Visibility.MEMBER and saved.version == 2


def test_a_stale_edit_shows_the_other_change_and_overwrites_nothing(sign_in, staff, director):
    follow_up = factories.follow_up(staff, title="Relancer", today=date(2026, 3, 23))
    first, second = sign_in(staff), sign_in(director)
    form = {"due_on": "2026-04-01", "visibility": "consortium", "version": "1"}
    url = f"/follow-ups/{follow_up.id}/edit"
    assert first.post(url, form | {"title": "Appeler"}).status_code == 302
    response = second.post(url, form | {"title": "Écrire"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Quelqu’un d’autre a modifié cette fiche" in page
    assert "Appeler" in page and 'value="Écrire"' in page
    assert 'name="version" type="hidden" value="2"' in page
    assert _only().title == "Appeler"


def test_hidden_follow_ups_cannot_be_edited(sign_in, staff, other_institution):
    owner = factories.user(institution=other_institution)
    hidden = factories.follow_up(owner, visibility="member")
    browser = sign_in(staff)
    before = snapshot()
    assert browser.get(f"/follow-ups/{hidden.id}/edit").status_code == 404
    response = browser.post(
        f"/follow-ups/{hidden.id}/edit", {"title": "X", "due_on": "2026-04-01", "version": "1"}
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_a_follow_up_cannot_be_given_to_a_viewer(sign_in, staff, viewer):
    """A viewer could never mark it done: they are not offered, and refused."""
    browser = sign_in(staff)
    page = browser.get("/follow-ups/new").get_data(as_text=True)
    assert f'value="{viewer.id}"' not in page
    response = browser.post(
        "/follow-ups/new",
        {
            "title": "Relancer",
            "due_on": "2026-04-02",
            "assignee_id": str(viewer.id),
            "visibility": "consortium",
        },
    )
    assert response.status_code == 422
