"""``crm.config.load_settings``: defaults, the generated secret key, and one-line errors
that name the variable."""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest

from crm.app import create_app
from crm.config import ConfigError, Settings, load_settings
from crm.extensions import db

CRM_VARIABLES = (
    "CRM_DATA_DIR",
    "CRM_DATABASE_URL",
    "CRM_SECRET_KEY",
    "CRM_BROKER_URL",
    "CRM_SMTP_HOST",
    "CRM_SMTP_PORT",
    "CRM_SMTP_USER",
    "CRM_SMTP_PASSWORD",
    "CRM_SMTP_STARTTLS",
    "CRM_MAIL_FROM",
    "CRM_BASE_URL",
    "CRM_TIMEZONE",
    "CRM_MAX_UPLOAD_MB",
    "CRM_RATELIMIT_STORAGE_URL",
    "CRM_PROXY_HOPS",
)


@pytest.fixture
def env(tmp_path) -> dict:
    """The smallest environment: only a data folder of our own."""
    return {"CRM_DATA_DIR": str(tmp_path / "data")}


def _error(env: dict) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    return str(caught.value)


# --- defaults -------------------------------------------------------------------------


def test_defaults(env, tmp_path):
    settings = load_settings(env)

    data_dir = (tmp_path / "data").resolve()
    assert settings.data_dir == data_dir
    assert data_dir.is_dir()
    assert settings.database_url == f"sqlite:///{data_dir / 'crm.sqlite3'}"
    assert settings.broker_url == "filesystem://"
    assert settings.mail_from == "passerelle@localhost"
    assert settings.base_url == "http://127.0.0.1:5000"
    assert settings.timezone == "America/Toronto"
    assert settings.smtp_host is None
    assert settings.smtp_port == 25
    assert settings.smtp_user is None
    assert settings.smtp_password is None
    assert settings.smtp_starttls is False
    assert settings.max_upload_mb == 20
    assert settings.ratelimit_storage_url == "memory://"
    assert settings.mail_dir == data_dir / "mail"
    assert settings.documents_dir == data_dir / "documents"


def test_data_dir_defaults_to_instance_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    settings = load_settings({})

    assert settings.data_dir == (tmp_path / "instance").resolve()
    assert settings.data_dir.is_absolute()
    assert settings.data_dir.is_dir()
    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / 'instance' / 'crm.sqlite3'}"
    assert (settings.data_dir / "secret_key").is_file()


def test_relative_data_dir_is_resolved_and_created_with_its_parents(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    settings = load_settings({"CRM_DATA_DIR": "a/b/../c"})

    assert settings.data_dir == (tmp_path / "a" / "c").resolve()
    assert settings.data_dir.is_dir()


def test_data_dir_expands_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))

    settings = load_settings({"CRM_DATA_DIR": "~/passerelle"})

    assert settings.data_dir == (tmp_path / "passerelle").resolve()


def test_without_an_env_the_process_environment_is_read(tmp_path, monkeypatch):
    for name in CRM_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CRM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CRM_MAIL_FROM", "crm@cegep.example")
    monkeypatch.setenv("CRM_TIMEZONE", "America/Montreal")

    settings = load_settings()

    assert settings.data_dir == tmp_path.resolve()
    assert settings.mail_from == "crm@cegep.example"
    assert settings.timezone == "America/Montreal"


def test_an_explicit_env_ignores_the_process_environment(env, monkeypatch):
    monkeypatch.setenv("CRM_MAIL_FROM", "from-the-process@example.org")
    monkeypatch.setenv("CRM_TIMEZONE", "Not/A_Zone")

    settings = load_settings(env)

    assert settings.mail_from == "passerelle@localhost"
    assert settings.timezone == "America/Toronto"


@pytest.mark.parametrize(
    ("name", "attribute", "default"),
    [
        ("CRM_DATABASE_URL", "database_url", None),
        ("CRM_BROKER_URL", "broker_url", "filesystem://"),
        ("CRM_SMTP_HOST", "smtp_host", None),
        ("CRM_SMTP_PORT", "smtp_port", 25),
        ("CRM_SMTP_STARTTLS", "smtp_starttls", False),
        ("CRM_MAIL_FROM", "mail_from", "passerelle@localhost"),
        ("CRM_BASE_URL", "base_url", "http://127.0.0.1:5000"),
        ("CRM_TIMEZONE", "timezone", "America/Toronto"),
        ("CRM_MAX_UPLOAD_MB", "max_upload_mb", 20),
    ],
)
def test_an_empty_variable_means_the_default(env, name, attribute, default):
    settings = load_settings({**env, name: ""})

    if default is None and attribute == "database_url":
        default = f"sqlite:///{settings.data_dir / 'crm.sqlite3'}"
    assert getattr(settings, attribute) == default


