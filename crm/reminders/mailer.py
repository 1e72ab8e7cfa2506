"""Handing a message to the mail server (CRM_SMTP_HOST), or, without one, writing it as an
.eml file under the data folder. Raises TemporaryFailure or PermanentFailure."""

from __future__ import annotations

import os
import smtplib
import ssl
import tempfile
from email.message import EmailMessage

from flask import current_app


class TemporaryFailure(Exception):
    """The server is down or asks to come back later: try again."""


class PermanentFailure(Exception):
    """The server refused this message for good (e.g. no such mailbox)."""


def deliver(message: EmailMessage) -> None:
    settings = current_app.config["CRM_SETTINGS"]
    if settings.smtp_host:
        _smtp(message, settings)
    else:
        _write(message, settings.mail_dir)


def _smtp(message: EmailMessage, settings) -> None:
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as server:
            if settings.smtp_starttls:
                server.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                server.login(settings.smtp_user, settings.smtp_password or "")
            server.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        raise (PermanentFailure if all(c >= 500 for c in codes) else TemporaryFailure)(
            f"recipient refused: {error.recipients}"
        ) from None
    except smtplib.SMTPResponseException as error:
        failure = PermanentFailure if error.smtp_code >= 500 else TemporaryFailure
        raise failure(f"{error.smtp_code} {error.smtp_error!r}") from None
    except (smtplib.SMTPException, OSError) as error:
        raise TemporaryFailure(f"{type(error).__name__}: {error}") from None


def _write(message: EmailMessage, folder) -> None:
    """Write atomically (a reader never sees half a message), named by the Message-ID."""
    folder.mkdir(parents=True, exist_ok=True)
    name = message["Message-ID"].strip("<>").split("@")[0] + ".eml"
    with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".tmp", delete=False) as file:
        file.write(message.as_bytes())
    os.replace(file.name, folder / name)
