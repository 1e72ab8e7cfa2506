"""``crm seed-demo``: the demo data tells the story of the consortium's public announcement
(Rabat, 23 March 2026), marks what was invented, and shows up on the right home pages."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from crm.agreements.models import Agreement, AgreementKind, AgreementStatus
from crm.cli import cli
from crm.contacts.models import Contact
from crm.core.clock import today
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus
from crm.institutions.models import MemberInstitution
from crm.interactions.models import Interaction
from crm.missions.models import Mission, MissionStatus
from crm.organizations.models import Organization
from crm.projects.models import Project, ProjectKind
from crm.users.models import Role, User
from crm.users.operations import authenticate, set_password
from tests import factories

ADMIN_EMAIL = "admin@x.org"
CEGEPS = {
    "CAT": "Cégep de l'Abitibi-Témiscamingue",
    "CTH": "Cégep de Thetford",
    "CSI": "Cégep de Sept-Îles",
}
INMQ = "Institut national des mines du Québec"
CONSORTIUM = "Entente de création du consortium collégial en formation minière"
SIGNED_ON = date(2026, 3, 23)
CASABLANCA = ZoneInfo("Africa/Casablanca")
FOLLOW_UP_TITLES = [  # by due date: 3 days ago, today, in 5 days, in 14 days
    "Envoyer le devis de l'AEC à l'École des mines de l'Atlas",
    "Proposer une date de visite à la Société minière du Souss",
    "Transmettre l'offre de formation en salle de contrôle",
    "Préparer la rencontre de suivi avec l'INMQ",
]


@pytest.fixture
def seed(runner, monkeypatch):
    """Run ``crm seed-demo`` in process; returns the admin password it printed, if any."""
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")  # FlaskGroup sets it; restored after

    def run(*options: str) -> str | None:
        result = runner.invoke(cli, ["seed-demo", *options])
        assert result.exit_code == 0, (result.output, result.exception)
        db.session.rollback()
        match = re.search(r"^Password \(shown once\): (\S+)$", result.output, re.M)
        return match.group(1) if match else None

    return run


@pytest.fixture
def seeded(app, seed) -> str:
    password = seed("--admin-email", ADMIN_EMAIL)
    assert password
    return password


def _one(model, **where):
    return db.session.scalars(sa.select(model).filter_by(**where)).one()


def test_three_member_institutions(seeded):
    rows = db.session.execute(sa.select(MemberInstitution.code, MemberInstitution.name_fr)).all()

    assert dict(rows) == CEGEPS


def test_the_institut_national_des_mines_du_quebec(seeded):
    inmq = _one(Organization, name=INMQ)

    assert (inmq.acronym, inmq.country, inmq.city) == ("INMQ", "CA", "Val-d'Or")
    assert inmq.institution.code == "CAT"
    assert inmq.tags == []  # a real organization, not an invented one


def test_the_consortium_agreement_signed_in_rabat(seeded):
    agreement = _one(Agreement, title=CONSORTIUM)

    assert agreement.kind == AgreementKind.CONSORTIUM
    assert agreement.status == AgreementStatus.SIGNED
    assert agreement.signed_on == SIGNED_ON
    assert "Rabat" in agreement.signed_at
    assert {p.name_fr for p in agreement.member_parties} == set(CEGEPS.values())
    assert agreement.organization_parties == []
    assert sorted(s.name for s in agreement.signatories) == [
        "Dany Mercier",
        "David Beaudin",
        "Robert Rousseau",
    ]
    assert {s.signed_on for s in agreement.signatories} == {SIGNED_ON}
    assert agreement.mission.name.startswith("Mission au Maroc")


def test_the_consortium_agreement_history(seeded):
    agreement = _one(Agreement, title=CONSORTIUM)
    history = agreement.history

    assert [(t.action, t.from_status, t.to_status) for t in history] == [
        ("submit", "draft", "under_review"),
        ("approve", "under_review", "under_review"),
        ("approve", "under_review", "under_review"),
        ("approve", "under_review", "approved"),
        ("sign", "approved", "signed"),
    ]
    approvals = [t for t in history if t.action == "approve"]
    assert sorted(t.institution.code for t in approvals) == ["CAT", "CSI", "CTH"]
    for step in approvals:  # each cégep approved through its own director general
        assert step.actor.role == Role.DIRECTOR
        assert step.actor.institution_id == step.institution_id
    assert {(a.institution.code, a.user.name) for a in agreement.approvals} == {
        ("CAT", "Dany Mercier"),
        ("CTH", "Robert Rousseau"),
        ("CSI", "David Beaudin"),
    }
    assert history[-1].at.astimezone(CASABLANCA).date() == SIGNED_ON
    assert all(t.at.astimezone(CASABLANCA).date() <= SIGNED_ON for t in history)


def test_the_consortium_agreement_history_is_in_chronological_order(seeded):
    history = _one(Agreement, title=CONSORTIUM).history

    assert [t.at for t in history] == sorted(t.at for t in history)
    approvals = [a.approved_at for a in _one(Agreement, title=CONSORTIUM).approvals]
    assert min(approvals) >= history[0].at


def test_the_mission_to_morocco(seeded):
    mission = db.session.scalars(sa.select(Mission)).one()

    assert mission.country == "MA"
    assert mission.status == MissionStatus.COMPLETED
    assert mission.starts_on <= SIGNED_ON <= mission.ends_on
    assert len(mission.delegates) == 6
    assert {u.role for u in mission.delegates} == {Role.DIRECTOR}
    assert {u.institution.code for u in mission.delegates} == set(CEGEPS)
    assert {i.code for i in mission.delegation_institutions} == set(CEGEPS)
    meetings = db.session.scalars(
        sa.select(Interaction).where(Interaction.mission_id == mission.id)
    )
    days = [m.occurred_at.astimezone(CASABLANCA).date() for m in meetings]
    assert len(days) == 5  # the signing and four meetings
    assert all(mission.starts_on <= day <= mission.ends_on for day in days)


def test_the_aec_project_with_the_inmq(seeded):
    project = db.session.scalars(sa.select(Project).where(Project.name.startswith("AEC"))).one()

    assert project.kind == ProjectKind.TRAINING_OFFER
    assert [p.organization.name for p in project.partners] == [INMQ]
    assert [a.title for a in project.agreements] == [CONSORTIUM]
    assert [m.country for m in project.missions] == ["MA"]
    done = [m for m in project.milestones if m.done_on is not None]
    assert all(m.due_on < today() for m in done)
    assert all(m.done_on is None for m in project.milestones if m.due_on >= today())


@pytest.mark.parametrize(
    ("given", "family", "code"),
    [("David", "Beaudin", "CSI"), ("Robert", "Rousseau", "CTH"), ("Dany", "Mercier", "CAT")],
)
def test_the_three_directors_general_are_contacts(seeded, given, family, code):
    contact = _one(Contact, given_name=given, family_name=family)

    assert contact.job_title == f"Directeur général, {CEGEPS[code]}"
    assert contact.institution.code == code
    user = db.session.scalars(sa.select(User).where(User.name == f"{given} {family}")).one()
    assert (user.role, user.institution.code) == (Role.DIRECTOR, code)


def test_invented_moroccan_organizations_are_tagged(seeded):
    organizations = db.session.scalars(sa.select(Organization)).all()
    moroccan = [o for o in organizations if o.country == "MA"]

    assert len(moroccan) >= 5
    for organization in organizations:
        tags = [t.name for t in organization.tags]
        if organization.country == "MA":
            assert tags == ["exemple-fictif"], organization.name
            assert "fictif" in organization.notes
        else:
            assert tags == [], organization.name


def test_demo_users_have_no_password(seeded):
    users = db.session.scalars(sa.select(User).where(User.email != ADMIN_EMAIL)).all()

    assert len(users) == 7
    assert all(u.password_hash is None for u in users)
    assert authenticate("david.beaudin@csi.example", "") is None


def test_follow_ups_go_to_the_admin_when_given(seeded):
    follow_ups = db.session.scalars(sa.select(FollowUp).order_by(FollowUp.due_on)).all()

    assert [f.title for f in follow_ups] == FOLLOW_UP_TITLES
    assert {f.assignee.email for f in follow_ups} == {ADMIN_EMAIL}
    assert {f.status for f in follow_ups} == {FollowUpStatus.OPEN}
    assert [f.due_on - today() for f in follow_ups] == [timedelta(days=n) for n in (-3, 0, 5, 14)]
    admin = _one(User, email=ADMIN_EMAIL)
    assert (admin.role, admin.institution.code) == (Role.ADMIN, "CSI")


def test_follow_ups_go_to_the_coordinator_without_an_admin(app, seed):
    assert seed() is None

    assignees = db.session.scalars(sa.select(FollowUp.assignee_id).distinct()).all()

    coordinator = _one(User, email="international@csi.example")
    assert assignees == [coordinator.id]
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.role == "admin")) == 0


def _page(client, url="/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_a_director_starts_from_the_dashboard_and_has_no_follow_up(seeded, sign_in):
    director = _one(User, email="david.beaudin@csi.example")
    set_password(director, factories.PASSWORD)
    db.session.commit()
    browser = sign_in(director)

    assert browser.get("/").headers["Location"].endswith("/dashboard/")
    page = _page(browser, "/dashboard/?period=custom&starts_on=2026-01-01&ends_on=2026-12-31")
    assert "Mission au Maroc des directions des trois cégeps" in page
    mine = _page(browser, "/follow-ups/mine")
    assert "En retard" not in mine
    for title in FOLLOW_UP_TITLES:
        assert title not in mine


def test_the_admin_home_lists_the_demo_follow_ups_in_french(seeded, client):
    response = client.post("/login", {"email": ADMIN_EMAIL, "password": seeded})
    assert response.status_code == 302

    page = _page(client)

    assert "Mes suivis ouverts" in page
    assert "Vous n’avez aucun suivi ouvert." not in page
    positions = [page.index(title) for title in FOLLOW_UP_TITLES]
    assert positions == sorted(positions)  # overdue first, then by due date
    assert page.count("En retard") == 1
    assert page.index("En retard") < positions[1]  # the overdue one is marked
    assert page.count("Aujourd’hui") == 1
    assert positions[1] < page.index("Aujourd’hui") < positions[2]
    assert "Overdue" not in page and "My open follow-ups" not in page
