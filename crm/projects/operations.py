"""Creating and changing projects, their partners and milestones. Operations flush; views
commit."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.agreements.models import Agreement
from crm.core.countries import fold
from crm.core.db import utcnow
from crm.core.editing import apply_changes
from crm.core.errors import ValidationError, check_version
from crm.extensions import db
from crm.missions.models import Mission
from crm.organizations.models import Organization
from crm.projects.models import Project, ProjectMilestone, ProjectPartner
from crm.users.models import User

FIELDS = ("name", "kind", "status", "description", "starts_on", "ends_on", "visibility")


def _clean(values: dict) -> dict:
    cleaned = {name: values[name] for name in FIELDS}
    cleaned["description"] = (cleaned["description"] or "").strip() or None
    return cleaned | {"name": values["name"].strip()}


def _organization(name: str, user: User, field: str) -> Organization:
    found = db.session.scalars(
        sa.select(Organization)
        .where(Organization.sort_key == fold(name), Organization.visible_to(user))
        .order_by(Organization.archived_at.is_not(None), Organization.id)
        .limit(1)
    ).first()
    if found is None:
        raise ValidationError(
            field, _l("No organization by this name: create it first, then choose it here.")
        )
    return found


def _partner(row: dict, name: str, user: User, field: str) -> Organization:
    """The organization a row names: by its id (the API's rows; the page's rows of partners
    already saved, while their name is left as it is), else by its name (a new partner
    typed in), since several organizations may share a name. Only an organization the
    user can see: a hidden one is as unknown as a wrong id."""
    organization_id = row.get("organization_id")
    found = db.session.get(Organization, organization_id) if organization_id else None
    visible = found is not None and found.is_visible_to(user)
    if visible and (not name or fold(name) == found.sort_key):  # no other name typed over it
        return found
    if name:
        return _organization(name, user, field)
    raise ValidationError(field, _l("Choose the partner organization."))


def wanted_partners(rows: list[dict], user: User) -> list[tuple[Organization, str | None]]:
    """(organization, role) of the rows kept. A row names its organization by
    ``organization_id``, by ``organization`` (a name), or both; blank rows are skipped.
    The partners the user cannot see are not in the rows: see ``hidden_partners``."""
    wanted, seen = [], set()
    for index, row in enumerate(rows):
        name = (row.get("organization") or "").strip()
        if row.get("remove") or not (name or row.get("organization_id")):
            continue
        field = f"partners-{index}-organization"
        organization = _partner(row, name, user, field)
        if organization.id in seen:
            raise ValidationError(field, _l("This organization is already a partner."))
        seen.add(organization.id)
        wanted.append((organization, (row.get("role") or "").strip() or None))
    return wanted


def hidden_partners(project: Project, user: User) -> list[tuple[Organization, str | None]]:
    """The partners the user cannot see (another member made them private): an edit
    keeps them as they are."""
    return [
        (p.organization, p.role) for p in project.partners if not p.organization.is_visible_to(user)
    ]


def wanted_milestones(rows: list[dict]) -> list[dict]:
    """The milestone rows kept: those with a title, not marked for removal."""
    return [
        {
            "id": int(row["milestone_id"])
            if str(row.get("milestone_id") or "").isdecimal()
            else None,
            "title": row["title"].strip(),
            "due_on": row["due_on"],
            "owner_id": row.get("owner_id"),
            "done_on": row.get("done_on"),
        }
        for row in rows
        if not row.get("remove") and (row.get("title") or "").strip()
    ]


def _partner_state(partners) -> list[tuple]:
    return sorted((p.organization_id, p.role) for p in partners)


def _milestone_state(milestones) -> list[tuple]:
    return sorted((m.title, m.due_on, m.owner_id, m.done_on) for m in milestones)


def _set_partners(project: Project, wanted: list) -> None:
    existing = {p.organization_id: p for p in project.partners}
    partners = []
    for organization, role in wanted:
        partner = existing.get(organization.id) or ProjectPartner(organization=organization)
        partner.role = role
        partners.append(partner)
    project.partners = partners


def _set_milestones(project: Project, wanted: list[dict]) -> None:
    existing = {m.id: m for m in project.milestones}
    milestones = []
    for values in wanted:
        milestone = existing.get(values["id"]) or ProjectMilestone()
        for name in ("title", "due_on", "owner_id", "done_on"):
            setattr(milestone, name, values[name])
        milestones.append(milestone)
    project.milestones = sorted(milestones, key=lambda m: m.due_on)


def _linked(model, ids, user: User) -> list:
    if not ids:
        return []
    return list(
        db.session.scalars(sa.select(model).where(model.id.in_(set(ids)), model.visible_to(user)))
    )


def _same_or(current: list, chosen: list) -> list:
    return current if {r.id for r in current} == {r.id for r in chosen} else chosen


def create_project(values: dict, user: User) -> Project:
    partners = wanted_partners(values["partners"], user)
    project = Project(
        **_clean(values),
        institution_id=user.institution_id,
        agreements=_linked(Agreement, values["agreement_ids"], user),
        missions=_linked(Mission, values["mission_ids"], user),
    )
    _set_partners(project, partners)
    _set_milestones(project, wanted_milestones(values["milestones"]))
    db.session.add(project)
    db.session.flush()
    return project


def update_project(project: Project, expected_version, values: dict, user: User) -> list[str]:
    """Save the edit unless the project moved on; a change of partners or milestones alone
    is a new version too. Links the user cannot see are kept as they are."""
    check_version(project, expected_version)
    partners = hidden_partners(project, user) + wanted_partners(values["partners"], user)
    milestones = wanted_milestones(values["milestones"])
    wanted_partner_state = sorted((o.id, role) for o, role in partners)
    wanted_milestone_state = sorted(
        (m["title"], m["due_on"], m["owner_id"], m["done_on"]) for m in milestones
    )
    children_changed = []
    if _partner_state(project.partners) != wanted_partner_state:
        _set_partners(project, partners)
        children_changed.append("partners")
    if _milestone_state(project.milestones) != wanted_milestone_state:
        _set_milestones(project, milestones)
        children_changed.append("milestones")
    if children_changed:
        project.updated_at = utcnow()
    hidden_agreements = [a for a in project.agreements if not a.is_visible_to(user)]
    hidden_missions = [m for m in project.missions if not m.is_visible_to(user)]
    changes = _clean(values) | {
        "agreements": _same_or(
            project.agreements,
            hidden_agreements + _linked(Agreement, values["agreement_ids"], user),
        ),
        "missions": _same_or(
            project.missions, hidden_missions + _linked(Mission, values["mission_ids"], user)
        ),
    }
    return apply_changes(project, expected_version, changes) + children_changed


def mark_milestone_done(project: Project, milestone: ProjectMilestone, today: date) -> bool:
    """Mark the milestone done today; False when it already was."""
    if milestone.done_on is not None:
        return False
    milestone.done_on = today
    project.updated_at = utcnow()  # the project's page changed: a new version
    db.session.flush()
    return True
