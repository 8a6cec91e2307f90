"""Real servers on loopback: gunicorn with the production settings, a job worker, nginx, PostgreSQL and Redis.

Each is started and stopped by whoever needs it (a test, the bench); every wait is bounded.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from .loopback import free_port, wait_until

REPO = Path(__file__).resolve().parent.parent.parent


class _Stoppable:
    """A server process that stops on SIGTERM, or is killed when it has not within 30 s."""

    process: subprocess.Popen | None

    def kill(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


class Gunicorn(_Stoppable):
    """``gunicorn -c gunicorn.conf.py wsgi:app`` as ``learn serve --production`` runs it, on a free port."""

    def __init__(self, env: dict, log: Path, workers: int = 2, app: str = "wsgi:app", extra: tuple = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app, self.log, self.extra = app, log, list(extra)
        self.env = {
            **os.environ,
            "LEERPAD_BASE_URL": self.url,
            "LEERPAD_WORKERS": str(workers),
            "LEERPAD_TRUSTED_PROXIES": "1",  # load generators and test browsers send their own X-Forwarded-For
            "LEERPAD_ALLOW_LOG_MAIL": "1",  # no mail server on loopback: mails go to the log (their text left out)
            **env,
        }
        if "LEERPAD_REDIS_URL" not in self.env:  # rate limits of this server's own, not of the checkout's instance/
            self.env.setdefault(
                "RATELIMIT_STORAGE_URI", f"leerpad-sqlite://{log.parent}/rate-limits-{self.port}.sqlite3"
            )
        self.process = None

    def start(self, timeout: float = 90, ready_path: str = "/healthz") -> "Gunicorn":
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
            *self.extra,
            self.app,
        ]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + ready_path, timeout=2) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_until(ready, timeout, f"gunicorn did not answer on {self.url}")
        wait_until(
            lambda: len(self.worker_pids()) >= int(self.env["LEERPAD_WORKERS"]), timeout, "gunicorn booting its workers"
        )
        return self

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def pids(self) -> list[int]:
        return [self.process.pid, *self.worker_pids()]

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: a crash, nothing gets to clean up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, their children …), from /proc."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


class JobWorker(_Stoppable):
    """``learn worker`` in a process of its own, as the systemd unit runs it, which a caller may SIGKILL."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log = {**os.environ, **env}, log
        self.process = None

    def start(self, timeout: float = 60) -> "JobWorker":
        learn = Path(sys.executable).parent / "learn"
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(learn), "worker"],
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def working() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"learn worker exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}"
                )
            return "working on the" in self.log.read_text()

        wait_until(working, timeout, "learn worker did not start")
        return self

    def kill(self) -> None:
        """SIGKILL to the worker and everything it started (RQ's work horse has a process group of its own)."""
        for pid in [self.process.pid, *descendants(self.process.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)


class Nginx:
    """Debian's nginx with a site configuration (``upstream`` and ``server`` blocks), on a free loopback port.

    ``site`` is the text of a file such as deploy/nginx/leerpad.conf, already pointed at the caller's
    servers and port; the rest of nginx.conf (pid, logs, temporary files) goes into a folder of its own.
    """

    def __init__(self, site: str, port: int):
        self.program = shutil.which("nginx") or "/usr/sbin/nginx"
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.dir = Path(tempfile.mkdtemp(prefix="leerpad-nginx-"))
        temp = "\n".join(
            f"    {kind}_temp_path {self.dir / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = "user root root;\n" if os.geteuid() == 0 else ""  # its workers read the static files the caller can
        (self.dir / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {self.dir / 'nginx.pid'};\nerror_log {self.dir / 'error.log'} warn;\n"
            f"events {{ worker_connections 1024; }}\n"
            f"http {{\n    include /etc/nginx/mime.types;\n    access_log {self.dir / 'access.log'};\n{temp}\n{site}\n}}\n"
        )
        self.process = None

    @classmethod
    def deployed(cls, upstreams: list[str]) -> "Nginx":
        """deploy/nginx/leerpad.conf as shipped, pointed at these app servers (``host:port``), this
        checkout's static files and a free loopback port: only the lines an operator adapts change."""
        site = (REPO / "deploy" / "nginx" / "leerpad.conf").read_text()
        port = free_port()
        shipped = re.findall(r"^    server 127\.0\.0\.1:\d+ (.*);$", site, flags=re.MULTILINE)
        changes = [
            (
                re.compile(r"(?:^    server 127\.0\.0\.1:\d+ .*;\n)+", re.MULTILINE),
                "".join(f"    server {upstream} {shipped[0]};\n" for upstream in upstreams),
            ),
            (re.compile(r"^    listen 80;$", re.MULTILINE), f"    listen 127.0.0.1:{port};"),
            (re.compile(r"/srv/leerpad/"), f"{REPO}/"),
        ]
        for pattern, replacement in changes:
            site, count = pattern.subn(replacement, site)
            if count != 1:
                raise ValueError(f"deploy/nginx/leerpad.conf no longer has one {pattern.pattern!r} to adapt")
        return cls(site, port)

    def _command(self, *args: str) -> list[str]:
        return [self.program, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"), *args]

    def start(self) -> "Nginx":
        checked = subprocess.run(self._command("-t"), capture_output=True, text=True, timeout=30)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t refused the configuration:\n{checked.stderr}")
        self.process = subprocess.Popen(
            self._command("-g", "daemon off;"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def answers() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited:\n{(self.dir / 'error.log').read_text()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return True
            except OSError:
                return False

        wait_until(answers, 30, f"nginx on port {self.port}")
        return self

    @property
    def error_log(self) -> str:
        return (self.dir / "error.log").read_text()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)


def postgres_bin() -> Path:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")])
    if not bins:
        raise FileNotFoundError("no PostgreSQL server installed (scripts/setup --test installs one)")
    return bins[-1]


class PostgresServer:
    """A PostgreSQL server of the caller's own, which it may stop and start again.

    ``durable`` keeps fsync on, as production runs it (the bench); tests turn it off for speed.
    """

    def __init__(self, port: int, durable: bool = False, max_connections: int = 100):
        self.bin = postgres_bin()
        self.port = port
        self.settings = f"-c max_connections={max_connections}" + (
            " -c shared_buffers=128MB" if durable else " -c fsync=off"
        )
        self.dir = Path(tempfile.mkdtemp(prefix="leerpad-pg-"))
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
    def version(self) -> str:
        return self.bin.parent.name

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://leerpad@127.0.0.1:{self.port}/leerpad"

    def start(self) -> None:
        data, log = str(self.dir / "data"), str(self.dir / "log")
        options = f"-h 127.0.0.1 -p {self.port} -k {self.dir} {self.settings}"
        self._run("pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start")

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


class RedisServer:
    """A Redis (or Valkey) server of the caller's own on a free loopback port, nothing kept on disk."""

    def __init__(self, port: int | None = None):
        program = shutil.which("valkey-server") or shutil.which("redis-server")
        if program is None:
            raise FileNotFoundError("no Redis or Valkey server installed (scripts/setup --test installs one)")
        self.program, self.port = program, port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="leerpad-redis-"))
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        command = [self.program, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        with open(self.dir / "log", "ab") as log:
            self.process = subprocess.Popen(command, cwd=self.dir, stdout=log, stderr=subprocess.STDOUT)

        def answers() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                    connection.sendall(b"PING\r\n")
                    return connection.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_until(answers, 30, f"redis on port {self.port}")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)
