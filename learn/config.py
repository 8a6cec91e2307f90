"""Configuration from environment variables, with zero-setup development defaults."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "dev-only-not-secret"


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
        "BASE_URL": os.environ.get("LEERPAD_BASE_URL", "http://127.0.0.1:5000"),
        # Mail: "log" writes messages to the application log, "smtp" sends them.
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "log"),
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
        "LANGUAGES": ("nl", "en"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": not _bool("LEERPAD_DISABLE_RATELIMIT"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": production,
        "WTF_CSRF_TIME_LIMIT": None,
    }
