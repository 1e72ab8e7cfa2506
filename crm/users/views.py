"""The signed-in user's own page: name, language and password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.core.security import safe_next
from crm.extensions import db
from crm.users.forms import LanguageForm, PasswordForm, ProfileForm
from crm.users.models import Locale
from crm.users.operations import set_password
from crm.users.passwords import verify_password

bp = Blueprint("users", __name__)


@bp.route("/language", methods=["POST"])
def language():
    """Switch language; remembered on the account, or in the session before sign-in."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            current_user.locale = Locale(form.locale.data)
            db.session.commit()
    return redirect(safe_next(form.next.data, url_for("home.index")))


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    form = ProfileForm(obj=current_user)
    password_form = PasswordForm(prefix="pw")
    if form.validate_on_submit():
        current_user.name = form.name.data.strip()
        current_user.locale = Locale(form.locale.data)
        db.session.commit()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("users.profile"))
    return render_template("users/profile.html", form=form, password_form=password_form)


@bp.route("/profile/password", methods=["POST"])
def change_password():
    form = ProfileForm(obj=current_user)
    password_form = PasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        if verify_password(current_user.password_hash, password_form.current_password.data):
            set_password(current_user, password_form.new_password.data)
            db.session.commit()
            flash(_("Your password is changed."), "success")
            return redirect(url_for("users.profile"))
        password_form.current_password.errors.append(_("This is not your current password."))
    return render_template("users/profile.html", form=form, password_form=password_form), 422
