"""Loads the demo data (``demo/data.py``); every record is found by its natural key first,
so loading again adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from crm.agreements.models import (
    Agreement,
    AgreementAction,
    AgreementApproval,
    AgreementKind,
    AgreementQuota,
    AgreementSignatory,
    AgreementStatus,
    AgreementTransition,
    MobilityDirection,
)
from crm.contacts.models import ConsentSource, Contact, ContactEmail
from crm.core.records import Visibility
from crm.demo import data
from crm.exchanges.models import ExchangeStatus, StudentExchange
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.institutions.models import MemberInstitution
from crm.interactions.models import Interaction, InteractionKind
from crm.missions.models import Mission, MissionStatus
from crm.organizations.models import Organization, Tag
from crm.projects.models import (
    Project,
    ProjectKind,
    ProjectMilestone,
    ProjectPartner,
    ProjectStatus,
)
from crm.users.models import Role, User
from crm.users.operations import UserError, create_user, find_by_email
from crm.users.passwords import generate_password


@dataclass
class SeedReport:
    created: int = 0
    existing: int = 0
    admin_password: str | None = None


class _Seeder:
    def __init__(self, today: date):
        self.today = today
        self.report = SeedReport()
        self.zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])

    def ensure(self, model, key: dict, **values):
        """The row matching ``key``, created with ``values`` when missing."""
        row = db.session.scalar(sa.select(model).filter_by(**key).limit(1))
        if row is not None:
            self.report.existing += 1
            return row
        row = model(**key, **values)
        db.session.add(row)
        db.session.flush()
        self.report.created += 1
        return row

    def at(self, day: date, hour: int, zone: str = "Africa/Casablanca") -> datetime:
        return datetime.combine(day, time(hour), ZoneInfo(zone)).astimezone(UTC)


def seed_demo(today: date, admin_email: str | None = None) -> SeedReport:
    s = _Seeder(today)
    inst = {
        code: s.ensure(MemberInstitution, {"code": code}, name_fr=fr, name_en=en)
        for code, fr, en in data.INSTITUTIONS
    }
    users = {
        email: s.ensure(User, {"email": email}, name=name, role=Role(role), institution=inst[code])
        for email, name, role, code, _title in data.USERS
    }
    coordinator = users["international@csi.example"]
    if admin_email:
        coordinator = _ensure_admin(s, admin_email, inst["CSI"])

    fictional = s.ensure(Tag, {"name": data.FICTIONAL_TAG})
    orgs = {}
    for name, acronym, kind, country, city, website, owner, invented in data.ORGANIZATIONS:
        orgs[name] = s.ensure(
            Organization,
            {"name": name},
            acronym=acronym,
            kind=kind,
            country=country,
            city=city,
            website=website,
            institution=inst[owner],
            notes=data.FICTIONAL if invented else None,
            tags=[fictional] if invented else [],
        )
    contacts = {}
    for given, family, title, org, owner, email, lang, invented in data.CONTACTS:
        contacts[(given, family)] = s.ensure(
            Contact,
            {"given_name": given, "family_name": family},
            job_title=title,
            organization=orgs.get(org),
            institution=inst[owner],
            preferred_language=lang,
            emails=[ContactEmail(address=email)] if email else [],
            source=ConsentSource.EVENT if invented else ConsentSource.PUBLIC,
            source_details=data.FICTIONAL if invented else "Communiqué de presse, 23 mars 2026",
            notes=data.FICTIONAL if invented else None,
        )

    mission = s.ensure(
        Mission,
        {"name": data.MISSION["name"]},
        country=data.MISSION["country"],
        cities=data.MISSION["cities"],
        starts_on=data.MISSION_START,
        ends_on=data.MISSION_END,
        purpose=data.MISSION["purpose"],
        outcomes=data.MISSION["outcomes"],
        status=MissionStatus.COMPLETED,
        institution=inst["CSI"],
        delegates=[u for u in users.values() if u.role == Role.DIRECTOR],
        delegation_institutions=list(inst.values()),
    )
    _ensure_meetings(s, mission, contacts, users, inst)
    general_directors = {
        code: users[email]
        for email, _n, _r, code, title in data.USERS
        if title == "Directeur général"
    }
    consortium = _ensure_consortium_agreement(s, mission, inst, contacts, general_directors)
    _ensure_exchange_agreement(s, mission, inst, orgs)
    _ensure_mobility(s, mission, inst, orgs)
    _ensure_project(s, inst, orgs, mission, consortium, users)
    for title, days, who in data.FOLLOW_UPS:
        follow_up = s.ensure(
            FollowUp,
            {"title": title},
            due_on=today + timedelta(days=days),
            assignee=coordinator,
            contact=contacts[who],
            institution=inst["CSI"],
            notes=data.FICTIONAL,
        )
        if follow_up.assignee_id != coordinator.id and admin_email:
            follow_up.assignee = coordinator  # an admin added after a first load takes them
    return s.report


def _ensure_admin(s: _Seeder, email: str, institution: MemberInstitution) -> User:
    admin = find_by_email(email)
    if admin is not None:
        if admin.role != Role.ADMIN:
            raise UserError(_l("%(email)s exists and is not an admin.", email=admin.email))
        s.report.existing += 1
        return admin
    s.report.admin_password = generate_password()
    s.report.created += 1
    return create_user(
        email=email,
        name="Administrateur",
        role=Role.ADMIN,
        institution=institution,
        password=s.report.admin_password,
    )


def _ensure_meetings(s, mission, contacts, users, inst) -> None:
    s.ensure(
        Interaction,
        {"subject": "Signature de l'entente du consortium", "mission_id": mission.id},
        kind=InteractionKind.EVENT,
        occurred_at=s.at(data.SIGNED_ON, 11),
        location="Rabat",
        summary=data.CONSORTIUM_AGREEMENT["summary"],
        institution=inst["CSI"],
        contacts=[
            contacts[("David", "Beaudin")],
            contacts[("Robert", "Rousseau")],
            contacts[("Dany", "Mercier")],
        ],
        staff=[u for u in users.values() if u.role == Role.DIRECTOR],
    )
    staff = users["david.beaudin@csi.example"], users["fc.direction@cth.example"]
    for offset, hour, who, summary in data.MEETINGS:
        contact = contacts[who]
        s.ensure(
            Interaction,
            {"subject": f"Rencontre — {contact.organization.name}", "mission_id": mission.id},
            kind=InteractionKind.MEETING,
            occurred_at=s.at(data.MISSION_START + timedelta(days=offset), hour),
            location=contact.organization.city,
            summary=f"{summary} ({data.FICTIONAL})",
            institution=contact.institution,
            contacts=[contact],
            staff=[staff[offset % 2]],
        )


def _ensure_consortium_agreement(s, mission, inst, contacts, directors) -> Agreement:
    """The signed consortium agreement, with the history of its approval by each party."""
    agreement = s.ensure(
        Agreement,
        {"title": data.CONSORTIUM_AGREEMENT["title"]},
        kind=AgreementKind.CONSORTIUM,
        status=AgreementStatus.SIGNED,
        summary=data.CONSORTIUM_AGREEMENT["summary"],
        signed_on=data.SIGNED_ON,
        signed_at=data.CONSORTIUM_AGREEMENT["signed_at"],
        effective_on=data.SIGNED_ON,
        mission=mission,
        institution=inst["CSI"],
        member_parties=list(inst.values()),
        signatories=[
            AgreementSignatory(contact=contacts[name], signed_on=data.SIGNED_ON)
            for name in [("David", "Beaudin"), ("Robert", "Rousseau"), ("Dany", "Mercier")]
        ],
    )
    if agreement.history:
        return agreement
    steps = [(AgreementAction.SUBMIT, "draft", "under_review", None, 16)]
    steps += [
        (AgreementAction.APPROVE, "under_review", "under_review", code, 14 - i)
        for i, code in enumerate(("CAT", "CTH"))
    ]
    steps += [
        (AgreementAction.APPROVE, "under_review", "approved", "CSI", 8),
        (AgreementAction.SIGN, "approved", "signed", None, 0),
    ]
    for action, before, after, code, days_before in steps:
        at = s.at(data.SIGNED_ON - timedelta(days=days_before), 12)
        actor = directors.get(code) if code else directors["CSI"]
        agreement.history.append(
            AgreementTransition(
                action=action,
                from_status=before,
                to_status=after,
                actor=actor,
                at=at,
                institution=inst[code] if code else None,
                comment="Signée à Rabat lors de la mission au Maroc." if action == "sign" else None,
            )
        )
        if action == AgreementAction.APPROVE:
            agreement.approvals.append(
                AgreementApproval(institution=inst[code], user=actor, approved_at=at)
            )
    db.session.flush()
    return agreement


def _ensure_exchange_agreement(s, mission, inst, orgs) -> None:
    spec = data.EXCHANGE_AGREEMENT
    s.ensure(
        Agreement,
        {"title": spec["title"]},
        kind=AgreementKind.STUDENT_EXCHANGE,
        status=AgreementStatus.DRAFT,
        summary=spec["summary"],
        mission=mission,
        institution=inst["CSI"],
        member_parties=[inst["CSI"]],
        organization_parties=[orgs["École des mines de l'Atlas"]],
        quotas=[
            AgreementQuota(academic_year=y, direction=MobilityDirection(d), places=n)
            for y, d, n in spec["quotas"]
        ],
    )


def _ensure_mobility(s, mission, inst, orgs) -> None:
    """A signed mobility agreement with the Khouribga institute, and its students."""
    spec, partner = data.MOBILITY_AGREEMENT, orgs["Institut des métiers miniers de Khouribga"]
    agreement = s.ensure(
        Agreement,
        {"title": spec["title"]},
        kind=AgreementKind.STUDENT_EXCHANGE,
        status=AgreementStatus.SIGNED,
        summary=spec["summary"],
        signed_on=spec["signed_on"],
        signed_at=spec["signed_at"],
        effective_on=spec["signed_on"],
        expires_on=spec["expires_on"],
        mission=mission,
        institution=inst["CTH"],
        member_parties=[inst["CTH"]],
        organization_parties=[partner],
        quotas=[
            AgreementQuota(academic_year=y, direction=MobilityDirection(d), places=n)
            for y, d, n in spec["quotas"]
        ],
    )
    for given, family, direction, starts_on, ends_on, status in data.STUDENTS:
        incoming = direction == "incoming"
        student = s.ensure(
            Contact,
            {"given_name": given, "family_name": family},
            is_student=True,
            organization=partner if incoming else None,
            institution=inst["CTH"],
            visibility=Visibility.MEMBER,
            preferred_language="fr",
            source=ConsentSource.PARTNER if incoming else ConsentSource.REGISTRAR,
            source_details=data.FICTIONAL,
            notes=data.FICTIONAL,
        )
        s.ensure(
            StudentExchange,
            {"student_id": student.id, "agreement_id": agreement.id},
            student=student,
            agreement=agreement,
            direction=MobilityDirection(direction),
            partner_organization=partner,
            programme="Technologie minérale",
            starts_on=starts_on,
            ends_on=ends_on,
            status=ExchangeStatus(status),
            institution=inst["CTH"],
            notes=data.FICTIONAL,
        )


def _ensure_project(s, inst, orgs, mission, consortium, users) -> None:
    spec = data.PROJECT
    project = s.ensure(
        Project,
        {"name": spec["name"]},
        kind=ProjectKind.TRAINING_OFFER,
        status=ProjectStatus.ACTIVE,
        description=spec["description"],
        starts_on=data.SIGNED_ON,
        institution=inst["CAT"],
        partners=[
            ProjectPartner(
                organization=orgs["Institut national des mines du Québec"],
                role="Co-développement de l'AEC",
            )
        ],
        agreements=[consortium],
        missions=[mission],
    )
    if not project.milestones:
        project.milestones = [
            ProjectMilestone(
                title=title,
                due_on=s.today + timedelta(days=days),
                owner=users["fc.direction@cat.example"],
                done_on=s.today + timedelta(days=days) if days < 0 else None,
            )
            for title, days in spec["milestones"]
        ]
        db.session.flush()
