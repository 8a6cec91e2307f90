"""Configuration from environment variables, with zero-setup development defaults."""

import os
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "dev-only-not-secret"  # noqa: S105 (the development default production refuses)
DEVELOPMENT_URL = "http://127.0.0.1:5000"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(instance_path: str) -> dict:
    """Read every setting Leerpad knows from the environment.

    The defaults give a working development setup: SQLite in the instance folder,
    mail written to the log, the modules shipped in ``modules/``.
    """
    production = _bool("LEERPAD_PRODUCTION")
    return {
        "PRODUCTION": production,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEFAULT_SECRET),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{Path(instance_path) / 'leerpad.sqlite3'}"
        ),
        "DB_POOL_SIZE": int(os.environ.get("LEERPAD_DB_POOL_SIZE", "5")),
        "MODULES_PATH": os.environ.get("LEERPAD_MODULES", str(REPO_ROOT / "modules")),
        "EVALUATION_FORMS_PATH": os.environ.get("LEERPAD_EVALUATION_FORMS", str(REPO_ROOT / "modules" / "_evaluatie")),
        # Every absolute address Leerpad writes starts here (learn.urls). Production must set it;
        # development defaults to where `scripts/run` and `learn serve` listen.
        "BASE_URL": os.environ.get("LEERPAD_BASE_URL") or (None if production else DEVELOPMENT_URL),
        # Mail: "log" writes messages to the application log, "smtp" sends them.
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "log"),
        # Production refuses "log" (links that sign in would land in the log) unless this is set.
        "ALLOW_LOG_MAIL": _bool("LEERPAD_ALLOW_LOG_MAIL"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS"),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "Leerpad <noreply@leerpad.local>"),
        # Academy branding, shown in the platform, on certificates and in SCORM packages.
        "ACADEMY_NAME": os.environ.get("ACADEMY_NAME", "Leerpad Academie"),
        "ACADEMY_LOGO": os.environ.get("ACADEMY_LOGO", str(REPO_ROOT / "learn" / "static" / "logo.png")),
        "ACADEMY_PRIMARY_COLOR": os.environ.get("ACADEMY_PRIMARY_COLOR", "#1d4f91"),
        "ACADEMY_ACCENT_COLOR": os.environ.get("ACADEMY_ACCENT_COLOR", "#e07a10"),
        "ACADEMY_SIGNATORY": os.environ.get("ACADEMY_SIGNATORY", "Drs. A. de Vries, directeur"),
        "TARGET_GRADE": float(os.environ.get("LEERPAD_TARGET_GRADE", "8.6")),
        # Completions a module should reach per year: one default, per module "id=number,id=number".
        "PARTICIPANT_TARGET": int(os.environ.get("LEERPAD_PARTICIPANT_TARGET", "250")),
        "PARTICIPANT_TARGETS": os.environ.get("LEERPAD_PARTICIPANT_TARGETS", ""),
        "BABEL_DEFAULT_LOCALE": "nl",
        # Times are stored in UTC and shown in the academy's time zone.
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("LEERPAD_TIMEZONE", "Europe/Amsterdam"),
        "LANGUAGES": ("nl", "en"),
        # The shared Redis/Valkey of a setup with several app servers (learn.redis); none on one machine.
        "REDIS_URL": os.environ.get("LEERPAD_REDIS_URL") or None,
        # Jobs (learn.jobs, docs/operations.md): on Redis when REDIS_URL is set, else in the database,
        # where a thread in every app process runs them unless LEERPAD_JOBS_IN_APP=0 (`learn worker` then).
        "JOBS_IN_APP": _bool("LEERPAD_JOBS_IN_APP", True),
        "JOBS_LEASE_SECONDS": int(os.environ.get("LEERPAD_JOBS_LEASE", "30")),  # a dead worker's job waits this long
        "JOBS_BACKOFF_SECONDS": int(os.environ.get("LEERPAD_JOBS_BACKOFF", "30")),  # the first retry's wait, doubling
        "JOBS_QUEUE": os.environ.get("LEERPAD_JOBS_QUEUE", "leerpad"),  # the RQ queue's name
        "JOBS_EAGER": False,  # tests: run each job as soon as it is queued, through the queue
        # Empty: Redis when REDIS_URL is set, else a file every worker shares (learn.rate_limits).
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI"),
        "RATELIMIT_ENABLED": not _bool("LEERPAD_DISABLE_RATELIMIT"),
        # 1 MB per request: the longest thing a person sends is a reflection of 20,000 characters (at most
        # 80 kB of UTF-8), so this leaves room and still keeps a worker from holding megabytes of someone's
        # upload in memory (learn.input; a larger request gets the 413 page).
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        # A signed-in session ends this long after login, and after this long without a request (learn.auth.sessions).
        "SESSION_LIFETIME": timedelta(hours=float(os.environ.get("LEERPAD_SESSION_HOURS", "12"))),
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=float(os.environ.get("LEERPAD_SESSION_IDLE_MINUTES", "120"))),
        # The session cookie's attributes, all here (an LMS's cross-site iframe needs SameSite=None; Secure; Partitioned).
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": production,
        "WTF_CSRF_TIME_LIMIT": None,
    }
