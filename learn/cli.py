"""The ``learn`` command: the Flask CLI with Leerpad's own commands."""

import os
import sqlite3
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.engine import make_url

from .config import DEFAULT_SECRET
from .content.loader import load_library, module_folders, summarize
from .urls import listening_url


def _create_app():
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def main():
    """Leerpad: e-learning and assessment for accredited modules."""


@click.command("check-modules")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
def check_modules(path):
    """Validate every module folder under PATH (default: the configured modules folder).

    A module that loads is also held to the accreditation checks (docs/module-format.md): honest study time,
    points per register, the final quiz's lint, goal coverage, retry overlap and the test-wise learner.
    """
    from .accreditation.checks import check_module, figures

    root = path or Path(current_app.config["MODULES_PATH"])
    folders = module_folders(root)
    if not folders:
        click.echo(f"No module folders (with a module.yaml) found in {root}", err=True)
        sys.exit(1)
    failed = 0
    library = load_library(root)  # as the app loads them: a second folder with the same id is an error too
    loaded = {module.folder.name: module for module in library}
    for folder in folders:
        if folder.name in library.errors:
            errors = library.errors[folder.name]
            failed += 1
            click.secho(f"✗ {folder.name}: {len(errors)} error(s)", fg="red")
            for error in errors:
                click.echo(f"    {error}")
            continue
        module = loaded[folder.name]
        report = check_module(module)
        errors, warnings = report.errors, [*module.warnings, *report.warnings]
        failed += bool(errors)
        counts = ", ".join(f"{n} {what}(s)" for n, what in ((len(errors), "error"), (len(warnings), "warning")) if n)
        title = f"{module.id} {module.version} — {module.title}{f': {counts}' if counts else ''}"
        click.secho(f"✗ {title}" if errors else f"✓ {title}", fg="red" if errors else "green")
        for key, value in {**summarize(module), **figures(report)}.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k} {v}" for k, v in sorted(value.items()))
            click.echo(f"    {key}: {value}")
        for error in errors:
            click.echo(f"    {error}")
        for warning in warnings:
            click.echo(f"    warning: {warning}")
    click.echo(f"{len(folders)} module(s), {len(folders) - failed} valid, {failed} with errors")
    sys.exit(1 if failed else 0)


@click.group("users")
def users():
    """Manage accounts and roles."""


@users.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", default="learner", show_default=True)
@click.password_option()
@with_appcontext
def users_create(email, name, role, password):
    from .admin.users import UserError, create_user

    try:
        user = create_user(email, name, password, role)
    except UserError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"created {user.email} ({user.role})")


@users.command("list")
@click.option("--role", default=None)
@with_appcontext
def users_list(role):
    from sqlalchemy import select

    from .auth.models import User
    from .extensions import db

    statement = select(User).order_by(User.email)
    if role:
        statement = statement.where(User.role == role)
    for user in db.session.scalars(statement):
        click.echo(f"{user.id}\t{user.email}\t{user.name}\t{user.role}\t{'active' if user.active else 'inactive'}")


def _user_by_email(email):
    from sqlalchemy import select

    from .auth.models import User
    from .extensions import db

    user = db.session.scalar(select(User).where(User.email == User.normalize_email(email)))
    if user is None:
        raise click.ClickException(f"no user with e-mail {email}")
    return user


@users.command("set-role")
@click.argument("email")
@click.argument("role")
@with_appcontext
def users_set_role(email, role):
    from .admin.users import UserError, set_role

    user = _user_by_email(email)
    try:
        set_role(user, role)
    except UserError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{user.email} is now {role}")


@users.command("deactivate")
@click.argument("email")
@with_appcontext
def users_deactivate(email):
    from .extensions import db

    user = _user_by_email(email)
    user.active = False
    db.session.commit()
    click.echo(f"{user.email} can no longer log in")


@users.command("unlock")
@click.argument("email")
@with_appcontext
def users_unlock(email):
    """Open an account locked after too many wrong passwords."""
    from .auth.lockout import unlock
    from .extensions import db

    user = _user_by_email(email)
    unlock(user)
    db.session.commit()
    click.echo(f"{user.email} can log in again")


@click.group("db")
def database():
    """Database schema (Alembic migrations)."""


@database.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision):
    from .migrate import upgrade

    upgrade(revision)
    click.echo(f"database at {revision}")


