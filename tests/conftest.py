"""Fixtures: a migrated database (SQLite, or PostgreSQL when CRM_TEST_DATABASE_URL is set),
emptied after every test; an app, clients signed in with each role, and the CLI runner."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from flask import g
from flask_migrate import upgrade

from crm.app import create_app
from crm.extensions import db
from tests import factories

_TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)


def pytest_report_header(config) -> str:
    url = os.environ.get("CRM_TEST_DATABASE_URL")
    return f"database: {url.split('@')[-1] if url else 'SQLite (temporary file)'}"


def _database_url(tmp: Path) -> str:
    return os.environ.get("CRM_TEST_DATABASE_URL") or f"sqlite:///{tmp / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("crm-data")


@pytest.fixture(scope="session")
def test_env(data_dir) -> dict:
    return {
        "CRM_DATA_DIR": str(data_dir),
        "CRM_DATABASE_URL": _database_url(data_dir),
        "CRM_SECRET_KEY": "test-secret-key",
    }


@pytest.fixture(scope="session")
def _migrated(test_env) -> None:
    app = create_app(env=test_env)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        upgrade()
        db.engine.dispose()


@pytest.fixture
def app(test_env, _migrated):
    app = create_app({"TESTING": True, "RATELIMIT_ENABLED": False}, env=test_env)
    # Requests reuse the test's app context, and so its `g`: forget the signed-in user
    # cached there by the previous request, as a real server would.
    app.before_request_funcs.setdefault(None, []).insert(0, _forget_cached_user)
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()  # each test's app has its own pool: close it, leak nothing


def _forget_cached_user() -> None:
    g.pop("_login_user", None)


def _empty_tables() -> None:
    tables = db.metadata.sorted_tables
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        else:
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for table in reversed(tables):
                conn.execute(table.delete())


class Client:
    """A test client that sends the CSRF token a browser would."""

    def __init__(self, flask_client):
        self.raw = flask_client

    def csrf(self) -> str:
        page = self.raw.get("/login").get_data(as_text=True)
        if "csrf_token" not in page:
            page = self.raw.get("/profile").get_data(as_text=True)
        match = _TOKEN.search(page)
        assert match, "no CSRF token on the page"
        return match.group(1) or match.group(2)

    def get(self, *args, **kwargs):
        return self.raw.get(*args, **kwargs)

    def post(self, url, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf())
        return self.raw.post(url, data=data, **kwargs)


@pytest.fixture
def client(app) -> Client:
    return Client(app.test_client())


@pytest.fixture
def institution(app):
    return factories.institution(code="CSI", name_fr="Cégep de Sept-Îles")


@pytest.fixture
def other_institution(app):
    return factories.institution(code="CTH", name_fr="Cégep de Thetford")


def _signed_in(app, user) -> Client:
    client = Client(app.test_client())
    response = client.post("/login", {"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def sign_in(app):
    return lambda user: _signed_in(app, user)


@pytest.fixture
def admin(institution):
    return factories.user(role="admin", institution=institution)


@pytest.fixture
def director(institution):
    return factories.user(role="director", institution=institution)


@pytest.fixture
def staff(institution):
    return factories.user(role="staff", institution=institution)


@pytest.fixture
def viewer(institution):
    return factories.user(role="viewer", institution=institution)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def live_server(app):
    """The app served by waitress (as ``crm run`` does) on a free loopback port."""
    from waitress.server import create_server

    db.session.remove()  # the test's own session must not hold the database while it serves
    server = create_server(app, host="127.0.0.1", port=0, threads=8, ident="Passerelle")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)
