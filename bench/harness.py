"""The servers a benchmark runs against: a fresh database (SQLite file or a
PostgreSQL server of the bench's own) and gunicorn with the production settings.

Loopback only; every wait is bounded.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PG_PORT = int(os.environ.get("LEERPAD_BENCH_PGPORT", "54338"))
SECRET = "bench-secret-" + "b" * 32


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what} within {timeout} s")


class Postgres:
    """A throw-away PostgreSQL server on the bench's port, with production-like durability (fsync on)."""

    def __init__(self, port: int = PG_PORT):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: float(p.parent.name))
        if not bins:
            raise SystemExit("no PostgreSQL server installed: scripts/setup --test installs one")
        self.bin, self.port = bins[-1], port
        self.dir = Path(tempfile.mkdtemp(prefix="leerpad-bench-pg-"))
        self.runas = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            self.runas = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.runas, str(self.bin / args[0]), *args[1:]], check=True, capture_output=True, timeout=120)

    @property
    def version(self) -> str:
        return self.bin.parent.name

    def start(self) -> str:
        self._run(
            "initdb", "-D", str(self.dir / "data"), "-U", "leerpad", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )
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
            f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c max_connections=100 -c shared_buffers=128MB",
            "start",
        )
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "leerpad", "leerpad")
        return f"postgresql+psycopg://leerpad@127.0.0.1:{self.port}/leerpad"

    def remove(self) -> None:
        subprocess.run(
            [*self.runas, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


class Gunicorn:
    """gunicorn -c gunicorn.conf.py, as ``learn serve --production`` runs it."""

    def __init__(self, app: str, env: dict, log: Path, workers: int = 2, extra: tuple = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app, self.log, self.extra = app, log, list(extra)
        self.env = {
            **os.environ,
            "SECRET_KEY": SECRET,
            "LEERPAD_WORKERS": str(workers),
            "LEERPAD_TRUSTED_PROXIES": "1",
            **env,
        }
        self.process = None

    def start(self, ready_path: str = "/healthz") -> "Gunicorn":
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

        def ready():
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + ready_path, timeout=2) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_until(ready, 90, f"gunicorn on {self.url}")
        wait_until(lambda: len(self.worker_pids()) >= int(self.env["LEERPAD_WORKERS"]), 60, "gunicorn workers")
        return self

    def worker_pids(self) -> list[int]:
        try:
            return [
                int(p) for p in Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
            ]
        except OSError:
            return []

    def pids(self) -> list[int]:
        return [self.process.pid, *self.worker_pids()]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
