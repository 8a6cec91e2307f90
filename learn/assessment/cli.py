"""``learn attempts grant``: one more attempt at a module's final quiz, as the admin form gives it."""

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from ..extensions import db


@click.group("attempts")
def attempts_command():
    """Quiz attempts."""


@attempts_command.command("grant")
@click.argument("user")
@click.argument("module_id")
@click.option("--reason", required=True, help="Why: recorded with the grant and shown in the learner's data export.")
@with_appcontext
def grant(user, module_id, reason):
    """Give USER (an e-mail address) one more attempt at the final quiz of MODULE_ID."""
    from .grants import grant_for
    from .records import GrantRefused

    try:
        with force_locale("en"):  # the command speaks English, like the other commands
            learner, module = grant_for(user, module_id, reason, by=None)
    except GrantRefused as refused:
        raise click.ClickException(str(refused)) from None
    db.session.commit()
    click.echo(f"{learner.email} has one more attempt at the final quiz of {module.id}")
