"""The retention rules, in this one place, and what applying them does.

- Students: their personal data is anonymized CRM_RETENTION_EXCHANGE_YEARS years (7 by
  default) after their last exchange ended. The purpose it was collected for (running the
  exchange) is then over, and what the offices count (exchanges by year, country, partner)
  survives anonymization.
- Other contacts with no activity (no change to the record, no interaction, exchange or
  follow-up) for REVIEW_AFTER_YEARS years are listed for review, never anonymized
  automatically: whether a partner relationship is over is a judgment a machine cannot
  make, and a wrong guess would erase someone the offices still work with.

``report`` says what applying would do; ``apply`` does it and records the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from crm.contacts.models import Contact
from crm.core.i18n import DEFAULT_LOCALE
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.interactions.models import Interaction, interaction_contacts
from crm.privacy.anonymize import anonymize
from crm.privacy.models import RetentionRun

REVIEW_AFTER_YEARS = 5


@dataclass(frozen=True)
class Item:
    contact_id: int
    name: str
    institution: str  # the owning member institution's code
    since: date  # the end of the last exchange, or the record's last change


@dataclass
class Report:
    today: date
    exchange_years: int
    to_anonymize: list[Item] = field(default_factory=list)
    to_review: list[Item] = field(default_factory=list)


def exchange_years() -> int:
    return current_app.config["CRM_SETTINGS"].retention_exchange_years


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _item(contact: Contact, since: date) -> Item:
    return Item(contact.id, contact.full_name, contact.institution.code, since)


def _students_due(cutoff: date) -> list[Item]:
    last_end = sa.func.max(StudentExchange.ends_on)
    rows = db.session.execute(
        sa.select(Contact, last_end)
        .join(StudentExchange, StudentExchange.student_id == Contact.id)
        .where(Contact.is_student.is_(True), Contact.anonymized_at.is_(None))
        .group_by(Contact.id)
        .having(last_end < cutoff)
        .order_by(last_end, Contact.id)
    ).all()
    return [_item(contact, ended) for contact, ended in rows]


def _inactive(cutoff: date, excluded: set[int]) -> list[Item]:
    start = datetime.combine(cutoff, time(), tzinfo=UTC)
    recent_interaction = (
        sa.select(interaction_contacts.c.contact_id)
        .join(Interaction)
        .where(Interaction.occurred_at >= start)
    )
    recent_exchange = sa.select(StudentExchange.student_id).where(StudentExchange.ends_on >= cutoff)
    recent_follow_up = sa.select(FollowUp.contact_id).where(
        FollowUp.contact_id.is_not(None), FollowUp.due_on >= cutoff
    )
    contacts = db.session.scalars(
        sa.select(Contact)
        .where(
            Contact.anonymized_at.is_(None),
            Contact.updated_at < start,
            Contact.id.not_in(recent_interaction),
            Contact.id.not_in(recent_exchange),
            Contact.id.not_in(recent_follow_up),
        )
        .order_by(Contact.updated_at, Contact.id)
    )
    return [_item(c, c.updated_at.date()) for c in contacts if c.id not in excluded]


def report(today: date) -> Report:
    years = exchange_years()
    result = Report(today, years)
    result.to_anonymize = _students_due(years_before(today, years))
    due = {item.contact_id for item in result.to_anonymize}
    result.to_review = _inactive(years_before(today, REVIEW_AFTER_YEARS), due)
    return result


def apply(today: date, actor_id: int | None = None) -> tuple[Report, RetentionRun]:
    """Anonymize the students due and record the run; flushes, the caller commits."""
    result = report(today)
    with force_locale(DEFAULT_LOCALE):  # the history's notes, in the offices' language
        for item in result.to_anonymize:
            reason = _(
                "Retention rule: last exchange ended on %(day)s, more than %(years)s years ago",
                day=item.since.isoformat(),
                years=result.exchange_years,
            )
            anonymize(db.session.get(Contact, item.contact_id), reason)
    run = RetentionRun(
        actor_id=actor_id,
        anonymized=len(result.to_anonymize),
        to_review=len(result.to_review),
    )
    db.session.add(run)
    db.session.flush()
    return result, run


def last_run() -> RetentionRun | None:
    return db.session.scalar(sa.select(RetentionRun).order_by(RetentionRun.at.desc()).limit(1))
