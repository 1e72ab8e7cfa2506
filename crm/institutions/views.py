"""Admins list, add and rename the consortium's member institutions."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.core.editing import describe_conflict
from crm.core.errors import ConflictError
from crm.core.permissions import can_manage_users, require
from crm.extensions import db
from crm.institutions.forms import InstitutionForm
from crm.institutions.models import MemberInstitution
from crm.institutions.operations import InstitutionError, add_institution, rename_institution

bp = Blueprint("institutions", __name__, url_prefix="/admin/institutions")


@bp.before_request
def _admins_only():
    require(can_manage_users(current_user))


@bp.route("/")
def index():
    institutions = db.session.scalars(
        sa.select(MemberInstitution).order_by(MemberInstitution.code)
    ).all()
    return render_template("institutions/index.html", institutions=institutions)


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = InstitutionForm()
    if form.validate_on_submit():
        try:
            add_institution(
                code=form.code.data, name_fr=form.name_fr.data, name_en=form.name_en.data
            )
        except InstitutionError as exc:
            db.session.rollback()
            form.code.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Institution %(code)s added.", code=form.code.data.upper()), "success")
            return redirect(url_for("institutions.index"))
    status = 422 if form.errors else 200
    return render_template("institutions/form.html", form=form, institution=None), status


@bp.route("/<id:institution_id>/edit", methods=["GET", "POST"])
def edit(institution_id: int):
    institution = db.get_or_404(MemberInstitution, institution_id)
    form = InstitutionForm(obj=institution)
    form.code.data = institution.code  # the code identifies it and does not change
    conflict = None
    if form.validate_on_submit():
        submitted = {"name_fr": form.name_fr.data.strip(), "name_en": form.name_en.data.strip()}
        try:
            rename_institution(institution, request.form.get("version"), **submitted)
        except ConflictError as exc:
            db.session.rollback()
            conflict = describe_conflict(exc, submitted)
            form.version.data = conflict.record.version
        except InstitutionError as exc:
            db.session.rollback()
            form.name_fr.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Institution %(code)s saved.", code=institution.code), "success")
            return redirect(url_for("institutions.index"))
    status = 409 if conflict else 422 if form.errors else 200
    return render_template(
        "institutions/form.html", form=form, institution=institution, conflict=conflict
    ), status
