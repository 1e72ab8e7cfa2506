"""Queries on follow-ups shared by pages and the worker."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.exchanges.models import StudentExchange
from crm.extensions import db
from crm.followups.models import SUBJECT_COLUMNS, FollowUp, FollowUpStatus
from crm.institutions.models import MemberInstitution
from crm.missions import outcomes
from crm.users.models import User

SORTS = {"due": FollowUp.due_on, "updated": FollowUp.updated_at}


def _with_subjects():
    """Load every follow-up's subject (and what its label needs) in a few queries."""
    options = [selectinload(getattr(FollowUp, name)) for name in SUBJECT_COLUMNS]
    exchange = selectinload(FollowUp.exchange)
    return [
        *options,
        exchange.selectinload(StudentExchange.student),
        exchange.selectinload(StudentExchange.partner_organization),
        selectinload(FollowUp.assignee),
    ]


def open_follow_ups_for(user: User, limit: int = 200) -> list[FollowUp]:
    """The user's open follow-ups that they may see, overdue first, then by due date."""
    query = (
        sa.select(FollowUp)
        .where(
            FollowUp.assignee_id == user.id,
            FollowUp.status == FollowUpStatus.OPEN,
            FollowUp.archived_at.is_(None),
            FollowUp.visible_to(user),
        )
        .order_by(FollowUp.due_on, FollowUp.id)
        .options(*_with_subjects())
        .limit(limit)
    )
    return list(db.session.scalars(query))


@dataclass
class Agenda:
    """Open follow-ups grouped by when they are due."""

    overdue: list[FollowUp] = field(default_factory=list)
    today: list[FollowUp] = field(default_factory=list)
    this_week: list[FollowUp] = field(default_factory=list)
    later: list[FollowUp] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.overdue or self.today or self.this_week or self.later)


def week_end(day: date) -> date:
    """The last day of ``day``'s week: "This week" runs until Sunday."""
    return day + timedelta(days=6 - day.weekday())


# When a follow-up is due, as the groups of "My follow-ups" say (the API's ``due`` filter).
DUE_GROUPS = ("overdue", "today", "week", "later")


def due_in(group: str, day: date) -> sa.ColumnElement[bool]:
    """The SQL condition of a group of ``agenda`` on the due date, seen on ``day``."""
    return {
        "overdue": FollowUp.due_on < day,
        "today": FollowUp.due_on == day,
        "week": FollowUp.due_on.between(day + timedelta(days=1), week_end(day)),
        "later": FollowUp.due_on > week_end(day),
    }[group]


def agenda(follow_ups: list[FollowUp], day: date) -> Agenda:
    """Overdue, due ``day``, due by the end of its week (Sunday), later."""
    sunday = week_end(day)
    grouped = Agenda()
    for follow_up in follow_ups:
        if follow_up.due_on < day:
            grouped.overdue.append(follow_up)
        elif follow_up.due_on == day:
            grouped.today.append(follow_up)
        elif follow_up.due_on <= sunday:
            grouped.this_week.append(follow_up)
        else:
            grouped.later.append(follow_up)
    return grouped


def filtered(user: User, filters: dict, day: date) -> sa.Select:
    """The follow-ups the user may see, as the list's filters ask."""
    query = sa.select(FollowUp).where(FollowUp.visible_to(user)).options(*_with_subjects())
    archived = filters.get("archived")
    if archived == "only":
        query = query.where(FollowUp.archived_at.is_not(None))
    elif archived != "all":
        query = query.where(FollowUp.archived_at.is_(None))
    status = filters.get("status")
    if status in set(FollowUpStatus):
        query = query.where(FollowUp.status == status)
    assignee = filters.get("assignee")
    if assignee == "me":
        query = query.where(FollowUp.assignee_id == user.id)
    elif assignee:
        query = query.where(FollowUp.assignee_id == int(assignee))
    if filters.get("due_from"):
        query = query.where(FollowUp.due_on >= filters["due_from"])
    if filters.get("due_to"):
        query = query.where(FollowUp.due_on <= filters["due_to"])
    if filters.get("overdue"):
        query = query.where(FollowUp.status == FollowUpStatus.OPEN, FollowUp.due_on < day)
    if filters.get("due") in DUE_GROUPS:
        query = query.where(due_in(filters["due"], day))
    if filters.get("mission"):
        query = query.where(
            FollowUp.id.in_(outcomes.of_mission(outcomes.follow_ups, filters["mission"], user))
        )
    if filters.get("institution"):
        query = query.where(
            FollowUp.institution_id
            == sa.select(MemberInstitution.id)
            .where(MemberInstitution.code == filters["institution"])
            .scalar_subquery()
        )
    return query
