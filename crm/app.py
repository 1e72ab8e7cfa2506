"""The application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from crm import models  # noqa: F401  (every table known before the first query)
from crm.api.setup import init_api
from crm.config import load_settings
from crm.core import audit, converters, sqlite
from crm.core.i18n import select_locale, select_timezone
from crm.core.security import add_security_headers
from crm.core.templating import register_template_helpers
from crm.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate
from crm.history import capture as history_capture
from crm.search import index as search_index

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None, env: dict | None = None) -> Flask:
    """Build the app from the CRM_* environment (or ``env``), then ``test_config`` on top."""
    settings = load_settings(env)
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    app.config.from_mapping(settings.flask_config())
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(Path(__file__).parent / "translations")
    if test_config:
        app.config.update(test_config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    bootstrap.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        sqlite.configure(db.engine)
    audit.install()
    history_capture.install()
    search_index.install()

    converters.register(app)
    _register_blueprints(app)
    init_api(app)
    register_template_helpers(app)
    app.after_request(add_security_headers)
    if settings.proxy_hops:
        # Behind a reverse proxy: the client's address (sign-in throttling, logs), scheme
        # and host as the proxy saw them, trusting that many proxies and no more.
        n = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    return app


def _register_blueprints(app: Flask) -> None:
    from crm.agreements.views import bp as agreements_bp
    from crm.calendar.views import bp as calendar_bp
    from crm.compliance.views import bp as compliance_bp
    from crm.contacts.views import bp as contacts_bp
    from crm.core.error_pages import register_error_pages
    from crm.dashboard.views import bp as dashboard_bp
    from crm.duplicates.views import bp as duplicates_bp
    from crm.exchanges.views import bp as exchanges_bp
    from crm.followups.views import bp as followups_bp
    from crm.history.views import bp as history_bp
    from crm.home.views import bp as home_bp
    from crm.imports.views import bp as imports_bp
    from crm.institutions.views import bp as institutions_bp
    from crm.interactions.views import bp as interactions_bp
    from crm.missions.views import bp as missions_bp
    from crm.organizations.views import bp as organizations_bp
    from crm.privacy.views import bp as privacy_bp
    from crm.projects.views import bp as projects_bp
    from crm.reminders.admin_views import bp as reminders_admin_bp
    from crm.search.views import bp as search_bp
    from crm.users.admin_views import bp as users_admin_bp
    from crm.users.auth_views import bp as auth_bp
    from crm.users.views import bp as users_bp

    for blueprint in (
        auth_bp,
        home_bp,
        dashboard_bp,
        users_bp,
        users_admin_bp,
        institutions_bp,
        reminders_admin_bp,
        organizations_bp,
        contacts_bp,
        interactions_bp,
        missions_bp,
        agreements_bp,
        projects_bp,
        exchanges_bp,
        followups_bp,
        search_bp,
        calendar_bp,
        history_bp,
        imports_bp,
        duplicates_bp,
        privacy_bp,
        compliance_bp,
    ):
        app.register_blueprint(blueprint)
    register_error_pages(app)
