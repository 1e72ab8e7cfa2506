"""Organizations: list, page, create, edit, archive and delete."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.core.forms import filter_values
from crm.core.listing import page_number, paginate, sort
from crm.core.permissions import can_create, can_edit, get_visible_or_404, require
from crm.core.views import change_state as state_change
from crm.core.views import form_status, save_edit
from crm.exports.lists import export_list
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.organizations import queries
from crm.organizations.exports import ORGANIZATIONS
from crm.organizations.forms import OrganizationFilters, OrganizationForm
from crm.organizations.models import Organization
from crm.organizations.operations import FIELDS, create_organization, update_organization
from crm.organizations.timeline import timeline_of

bp = Blueprint("organizations", __name__, url_prefix="/organizations")


def _shown(organization: Organization) -> dict:
    """The record's values as the form shows them."""
    values = {name: getattr(organization, name) for name in FIELDS}
    return values | {"tags": ", ".join(tag.name for tag in organization.tags)}


def _submitted(form: OrganizationForm) -> dict:
    return {name: getattr(form, name).data for name in FIELDS} | {"tags": form.tags.data or ""}


def _listed() -> tuple[OrganizationFilters, sa.Select, str]:
    """The list as the query string asks: the filters, the query and the sort, shared by
    the page and its exports."""
    institutions = db.session.scalars(
        sa.select(MemberInstitution).order_by(MemberInstitution.code)
    ).all()
    filters = OrganizationFilters(institutions, request.args)
    query, current_sort = sort(
        queries.filtered(current_user, filter_values(filters) | {"tag": request.args.get("tag")}),
        request.args.get("sort"),
        queries.SORTS,
        "name",
        Organization.id,
    )
    return filters, query, current_sort


@bp.route("/")
def index():
    filters, query, current_sort = _listed()
    page = paginate(query, page_number(request.args.get("page")))
    return render_template(
        "organizations/index.html", page=page, filters=filters, sort=current_sort
    )


@bp.route("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    _filters, query, _sort = _listed()
    return export_list(query, ORGANIZATIONS, fmt, current_user)


@bp.route("/<id:organization_id>")
def detail(organization_id: int):
    organization = get_visible_or_404(Organization, organization_id)
    return render_template(
        "organizations/detail.html",
        organization=organization,
        entries=timeline_of(organization, current_user),
    )


@bp.route("/new", methods=["GET", "POST"])
def create():
    require(can_create(current_user))
    form = OrganizationForm()
    if form.validate_on_submit():
        organization = create_organization(_submitted(form), form.tags.data, current_user)
        db.session.commit()
        flash(_("Organization “%(name)s” created.", name=organization.name), "success")
        return redirect(url_for("organizations.detail", organization_id=organization.id))
    return render_template("organizations/form.html", form=form, organization=None), (
        form_status(form)
    )


@bp.route("/<id:organization_id>/edit", methods=["GET", "POST"])
def edit(organization_id: int):
    organization = get_visible_or_404(Organization, organization_id)
    require(can_edit(current_user, organization))
    form = OrganizationForm(
        data=None
        if request.method == "POST"
        else _shown(organization) | {"version": organization.version}
    )
    conflict = None
    if form.validate_on_submit():
        submitted = _submitted(form)
        conflict = save_edit(
            lambda version: update_organization(organization, version, submitted, form.tags.data),
            submitted,
            _shown,
        )
        if conflict is None:
            flash(_("Organization “%(name)s” saved.", name=organization.name), "success")
            return redirect(url_for("organizations.detail", organization_id=organization.id))
        form.version.data = conflict.record.version
    return render_template(
        "organizations/form.html", form=form, organization=organization, conflict=conflict
    ), form_status(form, conflict)


@bp.route("/<id:organization_id>/<any(archive, restore, delete):action>", methods=["POST"])
def change_state(organization_id: int, action: str):
    return state_change(Organization, organization_id, action, "organizations.index")
