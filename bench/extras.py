"""Benchmarks of features built on other branches: the trainers' dashboard with
100,000 evaluation responses, certificate PDFs (one and 1,000) and SCORM export
per module. Each hook gets the bench's app (its fresh, seeded database) and a
scratch folder, and returns its figures, or says why it did not run. Wire a hook
by filling in its body once the feature is on main; ``run_all`` runs every hook.
"""

import importlib.util
import subprocess
import sys
import time
from pathlib import Path

TARGETS = {
    "dashboard_100k_responses": "300 ms",
    "certificate_pdf": "300 ms per certificate",
    "scorm_export": "1 s per package",
}


def _missing(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is None
    except ModuleNotFoundError:
        return True


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - started, value


def _script(name: str, *args: str) -> dict:
    """Run one of the feature benchmarks beside this file; its printed table is the report."""
    script = Path(__file__).with_name(name)
    done = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, timeout=3600, cwd=script.parent.parent
    )
    if done.returncode != 0:
        return {"status": f"failed: {done.stderr.strip().splitlines()[-1:]}"}
    return {"status": "ok", "report": [line for line in done.stdout.splitlines() if line.strip()]}


def dashboard_100k_responses(
    app, scratch: Path, responses: int = 100_000, database_url: str | None = None, **_
) -> dict:
    """Seed 100,000 evaluation responses, then time the trainers' dashboard (target 300 ms):
    bench/evaluation_dashboard.py, on SQLite of its own or on an empty PostgreSQL database."""
    if _missing("learn.evaluation.seed") or not Path(__file__).with_name("evaluation_dashboard.py").exists():
        return {"status": "the evaluation dashboard is not on this branch yet"}
    if responses <= 0:
        return {"status": "skipped (--responses 0)"}
    extra = ("--database-url", database_url) if database_url else ()
    return _script("evaluation_dashboard.py", "--responses", str(responses), *extra)


def certificate_pdf(app, scratch: Path, count: int = 1000, **_) -> dict:
    """One certificate PDF and ``count`` in a row (target 300 ms per certificate): bench/certificates.py."""
    if _missing("learn.certificates") or not Path(__file__).with_name("certificates.py").exists():
        return {"status": "learn.certificates is not on this branch yet"}
    if count <= 0:
        return {"status": "skipped (--certificates 0)"}
    return _script("certificates.py", "--count", str(count))


def scorm_export(app, scratch: Path, **_) -> dict:
    """SCORM 1.2 and 2004 packages per module (target 1 s per package): bench/scorm_export.py."""
    if _missing("scorm_export") or not Path(__file__).with_name("scorm_export.py").exists():
        return {"status": "scorm_export is not on this branch yet"}
    return _script("scorm_export.py")


HOOKS = ()  # per database: each feature benchmark below brings its own database (the dashboard runs on both)
ONCE = (dashboard_100k_responses, certificate_pdf, scorm_export)


def run_all(app, scratch: Path, hooks=HOOKS, **options) -> dict:
    figures = {}
    for hook in hooks:
        try:
            figures[hook.__name__] = {"target": TARGETS[hook.__name__], **hook(app, scratch, **options)}
            print(f"  {hook.__name__}: {figures[hook.__name__]['status']}", flush=True)
        except Exception as error:  # a broken hook must not lose the other figures
            figures[hook.__name__] = {"status": f"failed: {error.__class__.__name__}: {error}"}
    return figures
