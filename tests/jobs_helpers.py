"""The two queues of learn.jobs side by side (the database one, and RQ on a real Redis server),
and a real SMTP server for the mail job."""

import asyncio
import os
import uuid
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from conftest import make_app

from learn.extensions import db
from learn.testing.loopback import free_port
from learn.testing.servers import RedisServer

QUEUES = ("database", "redis")


@pytest.fixture(scope="session")
def redis_url():
    """The suite's Redis (``LEERPAD_TEST_REDIS_URL``, as scripts/test starts it), or one of our own."""
    if url := os.environ.get("LEERPAD_TEST_REDIS_URL"):
        yield url
        return
    server = RedisServer().start()
    yield server.url
    server.stop()


@pytest.fixture(params=QUEUES)
def queued_app(request, database_url):
    """An app whose jobs wait in the queue until the test runs them, on each queue in turn."""
    config = {"JOBS_EAGER": False, "JOBS_BACKOFF_SECONDS": 30}
    if request.param == "redis":
        # A queue of its own per test: the pytest workers share one Redis.
        config.update(REDIS_URL=request.getfixturevalue("redis_url"), JOBS_QUEUE=f"test-{uuid.uuid4().hex}")
    app = make_app(database_url, **config)
    with app.app_context():
        yield app
        db.session.remove()
        from conftest import empty_all_tables

        empty_all_tables()
        db.engine.dispose()


class MailServer:
    """A real SMTP server (aiosmtpd) on loopback that keeps the mails it accepted (answered 250 to).

    ``answer`` is its reply to a mail; with ``hold_first`` it takes in the first mail and never
    answers, so the sender is stuck in the middle of delivering it.
    """

    def __init__(self, answer: str = "250 OK", hold_first: bool = False):
        from aiosmtpd.controller import Controller

        self.answer, self.hold_first = answer, hold_first
        self.received = 0
        self.accepted: list[EmailMessage] = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        if self.hold_first and self.received == 1:
            await asyncio.Event().wait()  # no answer, ever: the mail is not accepted
        if self.answer.startswith("250"):
            self.accepted.append(message_from_bytes(envelope.content, policy=policy.default))
        return self.answer

    def __enter__(self) -> "MailServer":
        self.controller.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.controller.stop()
