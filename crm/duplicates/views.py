"""The duplicates pages: the pairs found, two records side by side, merge, not duplicates."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from crm.core.editing import describe_conflict
from crm.core.errors import ConflictError, ValidationError
from crm.core.listing import PER_PAGE, Page, page_number
from crm.core.permissions import can_create, can_edit, can_merge, get_visible_or_404, require
from crm.core.urls import record_url
from crm.duplicates import cache, comparison
from crm.duplicates.dismissals import dismiss
from crm.duplicates.forms import DismissForm, MergeForm
from crm.duplicates.kinds import CONTACTS, KINDS, ORGANIZATIONS, Kind
from crm.duplicates.labels import reason_text
from crm.duplicates.links import counts
from crm.extensions import db

bp = Blueprint("duplicates", __name__, url_prefix="/duplicates")


@bp.before_request
def _editors_only() -> None:
    require(can_create(current_user))


@bp.route("/")
def index():
    kind = KINDS.get(request.args.get("tab", ""), CONTACTS)
    pairs = cache.pairs(kind.find, kind.model, current_user)
    number = page_number(request.args.get("page"), max(1, -(-len(pairs) // PER_PAGE)))
    page = Page(pairs[(number - 1) * PER_PAGE : number * PER_PAGE], number, PER_PAGE, len(pairs))
    ids = {i for pair in page.items for i in (pair.low_id, pair.high_id)}
    records = db.session.scalars(
        sa.select(kind.model).options(*kind.loads).where(kind.model.id.in_(ids))
    )
    return render_template(
        "duplicates/index.html",
        kind=kind,
        kinds=KINDS.values(),
        page=page,
        records={record.id: record for record in records},
        reason_text=reason_text,
    )


def _pair_or_404(kind: Kind, kept_id: int, other_id: int):
    if kept_id == other_id:
        abort(404)
    return get_visible_or_404(kind.model, kept_id), get_visible_or_404(kind.model, other_id)


def _compare_page(kind: Kind, kept, other, conflict=None, status: int = 200):
    form = MergeForm(formdata=None, data={"version": kept.version, "other_version": other.version})
    chosen = {
        field.name: request.form.get(f"keep_{field.name}")
        or comparison.default_choice(field, kept, other)
        for field in comparison.differing(kind.fields, kept, other)
    }
    page = render_template(
        "duplicates/compare.html",
        kind=kind,
        kept=kept,
        other=other,
        form=form,
        dismiss_form=DismissForm(formdata=None),
        chosen=chosen,
        options=comparison.options,
        shown=comparison.shown,
        links=counts(kind.links, kept.id, other.id),
        mergeable=can_merge(current_user, kept, other),
        conflict=conflict,
        args=dict(zip(kind.arguments, (kept.id, other.id), strict=True)),
    )
    return page, status


def _compare(kind: Kind, kept_id: int, other_id: int):
    kept, other = _pair_or_404(kind, kept_id, other_id)
    return _compare_page(kind, kept, other)


def _merge(kind: Kind, kept_id: int, other_id: int):
    kept, other = _pair_or_404(kind, kept_id, other_id)
    require(can_merge(current_user, kept, other))
    form = MergeForm()
    names = {"merged": other.label, "kept": kept.label}
    try:
        values = comparison.chosen_values(kind.fields, kept, other, request.form)
        kind.merge(kept, other, (form.version.data, form.other_version.data), values)
    except ConflictError as error:
        db.session.rollback()
        kept, other = _pair_or_404(kind, kept_id, other_id)  # 404 if one is gone meanwhile
        return _compare_page(kind, kept, other, describe_conflict(error, {}), 409)
    except ValidationError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return _compare_page(kind, kept, other, status=422)
    db.session.commit()
    flash(_("“%(merged)s” merged into “%(kept)s”.", **names), "success")
    return redirect(record_url(kept))


def _dismiss(kind: Kind, kept_id: int, other_id: int):
    kept, other = _pair_or_404(kind, kept_id, other_id)
    require(can_edit(current_user, kept) and can_edit(current_user, other))
    DismissForm()
    try:
        dismiss(kind.kind, kept.id, other.id, current_user)
        db.session.commit()
    except IntegrityError:  # someone said the same at the same moment
        db.session.rollback()
    flash(_("“%(a)s” and “%(b)s” will not be proposed again.", a=kept.label, b=other.label))
    return redirect(url_for("duplicates.index", tab=kind.name))


@bp.route("/contacts/<id:kept_contact_id>/<id:other_contact_id>")
def compare_contacts(kept_contact_id: int, other_contact_id: int):
    return _compare(CONTACTS, kept_contact_id, other_contact_id)


@bp.route("/contacts/<id:kept_contact_id>/<id:other_contact_id>/merge", methods=["POST"])
def merge_contacts(kept_contact_id: int, other_contact_id: int):
    return _merge(CONTACTS, kept_contact_id, other_contact_id)


@bp.route("/contacts/<id:kept_contact_id>/<id:other_contact_id>/dismiss", methods=["POST"])
def dismiss_contacts(kept_contact_id: int, other_contact_id: int):
    return _dismiss(CONTACTS, kept_contact_id, other_contact_id)


_ORGANIZATIONS = "/organizations/<id:kept_organization_id>/<id:other_organization_id>"


@bp.route(_ORGANIZATIONS)
def compare_organizations(kept_organization_id: int, other_organization_id: int):
    return _compare(ORGANIZATIONS, kept_organization_id, other_organization_id)


@bp.route(f"{_ORGANIZATIONS}/merge", methods=["POST"])
def merge_organizations(kept_organization_id: int, other_organization_id: int):
    return _merge(ORGANIZATIONS, kept_organization_id, other_organization_id)


@bp.route(f"{_ORGANIZATIONS}/dismiss", methods=["POST"])
def dismiss_organizations(kept_organization_id: int, other_organization_id: int):
    return _dismiss(ORGANIZATIONS, kept_organization_id, other_organization_id)