def test_every_value_is_read(env):
    settings = load_settings(
        {
            **env,
            "CRM_DATABASE_URL": "sqlite:////srv/crm/db.sqlite3",
            "CRM_SECRET_KEY": "k" * 40,
            "CRM_BROKER_URL": "redis://localhost:6379/0",
            "CRM_SMTP_HOST": "smtp.cegep.example",
            "CRM_SMTP_PORT": " 587 ",
            "CRM_SMTP_USER": "crm",
            "CRM_SMTP_PASSWORD": "s3cret",
            "CRM_SMTP_STARTTLS": "yes",
            "CRM_MAIL_FROM": "crm@cegep.example",
            "CRM_BASE_URL": "https://crm.cegep.example/",
            "CRM_TIMEZONE": "America/Montreal",
            "CRM_MAX_UPLOAD_MB": "50",
            "CRM_RATELIMIT_STORAGE_URL": "redis://localhost:6379/1",
        }
    )

    assert settings.database_url == "sqlite:////srv/crm/db.sqlite3"
    assert settings.secret_key == "k" * 40
    assert settings.broker_url == "redis://localhost:6379/0"
    assert settings.smtp_host == "smtp.cegep.example"
    assert settings.smtp_port == 587
    assert settings.smtp_user == "crm"
    assert settings.smtp_password == "s3cret"
    assert settings.smtp_starttls is True
    assert settings.mail_from == "crm@cegep.example"
    assert settings.base_url == "https://crm.cegep.example"  # trailing slash dropped
    assert settings.timezone == "America/Montreal"
    assert settings.max_upload_mb == 50
    assert settings.ratelimit_storage_url == "redis://localhost:6379/1"


# --- the secret key -------------------------------------------------------------------


def test_secret_key_is_generated_once_into_the_data_dir_with_mode_0600(env, tmp_path):
    first = load_settings(env)

    key_file = tmp_path / "data" / "secret_key"
    assert key_file.is_file()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text().strip() == first.secret_key
    assert len(first.secret_key) >= 32

    second = load_settings(env)

    assert second.secret_key == first.secret_key
    assert key_file.read_text().strip() == first.secret_key


def test_each_data_dir_gets_its_own_secret_key(tmp_path):
    one = load_settings({"CRM_DATA_DIR": str(tmp_path / "one")})
    two = load_settings({"CRM_DATA_DIR": str(tmp_path / "two")})

    assert one.secret_key != two.secret_key


def test_an_existing_key_file_is_used_as_is(env, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "secret_key").write_text("  the-key-we-already-had \n")

    assert load_settings(env).secret_key == "the-key-we-already-had"


def test_crm_secret_key_wins_and_writes_no_file(env, tmp_path):
    settings = load_settings({**env, "CRM_SECRET_KEY": "from-the-environment"})

    assert settings.secret_key == "from-the-environment"
    assert not (tmp_path / "data" / "secret_key").exists()


def test_crm_secret_key_wins_over_an_existing_key_file(env, tmp_path):
    generated = load_settings(env).secret_key

    settings = load_settings({**env, "CRM_SECRET_KEY": "from-the-environment"})

    assert settings.secret_key == "from-the-environment"
    assert (tmp_path / "data" / "secret_key").read_text().strip() == generated


def test_an_empty_key_file_is_refused(env, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "secret_key").write_text("\n")

    message = _error(env)

    assert message.startswith("CRM_SECRET_KEY:")
    assert "\n" not in message


