"""A real SMTP server (aiosmtpd) on a free loopback port, and the app configured to use it."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope

from tests.conftest import close, serve


class Mailbox:
    """Keeps every message the server accepts; ``refuse`` makes it answer 550 instead."""

    def __init__(self):
        self.messages: list[Envelope] = []
        self.refuse: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse and address == self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def mailbox(smtp_port):
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture
def mailer_app(test_env, smtp_port):
    """The app as the worker runs it, sending to the test's SMTP port."""
    served = serve(
        test_env,
        {
            "CRM_SMTP_HOST": "127.0.0.1",
            "CRM_SMTP_PORT": str(smtp_port),
            "CRM_BASE_URL": "https://crm.example.org",
        },
    )
    yield served
    close(served)
