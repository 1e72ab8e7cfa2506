"""What every record carries: audit stamps, optimistic locking, owner and visibility."""

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from crm.contacts.models import Contact
from crm.core.audit import acting_as
from crm.core.editing import apply_changes
from crm.core.errors import ConflictError
from crm.core.permissions import can_delete, can_edit, can_view
from crm.core.records import Visibility
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.missions.models import Mission
from crm.organizations.models import Organization
from tests import factories


def test_visibility_defaults(institution):
    org = factories.organization(institution)
    person = factories.contact(institution)
    student = factories.contact(institution, is_student=True)
    exchange = StudentExchange(
        student=student,
        direction="outgoing",
        partner_organization=org,
        starts_on=date(2027, 1, 10),
        ends_on=date(2027, 5, 30),
        institution=institution,
    )
    db.session.add(exchange)
    db.session.commit()
    assert org.visibility == Visibility.CONSORTIUM
    assert person.visibility == Visibility.CONSORTIUM
    assert student.visibility == Visibility.MEMBER
    assert exchange.visibility == Visibility.MEMBER
    assert exchange.academic_year == "2026-2027"
    assert exchange.home == institution and exchange.host == org


def test_member_records_do_not_exist_for_other_institutions(institution, other_institution):
    mine = factories.user(role="staff", institution=institution)
    theirs = factories.user(role="staff", institution=other_institution)
    shared = factories.contact(other_institution)
    private = factories.contact(other_institution, is_student=True)
    assert can_view(mine, shared) and can_edit(mine, shared)
    assert not can_delete(mine, shared) and can_delete(theirs, shared)
    assert not can_view(mine, private) and can_view(theirs, private)
    seen = db.session.scalars(sa.select(Contact.id).where(Contact.visible_to(mine))).all()
    assert seen == [shared.id]


def test_created_and_updated_by_are_stamped(institution, staff, admin):
    with acting_as(staff.id):
        org = factories.organization(institution)
    assert (org.created_by_id, org.updated_by_id, org.version) == (staff.id, staff.id, 1)
    with acting_as(admin.id):
        org.city = "Rabat"
        db.session.commit()
    assert (org.created_by_id, org.updated_by_id, org.version) == (staff.id, admin.id, 2)
    assert org.updated_at >= org.created_at and org.created_at.tzinfo is not None


def test_a_stale_edit_is_refused(institution, app):
    org = factories.organization(institution, city="Rabat")
    apply_changes(org, 1, {"city": "Casablanca"})
    db.session.commit()
    with pytest.raises(ConflictError):
        apply_changes(org, 1, {"city": "Agadir"})
    db.session.rollback()
    assert db.session.get(Organization, org.id).city == "Casablanca"


def test_a_concurrent_save_never_overwrites(institution, app):
    """Two sessions load version 1; the second to commit is refused (StaleDataError)."""
    org = factories.organization(institution, city="Rabat")
    assert org.version == 1
    db.session.close()  # keeps org as loaded (version 1) and ends this transaction
    db.session.add(org)
    with db.engine.connect() as conn:
        conn.execute(
            sa.update(Organization)
            .where(Organization.id == org.id)
            .values(city="Tanger", version=Organization.version + 1)
        )
        conn.commit()
    with pytest.raises(ConflictError):
        apply_changes(org, 1, {"city": "Agadir"})
    db.session.rollback()
    assert db.session.get(Organization, org.id).city == "Tanger"


def test_country_must_be_iso(institution):
    with pytest.raises(ValueError):
        Organization(name="X", country="Maroc", institution=institution)
    assert Organization(name="X", country=" ma ", institution=institution).country == "MA"


def test_user_emails_are_unique_ignoring_case(institution):
    factories.user(email="Anne@Example.org", institution=institution)
    with pytest.raises(IntegrityError):
        factories.user(email="anne@example.ORG", institution=institution)


def test_a_follow_up_is_about_one_record_at_most(institution, staff):
    org = factories.organization(institution)
    person = factories.contact(institution)
    with pytest.raises(IntegrityError):
        factories.follow_up(staff, organization=org, contact=person)
    db.session.rollback()
    assert factories.follow_up(staff, contact=person).subject == person
    assert db.session.scalar(sa.select(sa.func.count(FollowUp.id))) == 1


def test_mission_dates_are_in_order(institution):
    db.session.add(
        Mission(
            name="M",
            country="MA",
            starts_on=date(2026, 3, 27),
            ends_on=date(2026, 3, 21),
            institution=institution,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_enums_refuse_unknown_values(institution):
    with pytest.raises((StatementError, ValueError, LookupError)):
        factories.organization(institution, kind="spaceport")
