"""Signing in and out, and the rule that every page needs a signed-in user."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from crm.api import auth as api_auth
from crm.api.problems import unauthorized
from crm.core.security import safe_next
from crm.extensions import db, limiter, login_manager
from crm.users import sessions
from crm.users.forms import LoginForm
from crm.users.operations import authenticate

bp = Blueprint("auth", __name__)

# Only failed attempts count (a successful sign-in redirects).
_FAILED = {"methods": ["POST"], "deduct_when": lambda response: response.status_code != 302}


def _account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()[:254]


login_manager.user_loader(api_auth.load_from_session)
login_manager.request_loader(api_auth.load_from_request)


login_manager.login_view = "auth.login"
login_manager.login_message = None


@bp.before_app_request
def require_login():
    """Every page but the public ones sends an anonymous visitor to the login page."""
    if current_user.is_authenticated or request.endpoint in _PUBLIC_ENDPOINTS:
        return None
    if api_auth.is_api_request():
        return unauthorized()
    return login_manager.unauthorized()


_PUBLIC_ENDPOINTS = {
    "auth.login",
    "static",
    "bootstrap.static",
    "users.language",
    "home.favicon",
    "api-docs.openapi_json",
    "api_docs.page",
    "api_docs.asset",
    "calendar.feed",  # calendar apps cannot sign in: the secret token in its URL is the key
}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", **_FAILED)
@limiter.limit("5 per 15 minutes", key_func=_account_key, **_FAILED)
def login():
    form = LoginForm(next=request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(safe_next(form.next.data, url_for("home.index")))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            sessions.open_session(user)
            db.session.commit()
            login_user(user)
            return redirect(safe_next(form.next.data, url_for("home.index")))
        db.session.rollback()
        flash(_("Wrong email or password."), "danger")
    status = 401 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    sessions.close_session(current_user)
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