def test_a_data_dir_that_cannot_be_created_is_refused(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    message = _error({"CRM_DATA_DIR": str(blocker / "data")})

    assert message.startswith("CRM_DATA_DIR:")
    assert "\n" not in message


# --- wrong values: one line naming the variable -----------------------------------------

BAD_VALUES = [
    ("CRM_DATABASE_URL", "not a url"),
    ("CRM_DATABASE_URL", "nosuchdb://user@host/crm"),
    ("CRM_DATABASE_URL", "postgresql://user@host:notaport/crm"),
    ("CRM_DATABASE_URL", "mysql://user@host/crm"),
    ("CRM_DATABASE_URL", "mysql://user@host/crm\nsecond line"),
    ("CRM_TIMEZONE", "Mars/Olympus_Mons"),
    ("CRM_TIMEZONE", "America"),
    ("CRM_TIMEZONE", "../../etc/passwd"),
    ("CRM_TIMEZONE", "Europe/Paris\nAmerica/Toronto"),
    ("CRM_BASE_URL", "ftp://crm.example.org"),
    ("CRM_BASE_URL", "crm.example.org"),
    ("CRM_BASE_URL", "https://"),
    ("CRM_BASE_URL", "javascript:alert(1)\n"),
    ("CRM_SMTP_PORT", "smtp"),
    ("CRM_SMTP_PORT", "25.0"),
    ("CRM_SMTP_PORT", "2\n5"),
    ("CRM_SMTP_PORT", "0"),
    ("CRM_SMTP_PORT", "65536"),
    ("CRM_SMTP_PORT", "-25"),
    ("CRM_SMTP_STARTTLS", "maybe"),
    ("CRM_SMTP_STARTTLS", "2"),
    ("CRM_SMTP_STARTTLS", "yes\nno"),
    ("CRM_BROKER_URL", "kafka://broker:9092"),
    ("CRM_BROKER_URL", "localhost:6379"),
    ("CRM_BROKER_URL", "sqs://queue\n"),
    ("CRM_MAX_UPLOAD_MB", "0"),
    ("CRM_MAX_UPLOAD_MB", "lots"),
    ("CRM_PROXY_HOPS", "-1"),
    ("CRM_PROXY_HOPS", "6"),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_a_wrong_value_raises_one_line_naming_the_variable(env, name, value):
    message = _error({**env, name: value})

    assert message.startswith(f"{name}: ")
    assert "\n" not in message and "\r" not in message
    assert len(message) < 300


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("CRM_DATABASE_URL", "mysql://user@host/crm", "unsupported database 'mysql'"),
        ("CRM_DATABASE_URL", "not a url", "'not a url'"),
        ("CRM_TIMEZONE", "Mars/Olympus_Mons", "'Mars/Olympus_Mons'"),
        ("CRM_BASE_URL", "ftp://crm.example.org", "'ftp://crm.example.org'"),
        ("CRM_SMTP_PORT", "smtp", "'smtp'"),
        ("CRM_SMTP_PORT", "65536", "65536"),
        ("CRM_SMTP_STARTTLS", "maybe", "'maybe'"),
        ("CRM_BROKER_URL", "kafka://broker:9092", "'kafka://broker:9092'"),
    ],
)
def test_the_message_shows_the_refused_value(env, name, value, expected):
    assert expected in _error({**env, name: value})


def test_the_broker_message_lists_the_supported_schemes(env):
    message = _error({**env, "CRM_BROKER_URL": "kafka://broker:9092"})

    for scheme in ("filesystem", "redis", "amqp"):
        assert scheme in message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        # urlsplit raises ValueError("Invalid IPv6 URL") on an unclosed bracket.
        ("CRM_BASE_URL", "http://[::1"),
        ("CRM_BROKER_URL", "redis://[::1"),
    ],
)
def test_a_malformed_address_is_a_config_error_too(env, name, value):
    message = _error({**env, name: value})

    assert message.startswith(f"{name}: ")


# --- accepted values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgresql://crm@db.example/crm", "postgresql+psycopg://crm@db.example/crm"),
        (
            "postgresql://crm:p%40ss%2Fword@db.example:5433/crm",
            "postgresql+psycopg://crm:p%40ss%2Fword@db.example:5433/crm",
        ),
        ("postgresql+psycopg://crm@db.example/crm", "postgresql+psycopg://crm@db.example/crm"),
        ("sqlite:////srv/crm/crm.sqlite3", "sqlite:////srv/crm/crm.sqlite3"),
    ],
)
def test_database_url_postgresql_uses_the_psycopg_driver(env, raw, expected):
    assert load_settings({**env, "CRM_DATABASE_URL": raw}).database_url == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        (" Yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("off", False),
    ],
)
def test_smtp_starttls_accepts_the_usual_booleans(env, raw, expected):
    assert load_settings({**env, "CRM_SMTP_STARTTLS": raw}).smtp_starttls is expected


