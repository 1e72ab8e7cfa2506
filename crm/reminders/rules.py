"""Which reminders are due on a day. Each rule yields (record, occurrence date, recipient)
for the day; the offsets live here, in one place."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.agreements.models import Agreement, AgreementStatus, AgreementTransition
from crm.agreements.operations import pending_approvers
from crm.core.clock import zone
from crm.exchanges.models import ExchangeStatus, StudentExchange
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus
from crm.missions.models import Mission, MissionStatus
from crm.missions.operations import met_without_follow_up
from crm.projects.models import Project, ProjectMilestone
from crm.users.models import Role, User

# Days before an agreement's expiry on which its people are reminded.
AGREEMENT_EXPIRY_DAYS = (180, 90, 30, 7)
# An agreement under review is brought up again to its directors every this many days.
REVIEW_REMINDED_EVERY = 7
# Days before an exchange starts, and before it ends.
EXCHANGE_START_DAYS = 30
EXCHANGE_END_DAYS = 7
# Days before a project milestone is due (and on the day).
MILESTONE_DAYS = (7, 0)
# Days after a mission ends, for the people met who still have no follow-up.
MISSION_ENDED_DAYS = 7
# An agreement in these statuses is running; renewed, terminated or expired ones are not.
RUNNING = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)

# The kinds of reminder a user may turn off, and the rules of each. Overdue follow-ups, in
# the daily digest, are of the "follow_ups" kind.
KINDS = {
    "follow_ups": ("follow_up_due",),
    "agreements_expiring": ("agreement_expiring",),
    "agreements_in_review": ("agreement_in_review",),
    "exchanges": ("exchange_starting", "exchange_ending"),
    "milestones": ("milestone_due",),
    "missions": ("mission_ended",),
}
KIND_OF_RULE = {rule: kind for kind, rules in KINDS.items() for rule in rules}
# The rule of the daily digest's outbox rows (one a user a day; record: the user).
DIGEST = "daily_digest"


@dataclass(frozen=True)
class Due:
    rule: str
    record_type: str
    record_id: int
    occurs_on: date
    recipient_id: int

    @property
    def key(self) -> str:
        return ":".join(
            map(
                str,
                (self.rule, self.record_type, self.record_id, self.occurs_on, self.recipient_id),
            )
        )


def follow_ups_due(today: date) -> Iterator[Due]:
    """A follow-up due today → its assignee, that morning."""
    rows = db.session.execute(
        sa.select(FollowUp.id, FollowUp.assignee_id)
        .join(User, User.id == FollowUp.assignee_id)
        .where(
            FollowUp.status == FollowUpStatus.OPEN,
            FollowUp.due_on == today,
            FollowUp.archived_at.is_(None),
            User.is_active,
        )
    )
    for follow_up_id, assignee_id in rows:
        yield Due("follow_up_due", "follow_up", follow_up_id, today, assignee_id)


def _overdue(today: date):
    return sa.and_(
        FollowUp.status == FollowUpStatus.OPEN,
        FollowUp.due_on < today,
        FollowUp.archived_at.is_(None),
    )


def overdue_assignees(today: date) -> set[int]:
    """Active users who have open follow-ups past their due date."""
    return set(
        db.session.scalars(
            sa.select(FollowUp.assignee_id)
            .join(User, User.id == FollowUp.assignee_id)
            .where(_overdue(today), User.is_active)
            .distinct()
        )
    )


def overdue_of(user: User, today: date) -> list[FollowUp]:
    """The user's open follow-ups past their due date, oldest first, that they may see."""
    follow_ups = db.session.scalars(
        sa.select(FollowUp)
        .where(_overdue(today), FollowUp.assignee_id == user.id)
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    return [follow_up for follow_up in follow_ups if follow_up.is_visible_to(user)]


def agreements_expiring(today: date) -> Iterator[Due]:
    """A running agreement 180, 90, 30 and 7 days before it expires, and on its renewal
    notice date → the staff of the institution that owns it and the directors of its
    member parties; not once it is renewed."""
    days = set(AGREEMENT_EXPIRY_DAYS)
    horizon = today + timedelta(days=max(max(days), 3650))
    agreements = db.session.scalars(
        sa.select(Agreement)
        .where(
            Agreement.status.in_(RUNNING),
            Agreement.archived_at.is_(None),
            Agreement.expires_on.between(today, horizon),
            ~Agreement.renewed_by.any(),
        )
        .options(selectinload(Agreement.member_parties))
    )
    for agreement in agreements:
        left = (agreement.expires_on - today).days
        notice = agreement.renewal_notice_days
        if left not in days and left != notice:
            continue
        for user_id in _agreement_people(agreement):
            yield Due("agreement_expiring", "agreement", agreement.id, today, user_id)


def _agreement_people(agreement: Agreement) -> list[int]:
    members = {institution.id for institution in agreement.member_parties}
    owners = sa.and_(User.institution_id == agreement.institution_id, User.role == Role.STAFF)
    directors = sa.and_(User.institution_id.in_(members), User.role == Role.DIRECTOR)
    return _users(sa.or_(owners, directors))


def agreements_in_review(today: date) -> Iterator[Due]:
    """An agreement under review for 7 days (then every 7 days) → the directors of the
    member parties that have not approved it yet."""
    since = (
        sa.select(sa.func.max(AgreementTransition.at))
        .where(
            AgreementTransition.agreement_id == Agreement.id,
            AgreementTransition.to_status == AgreementStatus.UNDER_REVIEW,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(Agreement, since).where(
            Agreement.status == AgreementStatus.UNDER_REVIEW, Agreement.archived_at.is_(None)
        )
    )
    for agreement, submitted_at in rows:
        if submitted_at is None:
            continue
        waited = (today - submitted_at.astimezone(zone()).date()).days
        if waited <= 0 or waited % REVIEW_REMINDED_EVERY:
            continue
        pending = [institution.id for institution in pending_approvers(agreement)]
        for user_id in _users(
            sa.and_(User.institution_id.in_(pending), User.role == Role.DIRECTOR)
        ):
            yield Due("agreement_in_review", "agreement", agreement.id, today, user_id)


def exchanges_starting_or_ending(today: date) -> Iterator[Due]:
    """An exchange starting in 30 days, or ending in 7 → the staff of its institution."""
    starting = today + timedelta(days=EXCHANGE_START_DAYS)
    ending = today + timedelta(days=EXCHANGE_END_DAYS)
    exchanges = db.session.scalars(
        sa.select(StudentExchange).where(
            StudentExchange.status.not_in((ExchangeStatus.COMPLETED, ExchangeStatus.CANCELLED)),
            StudentExchange.archived_at.is_(None),
            sa.or_(StudentExchange.starts_on == starting, StudentExchange.ends_on == ending),
        )
    )
    for exchange in exchanges:
        rule = "exchange_starting" if exchange.starts_on == starting else "exchange_ending"
        staff = sa.and_(User.institution_id == exchange.institution_id, User.role == Role.STAFF)
        for user_id in _users(staff):
            yield Due(rule, "exchange", exchange.id, today, user_id)


def milestones_due(today: date) -> Iterator[Due]:
    """A project milestone due in 7 days, and on its due date → its owner."""
    days = [today + timedelta(days=n) for n in MILESTONE_DAYS]
    rows = db.session.execute(
        sa.select(ProjectMilestone.id, ProjectMilestone.owner_id)
        .join(Project, Project.id == ProjectMilestone.project_id)
        .join(User, User.id == ProjectMilestone.owner_id)
        .where(
            ProjectMilestone.due_on.in_(days),
            ProjectMilestone.done_on.is_(None),
            Project.archived_at.is_(None),
            User.is_active,
        )
    )
    for milestone_id, owner_id in rows:
        yield Due("milestone_due", "milestone", milestone_id, today, owner_id)


def missions_ended(today: date) -> Iterator[Due]:
    """A mission ended 7 days ago → each member of its delegation who met people that
    still have no follow-up."""
    ended = today - timedelta(days=MISSION_ENDED_DAYS)
    missions = db.session.scalars(
        sa.select(Mission).where(
            Mission.ends_on == ended,
            Mission.status != MissionStatus.CANCELLED,
            Mission.archived_at.is_(None),
        )
    )
    for mission in missions:
        for delegate in mission.delegates:
            if delegate.is_active and unfollowed_by(mission, delegate):
                yield Due("mission_ended", "mission", mission.id, today, delegate.id)


def unfollowed_by(mission: Mission, delegate: User) -> list:
    """The people ``delegate`` met during the mission who have no open follow-up yet."""
    met = met_without_follow_up(mission, delegate)
    return sorted(
        (contact for contact, who in met.items() if who is not None and who.id == delegate.id),
        key=lambda contact: contact.sort_key,
    )


def _users(condition) -> list[int]:
    return list(
        db.session.scalars(sa.select(User.id).where(User.is_active, condition).order_by(User.id))
    )


RULES = (
    follow_ups_due,
    agreements_expiring,
    agreements_in_review,
    exchanges_starting_or_ending,
    milestones_due,
    missions_ended,
)
