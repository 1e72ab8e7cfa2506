"""The other rules: agreements waiting for approval, exchanges starting and ending, project
milestones, missions whose people met have no follow-up; and their emails."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from crm.agreements.models import AgreementAction, AgreementStatus, AgreementTransition
from crm.extensions import db
from crm.reminders import messages
from crm.reminders.models import Reminder
from crm.reminders.outbox import scan
from tests import factories
from tests.agreements import factories as agreements
from tests.exchanges import factories as exchanges
from tests.missions.factories import meeting, mission
from tests.projects.factories import project

TODAY = date(2026, 11, 25)


def _queued() -> set[tuple]:
    db.session.flush()
    return {(r.rule, r.record_id, r.recipient_id) for r in db.session.scalars(sa.select(Reminder))}


def _email_of(rule: str) -> str:
    reminder = db.session.scalars(sa.select(Reminder).where(Reminder.rule == rule)).first()
    assert messages.still_due(reminder, messages.record_of(reminder))
    message = messages.compose(reminder).message
    return message["Subject"] + "\n" + message.get_body(("plain",)).get_content()


def test_an_agreement_waiting_a_week_reminds_the_directors_who_have_not_approved(
    institution, other_institution
):
    ours = factories.user(role="director", institution=institution)
    theirs = factories.user(role="director", institution=other_institution)
    agreement = agreements.agreement(
        institution,
        title="Entente de mobilité",
        parties=[institution, other_institution],
        status=AgreementStatus.UNDER_REVIEW,
    )
    db.session.add(
        AgreementTransition(
            agreement_id=agreement.id,
            action=AgreementAction.SUBMIT,
            from_status=AgreementStatus.DRAFT,
            to_status=AgreementStatus.UNDER_REVIEW,
            at=datetime(2026, 11, 18, 15, tzinfo=UTC),
        )
    )
    db.session.commit()
    assert scan(TODAY - timedelta(days=1)) == 0  # six days
    assert scan(TODAY) == 2
    assert _queued() == {
        ("agreement_in_review", agreement.id, ours.id),
        ("agreement_in_review", agreement.id, theirs.id),
    }
    assert "Entente en attente de votre approbation : Entente de mobilité" in _email_of(
        "agreement_in_review"
    )
    assert scan(TODAY + timedelta(days=1)) == 0
    assert scan(TODAY + timedelta(days=7)) == 2  # a week later, again


def test_an_exchange_starting_in_30_days_and_ending_in_7(staff, institution):
    starting = exchanges.exchange(
        institution, starts_on=TODAY + timedelta(days=30), ends_on=TODAY + timedelta(days=150)
    )
    ending = exchanges.exchange(
        institution, starts_on=TODAY - timedelta(days=100), ends_on=TODAY + timedelta(days=7)
    )
    exchanges.exchange(
        institution,
        starts_on=TODAY + timedelta(days=30),
        ends_on=TODAY + timedelta(days=90),
        status="cancelled",
    )
    assert scan(TODAY) == 2
    assert _queued() == {
        ("exchange_starting", starting.id, staff.id),
        ("exchange_ending", ending.id, staff.id),
    }
    assert "Échange qui commence le" in _email_of("exchange_starting")
    assert "Cet échange étudiant se termine le" in _email_of("exchange_ending")


def test_a_milestone_a_week_before_and_on_its_day(staff, institution):
    record = project(
        institution,
        name="AEC salles de contrôle",
        milestones=[
            {"title": "Dépôt du programme", "due_on": TODAY + timedelta(days=7), "owner": staff},
            {"title": "Fait", "due_on": TODAY, "owner": staff, "done_on": TODAY},
        ],
    )
    assert scan(TODAY) == 1
    [milestone] = [m for m in record.milestones if m.title == "Dépôt du programme"]
    assert _queued() == {("milestone_due", milestone.id, staff.id)}
    text = _email_of("milestone_due")
    assert "Jalon prévu le" in text and "« AEC salles de contrôle »" in text
    assert f"/projects/{record.id}" in text
    assert scan(TODAY + timedelta(days=7)) == 1  # and on the day


def test_a_mission_a_week_after_lists_the_people_met_without_follow_up(staff, institution):
    trip = mission(
        institution,
        name="Mission au Maroc",
        starts_on=TODAY - timedelta(days=10),
        ends_on=TODAY - timedelta(days=7),
    )
    trip.delegates = [staff]
    met = factories.contact(institution, given_name="Youssef", family_name="Benali")
    followed = factories.contact(institution, given_name="Khadija", family_name="Alaoui")
    meeting(trip, [met, followed], [staff], at=datetime(2026, 11, 16, 14, tzinfo=UTC))
    factories.follow_up(staff, title="Écrire à Khadija", contact=followed, today=TODAY)
    db.session.commit()
    assert scan(TODAY) == 2  # the mission, and the follow-up due today
    assert ("mission_ended", trip.id, staff.id) in _queued()
    text = _email_of("mission_ended")
    assert "Youssef Benali" in text and "Khadija" not in text.split("Mission")[-1]
    factories.follow_up(staff, title="Écrire à Youssef", contact=met, due_in_days=3, today=TODAY)
    reminder = db.session.scalars(sa.select(Reminder).where(Reminder.rule == "mission_ended")).one()
    assert not messages.still_due(reminder, messages.record_of(reminder))
