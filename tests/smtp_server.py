"""A real SMTP server for the tests (aiosmtpd, on a free local port): the CRM's mail goes out
through Django's SMTP backend and the tests read what arrived.

    def test_x(smtp_server): ...  # see tests/workspace/test_account_password.py
"""

from __future__ import annotations

import email
import email.policy
import re
import socket
import time
from email.message import EmailMessage

import pytest


class Inbox:
    def __init__(self):
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = 10) -> list[EmailMessage]:
        """The messages, once `count` have arrived (the server runs in its own thread)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"{len(self.messages)} messages, expected {count}"
        return self.messages

    @staticmethod
    def body(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def link(self, message: EmailMessage, pattern: str = r"https?://\S+") -> str:
        found = re.search(pattern, self.body(message))
        assert found, self.body(message)
        return found.group(0)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """Starts the server, points Django's SMTP backend at it, yields its Inbox."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield inbox
    finally:
        controller.stop()
