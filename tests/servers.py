"""Real servers for the production tests (from ``learn.testing``, which the bench shares):
gunicorn with the production settings on the fixture modules, a PostgreSQL server the test
may stop and start, and a learner's browser.
"""

import os
import re
from pathlib import Path

import requests
from conftest import FIXTURE_MODULES
from requests.adapters import HTTPAdapter

from learn.testing import servers
from learn.testing.loopback import free_port, wait_until
from learn.testing.servers import REPO, PostgresServer

__all__ = ["REPO", "Browser", "Gunicorn", "PostgresServer", "free_port", "own_port", "seed_learners", "wait_until"]
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def own_port() -> int:
    """A port for a server a test starts itself: just above the suite's PostgreSQL port, one per xdist worker."""
    from sqlalchemy.engine import make_url

    suite = os.environ.get("LEERPAD_TEST_DATABASE_URL")
    base = (make_url(suite).port or 5432) + 1 if suite else 54336
    return base + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0) % 2


class Gunicorn(servers.Gunicorn):
    """gunicorn as production runs it, on the fixture modules and the given database."""

    def __init__(self, database_url: str, log_dir: Path, workers: int = 2, **env):
        test_env = {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "production-test-secret-" + "x" * 20,
            "LEERPAD_MODULES": str(FIXTURE_MODULES),
            **env,
        }
        super().__init__(test_env, log_dir / "gunicorn.log", workers=workers)
        self.log = log_dir / f"gunicorn-{self.port}.log"


class _FromAddress(HTTPAdapter):
    """Connections from this loopback address (all of 127.0.0.0/8 is this machine's)."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs, source_address=(self.address, 0))


class Browser:
    """One learner: a session with cookies, a CSRF token, an address of its own.

    Straight to gunicorn the address is an X-Forwarded-For header (gunicorn trusts one proxy);
    behind nginx (``connect_from``) the connection really comes from it, as nginx overwrites the header.
    """

    def __init__(self, server_url: str, address: str, connect_from: bool = False):
        self.base = server_url
        self.session = requests.Session()
        if connect_from:
            self.session.mount("http://", _FromAddress(address))
        else:
            self.session.headers["X-Forwarded-For"] = address
        self.token = None

    def _loopback_cookies(self, response: requests.Response) -> requests.Response:
        """Production cookies are Secure (HTTPS ends at the proxy); on loopback HTTP we send them anyway."""
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self._loopback_cookies(
            self.session.get(self.base + path, allow_redirects=False, timeout=kwargs.pop("timeout", 30), **kwargs)
        )

    def post(self, path: str, data, **kwargs) -> requests.Response:
        data = [("csrf_token", self.token), *(data.items() if isinstance(data, dict) else data)]
        return self._loopback_cookies(
            self.session.post(
                self.base + path, data=data, allow_redirects=False, timeout=kwargs.pop("timeout", 30), **kwargs
            )
        )

    def open_form(self, path: str) -> requests.Response:
        """GET a page with a form: its CSRF token goes with the posts from here on."""
        page = self.get(path)
        self.token = CSRF.search(page.text).group(1)
        return page

    def log_in(self, email: str, password: str) -> None:
        self.open_form("/inloggen")
        response = self.post("/inloggen", {"email": email, "password": password})
        assert response.status_code == 302, response.text[:500]
        # The session changed at login: the token for the forms from here on comes from a page of the new session.
        self.token = CSRF.search(self.get("/profiel").text).group(1)


def seed_learners(count: int, module_id: str = "kennismaking", password: str = "correct horse battery") -> list:
    """``count`` learners enrolled in the module (in the current app context); one password hash for all."""
    from learn.auth.models import User
    from learn.content.library import get_library
    from learn.extensions import db
    from learn.player import records

    module = get_library().get(module_id)
    template = User(email="x", name="x")
    template.set_password(password)
    users = [
        User(
            email=f"cursist{n:04d}@example.nl",
            name=f"Cursist {n}",
            role="learner",
            password_hash=template.password_hash,
        )
        for n in range(count)
    ]
    db.session.add_all(users)
    db.session.flush()
    for user in users:
        records.enrol(user, module)
    db.session.commit()
    return [(user.id, user.email) for user in users]