@pytest.mark.parametrize("port", ["1", "465", "65535"])
def test_smtp_port_bounds_are_accepted(env, port):
    assert load_settings({**env, "CRM_SMTP_PORT": port}).smtp_port == int(port)


@pytest.mark.parametrize(
    "broker", ["filesystem://", "memory://", "redis://h:6379/0", "rediss://h/0", "amqp://g@h//"]
)
def test_supported_brokers_are_accepted(env, broker):
    assert load_settings({**env, "CRM_BROKER_URL": broker}).broker_url == broker


@pytest.mark.parametrize("zone", ["UTC", "America/Montreal", "Africa/Casablanca"])
def test_known_time_zones_are_accepted(env, zone):
    assert load_settings({**env, "CRM_TIMEZONE": zone}).timezone == zone


# --- the Flask configuration ----------------------------------------------------------------


def test_flask_config_over_http_keeps_cookies_usable_without_tls(env):
    settings = load_settings({**env, "CRM_SECRET_KEY": "s" * 32, "CRM_MAX_UPLOAD_MB": "3"})
    config = settings.flask_config()

    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["REMEMBER_COOKIE_SECURE"] is False
    assert config["PREFERRED_URL_SCHEME"] == "http"
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["SECRET_KEY"] == "s" * 32
    assert config["SQLALCHEMY_DATABASE_URI"] == settings.database_url
    assert config["MAX_CONTENT_LENGTH"] == 3 * 1024 * 1024
    assert config["BABEL_DEFAULT_TIMEZONE"] == "America/Toronto"
    assert config["BABEL_DEFAULT_LOCALE"] == "fr"
    assert config["CRM_SETTINGS"] is settings


def test_flask_config_over_https_makes_cookies_secure(env):
    config = load_settings({**env, "CRM_BASE_URL": "https://crm.cegep.example"}).flask_config()

    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True
    assert config["PREFERRED_URL_SCHEME"] == "https"


def test_an_uppercase_https_scheme_makes_cookies_secure_too(env):
    config = load_settings({**env, "CRM_BASE_URL": "HTTPS://crm.cegep.example"}).flask_config()

    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True


@contextmanager
def _app(env: dict):
    app = create_app({"RATELIMIT_ENABLED": False}, env=env)
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


def _session_cookie(app) -> str:
    response = app.test_client().get("/login")
    assert response.status_code == 200
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("passerelle_")]
    assert len(cookies) == 1, response.headers
    return cookies[0]


def test_the_app_sends_secure_session_cookies_behind_https(env):
    with _app({**env, "CRM_BASE_URL": "https://crm.cegep.example"}) as app:
        cookie = _session_cookie(app)

    assert cookie.startswith("passerelle_session=")
    assert "; Secure" in cookie
    assert "; HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_the_app_sends_plain_session_cookies_over_http(env):
    with _app(env) as app:
        assert isinstance(app.config["CRM_SETTINGS"], Settings)
        cookie = _session_cookie(app)

    assert "; HttpOnly" in cookie
    assert "Secure" not in cookie


def test_the_app_refuses_to_start_with_a_wrong_setting(env):
    with pytest.raises(ConfigError, match=r"^CRM_TIMEZONE: "):
        create_app(env={**env, "CRM_TIMEZONE": "Nowhere/Atall"})


def test_load_settings_does_not_touch_the_process_environment(env):
    before = dict(os.environ)

    load_settings({**env, "CRM_TIMEZONE": "UTC"})

    assert dict(os.environ) == before
    assert Path(env["CRM_DATA_DIR"]).is_dir()


def test_behind_a_proxy_the_clients_address_is_the_forwarded_one(env):
    """CRM_PROXY_HOPS=1: the sign-in limit counts each person's address, not the proxy's;
    without it, a forwarded address is not believed."""
    from flask import request

    from crm.app import create_app

    for hops, expected in (("1", "203.0.113.7"), ("0", "127.0.0.1")):
        app = create_app({"TESTING": True}, env={**env, "CRM_PROXY_HOPS": hops})
        seen = []

        @app.after_request
        def note(response, seen=seen):
            seen.append(request.remote_addr)
            return response

        with app.test_client() as client:
            client.get(
                "/login",
                headers={"X-Forwarded-For": "203.0.113.7"},
                environ_base={"REMOTE_ADDR": "127.0.0.1"},
            )
        assert seen == [expected], hops
