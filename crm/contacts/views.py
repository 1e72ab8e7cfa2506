"""Contacts: list, page, create, edit, archive and delete."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.contacts import queries
from crm.contacts.exports import CONTACTS, VCARD_LOADS, vcard_file
from crm.contacts.forms import ContactFilters, ContactForm, email_lines, lines
from crm.contacts.models import Contact
from crm.contacts.operations import FIELDS, create_contact, update_contact
from crm.contacts.timeline import timeline_of
from crm.core.converters import id_in_args
from crm.core.forms import filter_values
from crm.core.listing import page_number, paginate, sort
from crm.core.permissions import (
    can_create,
    can_edit,
    can_view,
    get_visible_or_404,
    require,
)
from crm.core.views import change_state as state_change
from crm.core.views import form_status, save_edit
from crm.exports.lists import export_list, records
from crm.exports.responses import dated_filename
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.missions.scope import scoped
from crm.organizations.models import Organization
from crm.privacy.journal import log_view

bp = Blueprint("contacts", __name__, url_prefix="/contacts")


def _shown(contact: Contact) -> dict:
    """The record's values as the form shows them."""
    values = {name: getattr(contact, name) for name in FIELDS}
    return values | {
        "organization_id": str(contact.organization_id or ""),
        "preferred_language": contact.preferred_language or "",
        "source": contact.source or "",
        "emails": "\n".join(e.address for e in contact.emails),
        "phones": "\n".join(p.number for p in contact.phones),
    }


def _submitted(form: ContactForm) -> dict:
    return {name: getattr(form, name).data for name in FIELDS} | {
        "emails": "\n".join(email_lines(form.emails.data)),
        "phones": "\n".join(lines(form.phones.data)),
    }


def _organization_arg() -> int | None:
    """The organization named in the query string, when the user may see it."""
    organization_id = id_in_args("organization_id")
    organization = db.session.get(Organization, organization_id) if organization_id else None
    return organization.id if organization and can_view(current_user, organization) else None


@bp.app_template_global()
def contacts_of(organization: Organization) -> tuple[list[Contact], int]:
    """For the organization's page: its people the signed-in user sees, and their number."""
    return queries.people_of(organization, current_user)


def _listed() -> tuple[ContactFilters, sa.Select, str]:
    """The list as the query string asks: the filters, the query and the sort, shared by
    the page and its exports."""
    institutions = db.session.scalars(
        sa.select(MemberInstitution).order_by(MemberInstitution.code)
    ).all()
    filters = ContactFilters(institutions, request.args)
    query, current_sort = sort(
        queries.filtered(
            current_user,
            filter_values(filters)
            | {"organization_id": _organization_arg(), "sort": request.args.get("sort")}
            | scoped(),
        ),
        request.args.get("sort"),
        queries.SORTS,
        "name",
        Contact.id,
    )
    return filters, query, current_sort


@bp.route("/")
def index():
    filters, query, current_sort = _listed()
    page = paginate(query, page_number(request.args.get("page")))
    return render_template("contacts/index.html", page=page, filters=filters, sort=current_sort)


@bp.route("/export.<any(csv, xlsx, vcf):fmt>")
def export(fmt: str):
    _filters, query, _sort = _listed()
    if fmt == "vcf":
        filename = dated_filename(str(CONTACTS.stem), "vcf")
        return vcard_file(records(query, VCARD_LOADS), current_user, filename)
    return export_list(query, CONTACTS, fmt, current_user)


@bp.route("/<id:contact_id>/vcard")
def vcard(contact_id: int):
    contact = get_visible_or_404(Contact, contact_id)
    return vcard_file([contact], current_user, f"{contact.full_name}.vcf")


@bp.route("/<id:contact_id>")
def detail(contact_id: int):
    contact = get_visible_or_404(Contact, contact_id)
    log_view(contact)
    return render_template(
        "contacts/detail.html", contact=contact, entries=timeline_of(contact, current_user)
    )


@bp.route("/new", methods=["GET", "POST"])
def create():
    require(can_create(current_user))
    organization_id = _organization_arg()
    form = ContactForm(
        queries.visible_organizations(current_user, organization_id),
        new=True,
        data={"organization_id": str(organization_id or ""), "visibility": ""},
    )
    if form.validate_on_submit():
        contact = create_contact(
            _submitted(form), email_lines(form.emails.data), lines(form.phones.data), current_user
        )
        db.session.commit()
        flash(_("Contact “%(name)s” created.", name=contact.full_name), "success")
        return redirect(url_for("contacts.detail", contact_id=contact.id))
    return render_template("contacts/form.html", form=form, contact=None), form_status(form)


@bp.route("/<id:contact_id>/edit", methods=["GET", "POST"])
def edit(contact_id: int):
    contact = get_visible_or_404(Contact, contact_id)
    require(can_edit(current_user, contact))
    form = ContactForm(
        queries.visible_organizations(current_user, contact.organization_id),
        data=None if request.method == "POST" else _shown(contact) | {"version": contact.version},
    )
    conflict = None
    if form.validate_on_submit():
        submitted = _submitted(form)
        emails, phones = email_lines(form.emails.data), lines(form.phones.data)
        conflict = save_edit(
            lambda version: update_contact(contact, version, submitted, emails, phones),
            submitted,
            _shown,
        )
        if conflict is None:
            flash(_("Contact “%(name)s” saved.", name=contact.full_name), "success")
            return redirect(url_for("contacts.detail", contact_id=contact.id))
        form.version.data = conflict.record.version
    return render_template(
        "contacts/form.html", form=form, contact=contact, conflict=conflict
    ), form_status(form, conflict)


@bp.route("/<id:contact_id>/<any(archive, restore, delete):action>", methods=["POST"])
def change_state(contact_id: int, action: str):
    return state_change(Contact, contact_id, action, "contacts.index")
