"""Projects in the API: /api/v1/projects, with partners and milestones as the form edits
them (each PATCH that names them sends the whole list)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from crm.agreements.models import Agreement
from crm.api import responses
from crm.api.auth import API_PREFIX
from crm.api.blueprint import Blueprint
from crm.api.views import changed_values, creating, delete, editable, new_values, set_archived
from crm.core.errors import ValidationError
from crm.core.listing import sort
from crm.core.permissions import can_create, get_visible_or_404
from crm.extensions import db
from crm.missions.models import Mission
from crm.projects import queries
from crm.projects.models import Project, ProjectPartner
from crm.projects.operations import FIELDS, create_project, update_project
from crm.projects.schemas import ProjectArgs, ProjectPage, ProjectSchema
from crm.users.models import User

bp = Blueprint(
    "projects_api",
    __name__,
    url_prefix=f"{API_PREFIX}/projects",
    description="Joint training offers, services to companies, applied research.",
)
ITEM = "/<id:project_id>"
NAMES = (*FIELDS, "partners", "milestones", "agreement_ids", "mission_ids")
schema = ProjectSchema()
# What the list's items show, loaded for the whole page at once.
LIST_LOADS = (
    selectinload(Project.partners).selectinload(ProjectPartner.organization),
    selectinload(Project.milestones),
    selectinload(Project.agreements),
    selectinload(Project.missions),
)


def _current(project: Project) -> dict:
    """The project's values as the API names them."""
    links = queries.visible_links(project, current_user)
    return {name: getattr(project, name) for name in FIELDS} | {
        "partners": [
            {"organization_id": p.organization_id, "role": p.role}
            for p in queries.visible_partners(project, current_user)
        ],
        "milestones": [
            {name: getattr(m, name) for name in ("id", "title", "due_on", "owner_id", "done_on")}
            for m in project.milestones
        ],
        "agreement_ids": [a.id for a in links["agreements"]],
        "mission_ids": [m.id for m in links["missions"]],
    }


def _unknown(field: str, kind: str, record_id: int) -> ValidationError:
    return ValidationError(field, f"No such {kind}: {record_id}.")


def _linkable(model, ids: list[int], keep: list, field: str, kind: str) -> None:
    """Like the form's choices: records the caller may see, current or already linked."""
    wanted = set(ids)
    found = set(
        db.session.scalars(
            sa.select(model.id).where(
                model.id.in_(wanted),
                model.visible_to(current_user),
                sa.or_(model.archived_at.is_(None), model.id.in_([r.id for r in keep])),
            )
        )
    )
    if unknown := sorted(wanted - found):
        raise _unknown(field, kind, unknown[0])


def _milestone_rows(milestones: list[dict], project: Project | None) -> list[dict]:
    existing = {m.id: m for m in project.milestones} if project else {}
    owners = {m.owner_id for m in existing.values()}
    rows = []
    for index, milestone in enumerate(milestones):
        if milestone.get("id") is not None and milestone["id"] not in existing:
            raise _unknown(f"milestones.{index}.id", "milestone of this project", milestone["id"])
        owner = milestone.get("owner_id")
        if owner is not None:
            user = db.session.get(User, owner)
            if user is None or not (user.is_active or owner in owners):
                raise _unknown(f"milestones.{index}.owner_id", "active user", owner)
        rows.append(
            {
                "milestone_id": milestone.get("id"),
                "title": milestone["title"],
                "due_on": milestone["due_on"],
                "owner_id": owner,
                "done_on": milestone.get("done_on"),
            }
        )
    return rows


def _prepared(values: dict, project: Project | None = None) -> dict:
    """The form's checks, then the values in the operation's terms."""
    if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
        raise ValidationError("ends_on", _l("The end date cannot be before the start date."))
    _linkable(
        Agreement,
        values["agreement_ids"],
        project.agreements if project else [],
        "agreement_ids",
        "agreement",
    )
    _linkable(
        Mission,
        values["mission_ids"],
        project.missions if project else [],
        "mission_ids",
        "mission",
    )
    # the operation takes the partners as they are: by organization_id, with their role
    return values | {"milestones": _milestone_rows(values["milestones"], project)}


def _renamed(error: ValidationError) -> ValidationError:
    """The operation names a form's row ("partners-0-organization"): name the API's field."""
    parts = error.field.split("-")
    if len(parts) == 3 and parts[0] == "partners":
        return ValidationError(f"partners.{parts[1]}.organization_id", error.message)
    return error


@bp.get("")
@bp.arguments(ProjectArgs, location="query", as_kwargs=False)
@bp.response(200, ProjectPage)
def index(args: dict):
    """List the projects you may see, filtered, sorted and paged."""
    query, _key = sort(
        queries.filtered(current_user, args), args.get("sort"), queries.SORTS, "name", Project.id
    )
    return responses.page(query, args, *LIST_LOADS)


@bp.post("")
@creating(can_create)
@bp.arguments(ProjectSchema)
@bp.response(201, ProjectSchema)
def create(values: dict):
    """Create a project."""
    chosen = new_values(values, NAMES, Project)
    try:
        project = create_project(_prepared(chosen), current_user)
    except ValidationError as error:
        raise _renamed(error) from None
    set_archived(project, values.get("is_archived"))
    return responses.saved(project, schema, 201, url_for(".item", project_id=project.id))


@bp.get(ITEM)
@bp.response(200, ProjectSchema)
def item(project_id: int):
    """Get a project."""
    return responses.item(get_visible_or_404(Project, project_id), schema)


@bp.patch(ITEM)
@editable(Project, "project_id")
@bp.arguments(ProjectSchema(partial=True))
@bp.response(200, ProjectSchema)
def update(values: dict, project_id: int):
    """Change a project: only the fields sent."""
    project = get_visible_or_404(Project, project_id)
    version = responses.expected_version(project, values.get("version"))
    changes = changed_values(project, values, NAMES, _current)
    try:
        update_project(project, version, _prepared(changes, project), current_user)
    except ValidationError as error:
        raise _renamed(error) from None
    set_archived(project, values.get("is_archived"))
    return responses.saved(project, schema)


@bp.delete(ITEM)
@bp.response(204)
def remove(project_id: int):
    """Delete a project (its institution, or an admin; 422 while others refer to it)."""
    return delete(Project, project_id)
