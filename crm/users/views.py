"""The signed-in user's own page: name, language, password, reminders, API tokens and
calendar feed."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.calendar import feeds
from crm.calendar import tokens as calendar_tokens
from crm.core.security import safe_next
from crm.extensions import db
from crm.reminders import preferences
from crm.reminders.forms import ReminderSettingsForm
from crm.reminders.models import ReminderDelivery
from crm.reminders.rules import KINDS
from crm.users import tokens
from crm.users.forms import LanguageForm, PasswordForm, ProfileForm, TokenForm
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
    return _profile(form, password_form)


def _profile(
    form,
    password_form,
    token_form=None,
    new_token=None,
    new_feed=None,
    reminder_form=None,
    status=200,
):
    page = render_template(
        "users/profile.html",
        form=form,
        password_form=password_form,
        token_form=token_form or TokenForm(prefix="token", formdata=None),
        tokens=tokens.tokens_of(current_user),
        new_token=new_token,
        calendar_feed=calendar_tokens.feed_of(current_user),
        new_feed_url=new_feed,
        reminder_form=reminder_form or _reminder_form(),
    )
    return page, status


def _reminder_form() -> ReminderSettingsForm:
    chosen = preferences.settings_of(current_user.id)
    enabled = [kind for kind in KINDS if kind not in chosen.muted_kinds]
    return ReminderSettingsForm(
        prefix="reminders", formdata=None, data={"delivery": chosen.delivery, "kinds": enabled}
    )


@bp.route("/profile/reminders", methods=["POST"])
def save_reminder_settings():
    reminder_form = ReminderSettingsForm(prefix="reminders")
    if not reminder_form.validate_on_submit():
        form = ProfileForm(obj=current_user)
        return _profile(form, PasswordForm(prefix="pw"), reminder_form=reminder_form, status=422)
    delivery = ReminderDelivery(reminder_form.delivery.data)
    preferences.save(current_user.id, delivery, reminder_form.kinds.data)
    db.session.commit()
    flash(_("Your reminder settings are saved."), "success")
    return redirect(url_for("users.profile", _anchor="reminders"))


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
    return _profile(form, password_form, status=422)


@bp.route("/profile/tokens", methods=["POST"])
def create_token():
    """A new API token, shown on this answer only (never stored, never put in a cookie)."""
    token_form = TokenForm(prefix="token")
    if not token_form.validate_on_submit():
        return _profile(
            ProfileForm(obj=current_user), PasswordForm(prefix="pw"), token_form, status=422
        )
    token, secret = tokens.create_token(current_user, token_form.name.data)
    db.session.commit()
    return _profile(
        ProfileForm(obj=current_user),
        PasswordForm(prefix="pw"),
        new_token=(token, secret),
    )


@bp.route("/profile/tokens/<id:token_id>/revoke", methods=["POST"])
def revoke_token(token_id: int):
    if tokens.revoke_token(current_user, token_id):
        db.session.commit()
        flash(_("The token is revoked: it no longer opens the API."), "success")
    return redirect(url_for("users.profile"))


@bp.route("/profile/calendar", methods=["POST"])
def create_calendar_feed():
    """A new calendar feed URL, replacing the old one; shown on this answer only."""
    _feed, secret = calendar_tokens.create_feed(current_user)
    db.session.commit()
    url = feeds.absolute_url("calendar.feed", token=secret)
    return _profile(ProfileForm(obj=current_user), PasswordForm(prefix="pw"), new_feed=url)


@bp.route("/profile/calendar/revoke", methods=["POST"])
def revoke_calendar_feed():
    if calendar_tokens.revoke_feed(current_user):
        db.session.commit()
        flash(_("The calendar feed is revoked: its address no longer works."), "success")
    return redirect(url_for("users.profile"))
