"""Fixtures: a migrated database (SQLite, or PostgreSQL when CRM_TEST_DATABASE_URL is set),
emptied after every test; an app, clients signed in with each role, and the CLI runner."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from crm.app import create_app
from crm.extensions import db
from crm.search.schema import sqlite_index
from crm.users import passwords
from tests import factories

_TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)


def pytest_report_header(config) -> str:
    url = os.environ.get("CRM_TEST_DATABASE_URL")
    return f"database: {url.split('@')[-1] if url else 'SQLite (temporary file)'}"


def _database_url(tmp: Path, worker: str) -> str:
    """SQLite in the session's folder, or CRM_TEST_DATABASE_URL; each pytest-xdist worker
    gets a PostgreSQL database of its own beside that one (``<name>_gw0``…)."""
    url = os.environ.get("CRM_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp / 'test.sqlite3'}"
    if worker == "master":
        return url
    base = make_url(url)
    return base.set(database=f"{base.database}_{worker}").render_as_string(hide_password=False)


def _on_server(url: str, statement: str) -> None:
    """Run CREATE or DROP DATABASE from the run's own database (CRM_TEST_DATABASE_URL)."""
    engine = sa.create_engine(os.environ["CRM_TEST_DATABASE_URL"], isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(statement.format(name=make_url(url).database))
    engine.dispose()


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("crm-data")


@pytest.fixture(scope="session")
def test_env(data_dir, worker_id) -> dict:
    return {
        "CRM_DATA_DIR": str(data_dir),
        "CRM_DATABASE_URL": _database_url(data_dir, worker_id),
        "CRM_SECRET_KEY": "test-secret-key",
    }


@pytest.fixture(scope="session")
def _migrated(test_env, worker_id):
    url = test_env["CRM_DATABASE_URL"]
    own_database = url.startswith("postgresql") and worker_id != "master"
    if own_database:
        _on_server(url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _on_server(url, 'CREATE DATABASE "{name}"')
    app = create_app(env=test_env)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        upgrade()
        db.engine.dispose()
    yield
    if own_database:
        _on_server(url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def app(test_env, _migrated):
    app = create_app({"TESTING": True, "RATELIMIT_ENABLED": False}, env=test_env)
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()  # each test's app has its own pool: close it, leak nothing


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
            conn.execute(sqlite_index.delete())  # the FTS5 table, outside the models


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
            # A prefixed form's token left empty (None) by the test: the session's own.
            for name in [n for n, value in data.items() if value is None]:
                if name.endswith("-csrf_token"):
                    data[name] = data["csrf_token"]
        return self.raw.post(url, data=data, **kwargs)


@pytest.fixture
def institution(app):
    return factories.institution(code="CSI", name_fr="Cégep de Sept-Îles")


@pytest.fixture
def other_institution(app):
    return factories.institution(code="CTH", name_fr="Cégep de Thetford")


class Browser(FlaskClient):
    """A test client whose test lets go of the database before each request."""

    def open(self, *args, **kwargs):
        db.session.rollback()
        return super().open(*args, **kwargs)


def serve(test_env: dict, env: dict | None = None, **config):
    """A second instance of the app that answers the test clients' requests.

    The `app` fixture keeps one app context pushed for the whole test, and Flask would
    reuse it for every request: all clients would share `g` (the signed-in user, the CSRF
    token, the locale) and one database session. Requests go to this instance instead, so
    each has its own context and session, as in production.
    """
    served = create_app(
        {"TESTING": True, "RATELIMIT_ENABLED": False, **config}, env={**test_env, **(env or {})}
    )
    served.test_client_class = Browser
    return served


def close(served) -> None:
    with served.app_context():
        db.engine.dispose()


@pytest.fixture
def web(app, test_env):
    served = serve(test_env)
    yield served
    close(served)


@pytest.fixture
def client(web) -> Client:
    return Client(web.test_client())


@pytest.fixture
def sign_in(web):
    def sign_in(user) -> Client:
        browser = Client(web.test_client())
        response = browser.post("/login", {"email": user.email, "password": factories.PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return browser

    return sign_in


def snapshot() -> dict:
    """Every row of every table, as committed."""
    db.session.rollback()
    return {
        table.name: sorted(map(tuple, db.session.execute(table.select()).all()), key=repr)
        for table in db.metadata.sorted_tables
    }


FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def _fast_passwords(monkeypatch):
    """Argon2 at its production cost takes ~0.2 s a hash; tests use the cheapest one."""
    monkeypatch.setattr(passwords, "_hasher", FAST_HASHER)


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
    from waitress import wasyncore
    from waitress.server import create_server

    db.session.remove()  # the test's own session must not hold the database while it serves
    server = create_server(app, host="127.0.0.1", port=0, threads=8, ident="Passerelle")
    stop = threading.Event()

    def serve() -> None:
        # The loop and the closing happen in this one thread, so that no socket is closed
        # under the loop's feet.
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, map=server._map, count=1)
        server.task_dispatcher.shutdown()
        for channel in list(server._map.values()):
            channel.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    stop.set()
    thread.join(timeout=10)


class ApiClient:
    """Calls the API with a user's personal token, as a script would."""

    def __init__(self, flask_client, token: str | None):
        self.raw = flask_client
        self.token = token

    def request(self, method: str, url: str, json=None, headers=None, **kwargs):
        headers = dict(headers or {})
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return self.raw.open(url, method=method, json=json, headers=headers, **kwargs)

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, json=None, **kwargs):
        return self.request("POST", url, json=json, **kwargs)

    def patch(self, url, json=None, **kwargs):
        return self.request("PATCH", url, json=json, **kwargs)

    def delete(self, url, **kwargs):
        return self.request("DELETE", url, **kwargs)


@pytest.fixture
def api(web):
    """``api(user)``: an API client holding a new token of ``user``; ``api(None)``: none."""
    from crm.users.tokens import create_token

    def client(user) -> ApiClient:
        token = None
        if user is not None:
            _record, token = create_token(user, "tests")
            db.session.commit()
        return ApiClient(web.test_client(), token)

    return client
