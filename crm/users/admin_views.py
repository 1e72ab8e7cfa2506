"""Admins manage the consortium's users."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.core.editing import describe_conflict
from crm.core.errors import ConflictError
from crm.core.forms import choices
from crm.core.permissions import can_manage_users, require
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.users.admin_forms import UserForm
from crm.users.models import Locale, Role, User
from crm.users.operations import UserError, create_user, set_password, update_user
from crm.users.passwords import generate_password

bp = Blueprint("users_admin", __name__, url_prefix="/admin/users")


@bp.before_request
def _admins_only():
    require(can_manage_users(current_user))


def _form(**kwargs) -> UserForm:
    form = UserForm(**kwargs)
    form.institution_id.choices = choices(
        (i.id, i.name)
        for i in db.session.scalars(sa.select(MemberInstitution).order_by(MemberInstitution.code))
    )
    return form


def _submitted(form: UserForm) -> dict:
    return {
        "email": form.email.data.strip().lower(),
        "name": form.name.data.strip(),
        "role": Role(form.role.data),
        "institution_id": form.institution_id.data,
        "locale": Locale(form.locale.data),
        "is_active": form.is_active.data,
    }


def _field_error(form: UserForm, error: UserError) -> None:
    """Show a refusal next to the input it is about (WTForms errors are tuples until
    validation has run on that field, so use a list)."""
    field = getattr(form, error.field or "email", form.email)
    field.errors = [*field.errors, str(error)]


@bp.route("/")
def index():
    users = db.session.scalars(sa.select(User).order_by(User.name)).all()
    return render_template("users_admin/index.html", users=users)


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = _form()
    if form.validate_on_submit():
        password = generate_password()
        values = _submitted(form)
        try:
            user = create_user(
                email=values["email"],
                name=values["name"],
                role=values["role"],
                institution=db.session.get(MemberInstitution, values["institution_id"]),
                locale=values["locale"],
                password=password,
            )
            user.is_active = values["is_active"]
        except UserError as exc:
            db.session.rollback()
            _field_error(form, exc)
        else:
            db.session.commit()
            return render_template("users_admin/password.html", user=user, password=password)
    return render_template("users_admin/form.html", form=form, user=None), (
        422 if form.errors else 200
    )


@bp.route("/<id:user_id>/edit", methods=["GET", "POST"])
def edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = _form(obj=user)
    conflict = None
    if form.validate_on_submit():
        submitted = _submitted(form)
        try:
            update_user(user, request.form.get("version"), submitted)
        except ConflictError as exc:
            db.session.rollback()
            conflict = describe_conflict(exc, submitted)
            form.version.data = conflict.record.version
        except UserError as exc:
            db.session.rollback()
            _field_error(form, exc)
        else:
            db.session.commit()
            flash(_("The user %(name)s is saved.", name=user.name), "success")
            return redirect(url_for("users_admin.index"))
    status = 409 if conflict else 422 if form.errors else 200
    return render_template("users_admin/form.html", form=form, user=user, conflict=conflict), status


@bp.route("/<id:user_id>/password", methods=["POST"])
def reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    password = generate_password()
    set_password(user, password)
    db.session.commit()
    return render_template("users_admin/password.html", user=user, password=password)
