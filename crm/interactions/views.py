"""Interactions: list, page, log, edit, archive and delete."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.contacts.models import Contact
from crm.core.clock import zone
from crm.core.converters import id_in_args
from crm.core.db import utcnow
from crm.core.forms import filter_values
from crm.core.listing import page_number, paginate, sort
from crm.core.permissions import (
    can_create,
    can_edit,
    can_view,
    get_visible_or_404,
    require,
)
from crm.core.security import safe_next
from crm.core.views import change_state as state_change
from crm.core.views import form_status, save_edit
from crm.exports.lists import export_list
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.interactions import queries
from crm.interactions.exports import INTERACTIONS
from crm.interactions.forms import InteractionFilters, InteractionForm
from crm.interactions.models import Interaction
from crm.interactions.operations import (
    FIELDS,
    create_interaction,
    local_from_utc,
    update_interaction,
)
from crm.organizations.models import Organization

bp = Blueprint("interactions", __name__, url_prefix="/interactions")


def _shown(interaction: Interaction) -> dict:
    """The record's values as the form shows them."""
    values = {name: getattr(interaction, name) for name in FIELDS}
    return values | {
        "occurred_at": local_from_utc(interaction.occurred_at),
        "mission_id": str(interaction.mission_id or ""),
        "agreement_id": str(interaction.agreement_id or ""),
        "contact_ids": sorted(c.id for c in interaction.contacts if c.is_visible_to(current_user)),
        "staff_ids": sorted(u.id for u in interaction.staff),
    }


def _submitted(form: InteractionForm) -> dict:
    return {name: getattr(form, name).data for name in FIELDS} | {
        "contact_ids": sorted(form.contact_ids.data or []),
        "staff_ids": sorted(form.staff_ids.data or []),
    }


def _visible_arg(model, name: str):
    """The record named in the query string (``?contact_id=…``), when the user may see it."""
    record_id = id_in_args(name)
    record = db.session.get(model, record_id) if record_id else None
    return record if record is not None and can_view(current_user, record) else None


def _form(contact_ids: list[int], staff_ids: list[int], organization=None, **kwargs):
    """The form, offering the contacts already chosen (as posted, when posted) and the
    ones the "Find contacts" search names."""
    if request.method == "POST":
        contact_ids = request.form.getlist("contact_ids", type=int)
        staff_ids = request.form.getlist("staff_ids", type=int)
    return InteractionForm(
        queries.contact_choices(
            current_user,
            organization.id if organization else None,
            contact_ids,
            request.form.get("find_contacts"),
        ),
        queries.staff_choices(staff_ids),
        queries.mission_choices(current_user),
        queries.agreement_choices(current_user),
        **kwargs,
    )


def _listed() -> tuple[InteractionFilters, sa.Select, str]:
    """The list as the query string asks: the filters, the query and the sort, shared by
    the page and its exports."""
    institutions = db.session.scalars(
        sa.select(MemberInstitution).order_by(MemberInstitution.code)
    ).all()
    filters = InteractionFilters(institutions, queries.mission_choices(current_user), request.args)
    query, current_sort = sort(
        queries.filtered(current_user, filter_values(filters)),
        request.args.get("sort"),
        queries.SORTS,
        "-date",
        Interaction.id,
    )
    return filters, query, current_sort


@bp.route("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    _filters, query, _sort = _listed()
    return export_list(query, INTERACTIONS, fmt, current_user)


@bp.route("/")
def index():
    filters, query, current_sort = _listed()
    page = paginate(query, page_number(request.args.get("page")))
    return render_template("interactions/index.html", page=page, filters=filters, sort=current_sort)


@bp.route("/<id:interaction_id>")
def detail(interaction_id: int):
    interaction = get_visible_or_404(Interaction, interaction_id)
    return render_template("interactions/detail.html", interaction=interaction)


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Log an interaction; ``?contact_id=`` or ``?organization_id=`` prefill it, and
    ``?next=`` is where saving leads back to."""
    require(can_create(current_user))
    contact = _visible_arg(Contact, "contact_id")
    organization = _visible_arg(Organization, "organization_id")
    prefill = {
        "contact_ids": [contact.id] if contact else [],
        "staff_ids": [current_user.id],
        "occurred_at": local_from_utc(utcnow()),
        "mission_id": request.args.get("mission_id", ""),
        "agreement_id": request.args.get("agreement_id", ""),
        "visibility": "consortium",
    }
    form = _form(prefill["contact_ids"], prefill["staff_ids"], organization, data=prefill)
    if "find" not in request.form and form.validate_on_submit():
        interaction = create_interaction(
            _submitted(form), form.contact_ids.data, form.staff_ids.data, current_user
        )
        db.session.commit()
        flash(_("Interaction “%(subject)s” logged.", subject=interaction.subject), "success")
        return redirect(
            safe_next(
                request.args.get("next"),
                url_for("interactions.detail", interaction_id=interaction.id),
            )
        )
    return render_template(
        "interactions/form.html",
        form=form,
        interaction=None,
        about=contact or organization,
        zone=zone(),
        back=safe_next(request.args.get("next"), url_for("interactions.index")),
    ), form_status(form)


@bp.route("/<id:interaction_id>/edit", methods=["GET", "POST"])
def edit(interaction_id: int):
    interaction = get_visible_or_404(Interaction, interaction_id)
    require(can_edit(current_user, interaction))
    shown = _shown(interaction)
    form = _form(
        shown["contact_ids"],
        shown["staff_ids"],
        data=None if request.method == "POST" else shown | {"version": interaction.version},
    )
    conflict = None
    if "find" not in request.form and form.validate_on_submit():
        submitted = _submitted(form)
        conflict = save_edit(
            lambda version: update_interaction(
                interaction,
                version,
                submitted,
                form.contact_ids.data,
                form.staff_ids.data,
                current_user,
            ),
            submitted,
            _shown,
        )
        if conflict is None:
            flash(_("Interaction “%(subject)s” saved.", subject=interaction.subject), "success")
            return redirect(url_for("interactions.detail", interaction_id=interaction.id))
        form.version.data = conflict.record.version
    return render_template(
        "interactions/form.html",
        form=form,
        interaction=interaction,
        about=None,
        conflict=conflict,
        zone=zone(),
        back=url_for("interactions.detail", interaction_id=interaction.id),
    ), form_status(form, conflict)


@bp.route("/<id:interaction_id>/<any(archive, restore, delete):action>", methods=["POST"])
def change_state(interaction_id: int, action: str):
    return state_change(Interaction, interaction_id, action, "interactions.index")