@database.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def db_revision(message):
    """Write a new migration from the difference between the models and the database."""
    from .migrate import new_revision

    new_revision(message)


@database.command("check")
@with_appcontext
def db_check():
    """Exit non-zero when the models and the migrations disagree."""
    from .migrate import schema_differences

    differences = schema_differences()
    for difference in differences:
        click.echo(difference)
    sys.exit(1 if differences else 0)


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Create the demo accounts (idempotent)."""
    from .demo import create_demo_users

    for line in create_demo_users():
        click.echo(line)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path):
    """Copy the SQLite database to PATH with SQLite's online backup (safe while serving)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        raise click.ClickException("backup works for SQLite; for PostgreSQL use pg_dump (see the README)")
    database_file = Path(url.database or "")
    if not database_file.is_file():
        raise click.ClickException(f"no SQLite database at {database_file}")
    if not path.parent.is_dir():
        raise click.ClickException(f"folder {path.parent} does not exist")
    # Written beside the target and renamed at the end: PATH is a whole backup or untouched.
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(database_file, timeout=30)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)  # one step: a snapshot of one moment, while writers carry on
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        source.close()
        target.close()
    if check != "ok":
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"the copy failed its integrity check: {check}")
    partial.replace(path)
    click.echo(f"backup written to {path} (integrity: {check})")


SCORM_STANDARDS = {"scorm12": "1.2", "scorm2004": "2004"}


@click.command("export-scorm")
@click.argument("module_id", required=False)
@click.option(
    "--standard",
    type=click.Choice(sorted(SCORM_STANDARDS)),
    required=True,
    help="scorm12 (SCORM 1.2) or scorm2004 (SCORM 2004 4th edition).",
)
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="The zip file (a folder with --all)."
)
@click.option("--all", "every_module", is_flag=True, help="Every module, one zip each, into the folder OUTPUT.")
@with_appcontext
def scorm_export_command(module_id, standard, output, every_module):
    """Write MODULE_ID as a SCORM 1.2 or 2004 package (the same version always gives the same bytes)."""
    from scorm_export import build_package

    from .content.library import get_library

    library = get_library()
    standard = SCORM_STANDARDS[standard]
    if every_module == bool(module_id):
        raise click.UsageError("give a MODULE_ID or --all")
    if not every_module:
        module = library.get(module_id)
        if module is None:
            raise click.ClickException(f"no module {module_id!r} (known: {', '.join(m.id for m in library)})")
        package = build_package(module, standard)
        output.write_bytes(package.data)
        click.echo(f"{output}: {package.standard.label}, {module.id} {module.version}, {len(package.data):,} bytes")
        return
    output.mkdir(parents=True, exist_ok=True)
    modules = list(library)
    with click.progressbar(modules, label=f"SCORM {standard}", item_show_func=lambda m: m.id if m else "") as bar:
        for module in bar:
            package = build_package(module, standard)
            (output / package.filename).write_bytes(package.data)
    click.echo(f"{len(modules)} package(s) written to {output}")


@click.command("serve")
@click.option("--production", is_flag=True, help="Run under gunicorn with workers sized to the cores.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
def serve(production, host, port):
    """Serve Leerpad: the development server, or gunicorn with --production."""
    if production:
        if os.environ.get("SECRET_KEY", DEFAULT_SECRET) == DEFAULT_SECRET:
            raise click.ClickException("set SECRET_KEY to a long random value before serving in production")
        if not os.environ.get("LEERPAD_BASE_URL"):
            raise click.ClickException("set LEERPAD_BASE_URL to the address learners use before serving in production")
        os.environ["LEERPAD_PRODUCTION"] = "1"
        conf = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
        os.execvp(  # noqa: S606 (replaces this process with gunicorn, fixed arguments)
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(conf),
                "--pythonpath",
                str(conf.parent),
                "--bind",
                f"{host}:{port}",
                "wsgi:app",
            ],
        )
    if not os.environ.get("LEERPAD_BASE_URL"):
        current_app.config["BASE_URL"] = listening_url(host, port)
    current_app.run(host=host, port=port, debug=False, use_reloader=False)


def register_commands(app: Flask) -> None:
    for command in (check_modules, users, database, seed_demo, backup, scorm_export_command, serve):
        app.cli.add_command(command)
