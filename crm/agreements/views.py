"""Agreements: list, page, create, edit, archive and delete. The workflow's steps and the
documents have their routes in workflow_views.py and document_views.py, on this blueprint."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.agreements import exports, queries
from crm.agreements.display import countdown
from crm.agreements.documents import remove_unused
from crm.agreements.forms import (
    BLANK_QUOTA_ROWS,
    AgreementFilters,
    AgreementForm,
    DocumentForm,
    TransitionForm,
)
from crm.agreements.models import Agreement
from crm.agreements.operations import (
    allowed_actions,
    create_agreement,
    pending_approvers,
    terms_locked,
    update_agreement,
)
from crm.agreements.terms import in_words, terms_of
from crm.core.clock import today
from crm.core.forms import filter_values
from crm.core.listing import page_number, paginate, sort
from crm.core.permissions import can_create, can_delete, can_edit, get_visible_or_404, require
from crm.core.views import archive_action, form_status, save_edit
from crm.exports.lists import export_list
from crm.extensions import db
from crm.missions.scope import scoped

bp = Blueprint("agreements", __name__, url_prefix="/agreements")

_BLANK_QUOTA = {"academic_year": "", "direction": "", "places": None}


def _values(form: AgreementForm) -> dict:
    """What the operations take, from a validated form."""
    names = (
        *("title", "kind", "summary", "member_parties", "organization_parties"),
        *("signatory_contacts", "signatory_users", "effective_on", "expires_on"),
        *("renewal_notice_days", "mission_id", "visibility"),
    )
    return {name: getattr(form, name).data for name in names} | {"quotas": form.quota_values()}


def _form_data(agreement: Agreement) -> dict:
    terms = terms_of(agreement, current_user)
    quotas = [
        {"academic_year": year, "direction": direction, "places": places}
        for year, direction, places in terms["quotas"]
    ]
    return terms | {
        "quotas": quotas + [_BLANK_QUOTA] * BLANK_QUOTA_ROWS,
        "version": agreement.version,
    }


def render_detail(agreement: Agreement, status: int = 200, **forms):
    """The agreement's page; a refused step shows its form again with ``status``."""
    return render_template(
        "agreements/detail.html",
        agreement=agreement,
        actions=allowed_actions(agreement, current_user),
        pending=pending_approvers(agreement),
        terms_locked=terms_locked(agreement),
        approvals={a.institution_id: a for a in agreement.approvals},
        quotas=queries.quota_use(agreement),
        countdown=countdown(agreement.expires_on, today()),
        transition_form=forms.get("transition_form")
        or TransitionForm(formdata=None, data={"version": agreement.version}),
        document_form=forms.get("document_form") or DocumentForm(formdata=None),
        problem=forms.get("problem"),
        today=today(),
    ), status


def _listed() -> tuple[AgreementFilters, sa.Select, str]:
    """The list as the query string asks: the filters, the query and the sort, shared by
    the page and its exports."""
    filters = AgreementFilters(
        queries.institutions(), queries.partner_organizations(current_user), request.args
    )
    query, current_sort = sort(
        queries.filtered(current_user, filter_values(filters) | scoped()),
        request.args.get("sort"),
        queries.SORTS,
        "-updated",
        Agreement.id,
    )
    return filters, query, current_sort


@bp.route("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    _filters, query, _sort = _listed()
    return export_list(query, exports.AGREEMENTS, fmt, current_user)


@bp.route("/register.xlsx")
def register():
    """The register of the agreements the list shows (its filters apply), for directors."""
    _filters, query, _sort = _listed()
    return exports.register(query, current_user)


@bp.route("/")
def index():
    filters, query, current_sort = _listed()
    page = paginate(query, page_number(request.args.get("page")))
    return render_template(
        "agreements/index.html",
        page=page,
        filters=filters,
        sort=current_sort,
        today=today(),
        countdown=countdown,
    )


@bp.route("/<id:agreement_id>")
def detail(agreement_id: int):
    return render_detail(get_visible_or_404(Agreement, agreement_id))


@bp.route("/new", methods=["GET", "POST"])
def create():
    require(can_create(current_user))
    form = AgreementForm(
        queries.form_options(current_user, None, request.form.getlist("organization_parties"))
    )
    if form.validate_on_submit():
        agreement = create_agreement(_values(form), current_user)
        db.session.commit()
        flash(_("Agreement “%(title)s” created as a draft.", title=agreement.title), "success")
        return redirect(url_for("agreements.detail", agreement_id=agreement.id))
    return render_template("agreements/form.html", form=form, agreement=None), form_status(form)


@bp.route("/<id:agreement_id>/edit", methods=["GET", "POST"])
def edit(agreement_id: int):
    agreement = get_visible_or_404(Agreement, agreement_id)
    require(can_edit(current_user, agreement))
    if terms_locked(agreement):
        flash(
            _(
                "This agreement is being reviewed or is approved: send it back to draft "
                "before changing its terms."
            ),
            "warning",
        )
        return redirect(url_for("agreements.detail", agreement_id=agreement.id))
    form = AgreementForm(
        queries.form_options(current_user, agreement, request.form.getlist("organization_parties")),
        data=None if request.method == "POST" else _form_data(agreement),
    )
    conflict = None
    if form.validate_on_submit():
        values = _values(form)
        conflict = save_edit(
            lambda version: update_agreement(agreement, version, values, current_user),
            in_words(values),
            lambda record: in_words(terms_of(record, current_user)),
        )
        if conflict is None:
            flash(_("Agreement “%(title)s” saved.", title=agreement.title), "success")
            return redirect(url_for("agreements.detail", agreement_id=agreement.id))
        form.version.data = conflict.record.version
    return render_template(
        "agreements/form.html", form=form, agreement=agreement, conflict=conflict
    ), form_status(form, conflict)


@bp.route("/<id:agreement_id>/<any(archive, restore, delete):action>", methods=["POST"])
def change_state(agreement_id: int, action: str):
    agreement = get_visible_or_404(Agreement, agreement_id)
    require(
        can_delete(current_user, agreement)
        if action == "delete"
        else can_edit(current_user, agreement)
    )
    checksums = [d.sha256 for d in agreement.documents]
    if archive_action(agreement, action) and action == "delete":
        remove_unused(checksums)
        return redirect(url_for("agreements.index"))
    return redirect(url_for("agreements.detail", agreement_id=agreement_id))


# The other routes of this blueprint.
from crm.agreements import document_views, workflow_views  # noqa: E402, F401
