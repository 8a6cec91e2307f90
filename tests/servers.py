"""Real servers for the production tests: gunicorn with the production settings,
a PostgreSQL server the test may stop and start, and a learner's browser.

Everything listens on 127.0.0.1 only, and every wait is bounded.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import requests
from conftest import FIXTURE_MODULES

from bench.harness import free_port, wait_until

REPO = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def own_port() -> int:
    """A port for a server a test starts itself: just above the suite's PostgreSQL port, one per xdist worker."""
    from sqlalchemy.engine import make_url

    suite = os.environ.get("LEERPAD_TEST_DATABASE_URL")
    base = (make_url(suite).port or 5432) + 1 if suite else 54336
    return base + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0) % 2


class Gunicorn:
    """``gunicorn -c gunicorn.conf.py wsgi:app`` as production runs it, on a free loopback port."""

    def __init__(self, database_url: str, log_dir: Path, workers: int = 2, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / f"gunicorn-{self.port}.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "production-test-secret-" + "x" * 20,
            "LEERPAD_MODULES": str(FIXTURE_MODULES),
            "LEERPAD_WORKERS": str(workers),
            "LEERPAD_TRUSTED_PROXIES": "1",  # the browsers below send their own X-Forwarded-For
            **env,
        }
        self.process = None

    def start(self, timeout: float = 60) -> "Gunicorn":
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(REPO / "gunicorn.conf.py"),
            "--pythonpath",
            str(REPO),
            "--bind",
            f"127.0.0.1:{self.port}",
            "wsgi:app",
        ]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_until(self._ready, timeout, f"gunicorn did not answer on {self.url}")
        wait_until(
            lambda: len(self.worker_pids()) >= int(self.env["LEERPAD_WORKERS"]),
            timeout,
            "gunicorn did not boot its workers",
        )
        return self

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}")
        try:
            return requests.get(f"{self.url}/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: a crash, nothing gets to clean up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


class PostgresServer:
    """A PostgreSQL server of the test's own, so the test may stop it and start it again."""

    def __init__(self, port: int):
        bins = sorted(
            Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")]
        )
        if not bins:
            raise FileNotFoundError("no PostgreSQL server installed (scripts/setup --test installs one)")
        self.bin = bins[-1]
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="leerpad-pg-prod-"))
        self.runas = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            self.runas = ["runuser", "-u", "postgres", "--"]
        self._run(
            "initdb", "-D", str(self.dir / "data"), "-U", "leerpad", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self.runas, str(self.bin / program), *args], check=True, capture_output=True, timeout=120)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://leerpad@127.0.0.1:{self.port}/leerpad"

    def start(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.dir / "data"),
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off -c max_connections=100",
            "start",
        )

    def create_database(self) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "leerpad", "leerpad")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", mode, "-w", "-t", "60", "stop")

    def remove(self) -> None:
        subprocess.run(
            [*self.runas, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


class Browser:
    """One learner: a session with cookies, a CSRF token, an address of its own."""

    def __init__(self, server_url: str, address: str):
        self.base = server_url
        self.session = requests.Session()
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

    def log_in(self, email: str, password: str) -> None:
        page = self.get("/inloggen")
        self.token = CSRF.search(page.text).group(1)
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
