"""Projects: list, page, create, edit (partners and milestones as repeated rows), marking a
milestone done, archive and delete."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.core.clock import today
from crm.core.errors import ValidationError
from crm.core.forms import filter_values
from crm.core.listing import page_number, paginate, sort
from crm.core.permissions import can_create, can_edit, get_visible_or_404, require
from crm.core.views import change_state as state_change
from crm.core.views import form_status, save_edit
from crm.exports.lists import export_list
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.projects import queries
from crm.projects.exports import PROJECTS
from crm.projects.forms import ProjectFilters, ProjectForm
from crm.projects.models import Project, ProjectMilestone
from crm.projects.operations import (
    FIELDS,
    create_project,
    mark_milestone_done,
    update_project,
)

bp = Blueprint("projects", __name__, url_prefix="/projects")


def _form_data(project: Project) -> dict:
    return {name: getattr(project, name) for name in FIELDS} | {
        "partners": [
            {
                "organization_id": p.organization_id,
                "organization": p.organization.name,
                "role": p.role,
            }
            for p in queries.visible_partners(project, current_user)
        ],
        "milestones": [
            {
                "milestone_id": m.id,
                "title": m.title,
                "due_on": m.due_on,
                "owner_id": m.owner_id,
                "done_on": m.done_on,
            }
            for m in project.milestones
        ],
        "agreement_ids": [a.id for a in project.agreements],
        "mission_ids": [m.id for m in project.missions],
        "version": project.version,
    }


def _submitted(form: ProjectForm) -> dict:
    return {name: getattr(form, name).data for name in FIELDS} | {
        "partners": form.partners.data,
        "milestones": form.milestones.data,
        "agreement_ids": form.agreement_ids.data or [],
        "mission_ids": form.mission_ids.data or [],
    }


def _shown(project: Project) -> dict:
    """The record's values as the conflict warning shows them."""
    return {name: getattr(project, name) for name in FIELDS} | {
        "partners": "; ".join(
            sorted(
                f"{p.organization.name} ({p.role or '—'})"
                for p in queries.visible_partners(project, current_user)
            )
        ),
        "milestones": "; ".join(sorted(f"{m.title} ({m.due_on})" for m in project.milestones)),
    }


def _described(submitted: dict) -> dict:
    """What the user submitted, in the terms of ``_shown``."""
    partners = [p for p in submitted["partners"] if not p["remove"] and p["organization"]]
    milestones = [m for m in submitted["milestones"] if not m["remove"] and m["title"]]
    return {name: submitted[name] for name in FIELDS} | {
        "partners": "; ".join(
            sorted(f"{p['organization'].strip()} ({p['role'] or '—'})" for p in partners)
        ),
        "milestones": "; ".join(
            sorted(f"{m['title'].strip()} ({m['due_on']})" for m in milestones)
        ),
    }


def _attach(form, error: ValidationError) -> None:
    """Show an operation's refusal next to the field it names (rows included)."""
    fields = list(form)
    while fields:
        field = fields.pop()
        if field.name == error.field:
            field.errors = [*field.errors, str(error.message)]
            return
        if field.type in ("FieldList", "FormField"):
            fields.extend(field)
    form.form_errors.append(str(error.message))


def _listed() -> tuple[ProjectFilters, sa.Select, str]:
    """The list as the query string asks: the filters, the query and the sort, shared by
    the page and its exports."""
    institutions = db.session.scalars(
        sa.select(MemberInstitution).order_by(MemberInstitution.code)
    ).all()
    filters = ProjectFilters(institutions, current_user, request.args)
    query, current_sort = sort(
        queries.filtered(current_user, filter_values(filters)),
        request.args.get("sort"),
        queries.SORTS,
        "name",
        Project.id,
    )
    return filters, query, current_sort


@bp.route("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    _filters, query, _sort = _listed()
    return export_list(query, PROJECTS, fmt, current_user)


@bp.route("/")
def index():
    filters, query, current_sort = _listed()
    page = paginate(query, page_number(request.args.get("page")))
    return render_template("projects/index.html", page=page, filters=filters, sort=current_sort)


@bp.route("/<id:project_id>")
def detail(project_id: int):
    project = get_visible_or_404(Project, project_id)
    return render_template(
        "projects/detail.html",
        project=project,
        today=today(),
        **queries.visible_links(project, current_user),
    )


def _render_form(form: ProjectForm, project: Project | None, conflict=None, status=None):
    return render_template(
        "projects/form.html",
        form=form,
        project=project,
        conflict=conflict,
        organization_names=queries.organization_names(current_user),
    ), status or form_status(form, conflict)


@bp.route("/new", methods=["GET", "POST"])
def create():
    require(can_create(current_user))
    form = ProjectForm(user=current_user)
    if request.method == "POST" and form.wants_a_row():
        return _render_form(form, None, status=200)
    if form.validate_on_submit():
        try:
            project = create_project(_submitted(form), current_user)
        except ValidationError as error:
            db.session.rollback()
            _attach(form, error)
            return _render_form(form, None, status=422)
        db.session.commit()
        flash(_("Project “%(name)s” created.", name=project.name), "success")
        return redirect(url_for("projects.detail", project_id=project.id))
    return _render_form(form, None)


@bp.route("/<id:project_id>/edit", methods=["GET", "POST"])
def edit(project_id: int):
    project = get_visible_or_404(Project, project_id)
    require(can_edit(current_user, project))
    form = ProjectForm(
        data=None if request.method == "POST" else _form_data(project),
        user=current_user,
        project=project,
    )
    if request.method == "POST" and form.wants_a_row():
        return _render_form(form, project, status=200)
    conflict = None
    if form.validate_on_submit():
        submitted = _submitted(form)
        try:
            conflict = save_edit(
                lambda version: update_project(project, version, submitted, current_user),
                _described(submitted),
                _shown,
            )
        except ValidationError as error:
            db.session.rollback()
            _attach(form, error)
            return _render_form(form, project, status=422)
        if conflict is None:
            flash(_("Project “%(name)s” saved.", name=project.name), "success")
            return redirect(url_for("projects.detail", project_id=project.id))
        form.version.data = conflict.record.version
    return _render_form(form, project, conflict)


@bp.route("/<id:project_id>/milestones/<id:milestone_id>/done", methods=["POST"])
def complete_milestone(project_id: int, milestone_id: int):
    project = get_visible_or_404(Project, project_id)
    require(can_edit(current_user, project))
    milestone = db.session.get(ProjectMilestone, milestone_id)
    if milestone is None or milestone.project_id != project.id:
        abort(404)
    if mark_milestone_done(project, milestone, today()):
        db.session.commit()
        flash(_("Milestone “%(title)s” marked done.", title=milestone.title), "success")
    else:
        flash(_("This milestone was already done."), "info")
    return redirect(url_for("projects.detail", project_id=project.id) + "#milestones")


@bp.route("/<id:project_id>/<any(archive, restore, delete):action>", methods=["POST"])
def change_state(project_id: int, action: str):
    return state_change(Project, project_id, action, "projects.index")
