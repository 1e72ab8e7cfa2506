"""On the mission's page: typing a meeting on a phone (who, when, notes) and creating the
follow-ups that the meetings call for."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.core.clock import today
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.interactions.models import Interaction
from crm.organizations.models import Organization
from tests import factories
from tests.conftest import snapshot
from tests.missions.factories import meeting, mission


def _meeting(**values) -> dict:
    return {"occurred_at": "2026-03-24T10:30", "notes": "Intérêt pour l’AEC."} | values


def _flash(page: str) -> list[str]:
    return [m.strip() for m in re.findall(r'class="alert[^"]*"[^>]*>\s*([^<]+)', page)]


def test_the_page_offers_people_met_and_found_and_now_as_the_time(sign_in, staff, institution):
    record = mission(institution, delegates=[staff])
    met = factories.contact(institution, "Omar", "Tazi")
    factories.contact(institution, "Youssef", "Benali")
    factories.contact(factories.institution(), "Secret", "Benaissa", visibility="member")
    meeting(record, [met], [staff])
    browser = sign_in(staff)
    page = browser.get(f"/missions/{record.id}").get_data(as_text=True)
    assert "Ajouter une rencontre" in page and "Heure : Canada (Toronto)" in page
    assert "Omar Tazi" in page and "Youssef Benali" not in page
    shown = re.search(r'name="occurred_at" required type="datetime-local" value="([^"]+)"', page)
    now = datetime.now(ZoneInfo("America/Toronto")).replace(tzinfo=None)
    assert abs(datetime.fromisoformat(shown.group(1)) - now) < timedelta(minutes=2)
    found = browser.get(f"/missions/{record.id}?who=bena").get_data(as_text=True)
    assert "Youssef Benali" in found and "Omar Tazi" in found
    assert "Benaissa" not in found  # another institution's member-only contact


def test_a_meeting_with_a_new_person_creates_the_contact_and_the_organization(
    sign_in, staff, institution
):
    record = mission(institution, country="MA", name="Maroc")
    existing = factories.organization(institution, name="École des mines de l'Atlas")
    known = factories.contact(institution, "Omar", "Tazi")
    browser = sign_in(staff)
    response = browser.post(
        f"/missions/{record.id}/meetings",
        _meeting(
            contact_ids=[str(known.id)],
            new_given_name="Amine",
            new_family_name="Kettani",
            new_organization="ecole des mines de l'atlas",
        ),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/missions/{record.id}#meetings"
    saved = db.session.scalar(sa.select(Interaction))
    assert saved.kind == "meeting" and saved.mission_id == record.id
    # Typed at 10:30 in Québec (daylight time, UTC−4), stored in UTC.
    assert saved.occurred_at == datetime(2026, 3, 24, 14, 30, tzinfo=UTC)
    assert [u.id for u in saved.staff] == [staff.id]
    assert saved.summary == "Intérêt pour l’AEC."
    assert saved.subject == "Rencontre avec Omar Tazi, Amine Kettani"
    new = db.session.scalar(sa.select(Contact).where(Contact.family_name == "Kettani"))
    assert new.organization_id == existing.id  # found by name, accents and case aside
    assert new.source == "event" and "Maroc" in new.source_details
    assert {c.id for c in saved.contacts} == {known.id, new.id}
    page = browser.get(f"/missions/{record.id}").get_data(as_text=True)
    assert "Amine Kettani" in page and "Rencontre avec Omar Tazi, Amine Kettani" in page


def test_an_unknown_organization_is_created_in_the_mission_country(sign_in, staff, institution):
    record = mission(institution, country="SN")
    browser = sign_in(staff)
    response = browser.post(
        f"/missions/{record.id}/meetings",
        _meeting(new_given_name="Awa", new_family_name="Diop", new_organization="Mines de Thiès"),
    )
    assert response.status_code == 302
    organization = db.session.scalar(sa.select(Organization))
    assert (organization.name, organization.country) == ("Mines de Thiès", "SN")
    assert organization.institution_id == staff.institution_id


def test_a_meeting_without_anyone_is_refused_and_keeps_the_input(sign_in, staff, institution):
    record = mission(institution)
    browser = sign_in(staff)
    before = snapshot()
    response = browser.post(
        f"/missions/{record.id}/meetings", _meeting(new_given_name="Awa", notes="À garder")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Indiquez le prénom et le nom de famille." in page
    assert "Choisissez au moins une personne" in page
    assert 'value="Awa"' in page and "À garder" in page
    assert snapshot() == before


def test_a_hidden_contact_cannot_be_slipped_in(sign_in, staff, institution, other_institution):
    record = mission(institution)
    hidden = factories.contact(other_institution, "Élève", "Cachée", visibility="member")
    browser = sign_in(staff)
    before = snapshot()
    response = browser.post(
        f"/missions/{record.id}/meetings", _meeting(contact_ids=[str(hidden.id)])
    )
    assert response.status_code == 422
    assert "Certaines de ces personnes sont introuvables." in response.get_data(as_text=True)
    assert "Cachée" not in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_meeting_about_a_member_only_contact_is_member_only(sign_in, staff, institution):
    record = mission(institution)
    student = factories.contact(institution, "Léa", "Roy", is_student=True)
    browser = sign_in(staff)
    assert (
        browser.post(
            f"/missions/{record.id}/meetings", _meeting(contact_ids=[str(student.id)])
        ).status_code
        == 302
    )
    assert db.session.scalar(sa.select(Interaction)).visibility == "member"


def test_viewer_cannot_add_a_meeting(sign_in, viewer, institution):
    record = mission(institution)
    browser = sign_in(viewer)
    before = snapshot()
    response = browser.post(
        f"/missions/{record.id}/meetings", _meeting(new_given_name="A", new_family_name="B")
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_missing_follow_ups_go_to_who_met_them_and_are_made_once(
    sign_in, staff, director, institution, other_institution
):
    colleague = factories.user(role="staff", institution=other_institution, name="Marie Roy")
    outsider = factories.user(role="staff", institution=institution, name="Hors délégation")
    record = mission(institution, name="Maroc", delegates=[director, colleague])
    fatima = factories.contact(institution, "Fatima", "Idrissi")
    omar = factories.contact(institution, "Omar", "Tazi")
    awa = factories.contact(institution, "Awa", "Diop")
    youssef = factories.contact(institution, "Youssef", "Benali")
    meeting(record, [fatima], [director], at=datetime(2026, 3, 23, 14, tzinfo=UTC))
    meeting(record, [fatima, omar], [colleague], at=datetime(2026, 3, 24, 14, tzinfo=UTC))
    meeting(record, [awa], [outsider])  # no member of the delegation was there
    meeting(record, [youssef], [director])
    factories.follow_up(director, title="Déjà prévu", contact=youssef)
    browser = sign_in(staff)

    response = browser.post(
        f"/missions/{record.id}/follow-ups", {"due_in_days": "7"}, follow_redirects=True
    )
    assert "3 suivis créés." in _flash(response.get_data(as_text=True))
    db.session.rollback()
    made = {
        f.contact_id: f
        for f in db.session.scalars(sa.select(FollowUp).where(FollowUp.title != "Déjà prévu"))
    }
    assert set(made) == {fatima.id, omar.id, awa.id}
    assert made[fatima.id].assignee_id == colleague.id  # who met her last
    assert made[omar.id].assignee_id == colleague.id
    assert made[awa.id].assignee_id == staff.id  # no delegate met her: the one who asked
    assert made[fatima.id].title == "Relancer Fatima Idrissi (Maroc)"
    assert made[fatima.id].due_on == today() + timedelta(days=7)
    assert made[fatima.id].institution_id == other_institution.id  # so its assignee sees it

    before = snapshot()
    again = browser.post(f"/missions/{record.id}/follow-ups", follow_redirects=True)
    assert "ont déjà un suivi ouvert" in again.get_data(as_text=True)
    assert snapshot() == before


def test_a_done_follow_up_is_no_longer_open(sign_in, staff, institution):
    record = mission(institution, delegates=[staff])
    omar = factories.contact(institution, "Omar", "Tazi")
    meeting(record, [omar], [staff])
    factories.follow_up(staff, title="Ancien", contact=omar, status="done")
    browser = sign_in(staff)
    response = browser.post(
        f"/missions/{record.id}/follow-ups", {"due_in_days": "14"}, follow_redirects=True
    )
    assert "Un suivi créé." in response.get_data(as_text=True)
    db.session.rollback()
    new = db.session.scalar(sa.select(FollowUp).where(FollowUp.title != "Ancien"))
    assert new.assignee_id == staff.id and new.due_on == today() + timedelta(days=14)


def test_a_bad_number_of_days_creates_nothing(sign_in, staff, institution):
    record = mission(institution)
    meeting(record, [factories.contact(institution)], [staff])
    browser = sign_in(staff)
    before = snapshot()
    response = browser.post(
        f"/missions/{record.id}/follow-ups", {"due_in_days": "-4"}, follow_redirects=True
    )
    assert "entre 0 et 365" in response.get_data(as_text=True)
    assert snapshot() == before


def test_the_delegation_itself_is_not_followed_up(sign_in, staff, institution):
    """The directors general signing in Rabat have contact records, but they are ours."""
    from datetime import date

    from crm.interactions.models import Interaction
    from crm.missions.models import Mission

    director = factories.user(role="director", institution=institution, name="David Beaudin")
    himself = factories.contact(institution, given_name="David", family_name="Beaudin")
    partner = factories.contact(institution, given_name="Omar", family_name="Tazi")
    mission = Mission(
        name="Maroc",
        country="MA",
        starts_on=date(2026, 3, 21),
        ends_on=date(2026, 3, 27),
        institution=institution,
        delegates=[director],
    )
    db.session.add(mission)
    db.session.add(
        Interaction(
            kind="event",
            subject="Signature",
            mission=mission,
            occurred_at=datetime(2026, 3, 23, 11, tzinfo=UTC),
            institution=institution,
            contacts=[himself, partner],
            staff=[director],
        )
    )
    db.session.commit()
    response = sign_in(staff).post(f"/missions/{mission.id}/follow-ups", {"due_in_days": "7"})
    assert response.status_code in (200, 302)
    titles = db.session.scalars(sa.select(FollowUp.title)).all()
    assert titles == ["Relancer Omar Tazi (Maroc)"]
