"""Settings read from the ``CRM_*`` environment variables, validated at start-up.

A wrong value raises :class:`ConfigError` whose message is one line naming the variable;
the command line prints it and stops.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
BROKER_SCHEMES = {"filesystem", "redis", "rediss", "amqp", "amqps", "pyamqp", "memory"}


class ConfigError(Exception):
    """A setting that cannot be used; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    broker_url: str
    smtp_host: str | None
    smtp_port: int
    smtp_user: str | None
    smtp_password: str | None
    smtp_starttls: bool
    mail_from: str
    base_url: str
    timezone: str
    max_upload_mb: int
    ratelimit_storage_url: str
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host it trusts.
    proxy_hops: int
    reminder_scan_seconds: int
    reminder_send_seconds: int
    # Law 25: a student's personal data is anonymized this many years after their last
    # exchange ended (crm/privacy/retention.py).
    retention_exchange_years: int = 7

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"

    def flask_config(self) -> dict:
        """The Flask configuration these settings stand for."""
        secure = self.base_url.startswith("https://")
        return {
            "SECRET_KEY": self.secret_key,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": secure,
            "SESSION_COOKIE_NAME": "passerelle_session",
            "REMEMBER_COOKIE_HTTPONLY": True,
            "REMEMBER_COOKIE_SECURE": secure,
            "REMEMBER_COOKIE_SAMESITE": "Lax",
            "PREFERRED_URL_SCHEME": "https" if secure else "http",
            "MAX_CONTENT_LENGTH": self.max_upload_mb * 1024 * 1024,
            "BABEL_DEFAULT_LOCALE": "fr",
            "BABEL_DEFAULT_TIMEZONE": self.timezone,
            "RATELIMIT_STORAGE_URI": self.ratelimit_storage_url,
            "RATELIMIT_HEADERS_ENABLED": True,
            "BOOTSTRAP_SERVE_LOCAL": True,
            "CRM_SETTINGS": self,
        }


def _bool(env: dict, name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}: expected true or false, got {raw!r}")


def _int(env: dict, name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}: {value} is out of range ({low}–{high})")
    return value


def _database_url(env: dict, data_dir: Path) -> str:
    raw = env.get("CRM_DATABASE_URL") or f"sqlite:///{data_dir / 'crm.sqlite3'}"
    try:
        url = make_url(raw)
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ConfigError(
                f"CRM_DATABASE_URL: unsupported database {url.get_backend_name()!r}"
                " (use sqlite or postgresql)"
            )
        url.get_dialect().import_dbapi()
    except (ArgumentError, NoSuchModuleError, ValueError, ImportError) as exc:
        raise ConfigError(f"CRM_DATABASE_URL: cannot use {raw!r} ({exc})") from None
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        raw = url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return raw


def _broker_url(env: dict) -> str:
    raw = env.get("CRM_BROKER_URL")
    if not raw:
        return "filesystem://"
    try:
        scheme = urlsplit(raw).scheme
    except ValueError as exc:
        raise ConfigError(f"CRM_BROKER_URL: cannot parse {raw!r} ({exc})") from None
    if scheme not in BROKER_SCHEMES:
        raise ConfigError(
            f"CRM_BROKER_URL: unsupported broker {raw!r}"
            f" (use one of {', '.join(sorted(BROKER_SCHEMES))})"
        )
    return raw


def _base_url(env: dict) -> str:
    raw = env.get("CRM_BASE_URL") or "http://127.0.0.1:5000"
    try:
        parts = urlsplit(raw)
        hostname = parts.hostname
    except ValueError:
        hostname = None
    if not hostname or parts.scheme not in {"http", "https"}:
        raise ConfigError(f"CRM_BASE_URL: expected an http(s) address, got {raw!r}")
    return parts._replace(scheme=parts.scheme.lower()).geturl().rstrip("/")


def _timezone(env: dict) -> str:
    raw = env.get("CRM_TIMEZONE") or "America/Toronto"
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America", a folder
        raise ConfigError(f"CRM_TIMEZONE: unknown time zone {raw!r}") from None
    return raw


def _secret_key(env: dict, data_dir: Path) -> str:
    """The configured key, or one generated once into the data folder (mode 0600)."""
    if env.get("CRM_SECRET_KEY"):
        return env["CRM_SECRET_KEY"]
    path = data_dir / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text().strip()
        if not key:
            raise ConfigError(f"CRM_SECRET_KEY: the key file {path} is empty") from None
        return key
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


def load_settings(env: dict | None = None) -> Settings:
    """Read and check every setting; raise ConfigError on the first bad one."""
    env = dict(os.environ if env is None else env)
    data_dir = Path(env.get("CRM_DATA_DIR") or "instance").expanduser().resolve()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"CRM_DATA_DIR: cannot create {data_dir} ({exc.strerror})") from None
    smtp_host = env.get("CRM_SMTP_HOST") or None
    return Settings(
        data_dir=data_dir,
        database_url=_database_url(env, data_dir),
        secret_key=_secret_key(env, data_dir),
        broker_url=_broker_url(env),
        smtp_host=smtp_host,
        smtp_port=_int(env, "CRM_SMTP_PORT", 25, 1, 65535),
        smtp_user=env.get("CRM_SMTP_USER") or None,
        smtp_password=env.get("CRM_SMTP_PASSWORD") or None,
        smtp_starttls=_bool(env, "CRM_SMTP_STARTTLS", False),
        mail_from=env.get("CRM_MAIL_FROM") or "passerelle@localhost",
        base_url=_base_url(env),
        timezone=_timezone(env),
        max_upload_mb=_int(env, "CRM_MAX_UPLOAD_MB", 20, 1, 1024),
        ratelimit_storage_url=env.get("CRM_RATELIMIT_STORAGE_URL") or "memory://",
        proxy_hops=_int(env, "CRM_PROXY_HOPS", 0, 0, 5),
        # How often the scheduler evaluates the rules and sweeps the outbox: a quarter of an
        # hour and a minute; seconds, so that tests need not wait.
        reminder_scan_seconds=_int(env, "CRM_REMINDER_SCAN_SECONDS", 900, 1, 86400),
        reminder_send_seconds=_int(env, "CRM_REMINDER_SEND_SECONDS", 60, 1, 3600),
        retention_exchange_years=_int(env, "CRM_RETENTION_EXCHANGE_YEARS", 7, 1, 100),
    )
