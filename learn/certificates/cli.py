"""``learn certificates ...``: the admin pages' actions for the command line."""

from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..extensions import db
from .models import Certificate


@click.group("certificates")
def certificates_command():
    """List, revoke, reissue, export and regenerate certificates."""


def _by_number(number: str) -> Certificate:
    certificate = db.session.scalar(select(Certificate).filter_by(number=number))
    if certificate is None:
        raise click.ClickException(f"no certificate {number}")
    return certificate


@certificates_command.command("list")
@click.option("--search", "-q", default=None, help="Part of a name, number, register number or module.")
@click.option("--register", default=None)
@with_appcontext
def list_certificates(search, register):
    from .issuing import search as matching

    statement = matching(select(Certificate).order_by(Certificate.id), search, register)
    for c in db.session.scalars(statement):
        click.echo(
            "\t".join(
                [
                    c.number,
                    c.status,
                    c.register,
                    c.module_id,
                    c.module_version,
                    c.completion_date.isoformat(),
                    c.learner_name,
                    c.register_number or "",
                ]
            )
        )


@certificates_command.command("revoke")
@click.argument("number")
@click.option("--reason", required=True)
@with_appcontext
def revoke_certificate(number, reason):
    from .issuing import revoke

    certificate = _by_number(number)
    revoke(certificate, reason, by="learn certificates revoke")
    db.session.commit()
    click.echo(f"{certificate.number} revoked on {certificate.revoked_at:%Y-%m-%d}")


@certificates_command.command("reissue")
@click.argument("number")
@click.option("--name", required=True, help="The corrected name to print.")
@click.option("--register-number", default=None)
@with_appcontext
def reissue_certificate(number, name, register_number):
    from .eligibility import register_number_problem
    from .issuing import NotCurrent, reissue

    certificate = _by_number(number)
    if register_number and (problem := register_number_problem(certificate.register, register_number)):
        raise click.ClickException(problem)
    try:
        new = reissue(certificate, name, register_number)
    except NotCurrent:
        raise click.ClickException(f"{number} is revoked and cannot be reissued") from None
    db.session.commit()
    click.echo(f"{new.number} replaces {certificate.number}")


@certificates_command.command("export")
@click.option("--register", required=True)
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Completed on or after.")
@click.option("--until", "end", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Completed on or before.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
@with_appcontext
def export_certificates(register, start, end, output):
    """Valid certificates of REGISTER completed in the period, as the register's CSV."""
    from .export import certificates_for_report, report_csv

    rows = certificates_for_report(register, start.date() if start else None, end.date() if end else None)
    text = report_csv(rows)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{len(rows)} certificate(s) written to {output}", err=True)
    else:
        click.echo(text, nl=False)


@certificates_command.command("regenerate")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--register", default=None)
@click.option("--all", "include_all", is_flag=True, help="Also revoked and replaced certificates.")
@with_appcontext
def regenerate(folder, register, include_all):
    """Write the PDF of every (valid) certificate to FOLDER, e.g. after a template change or for an archive."""
    from .pdf import certificate_pdf

    statement = select(Certificate).order_by(Certificate.id)
    if register:
        statement = statement.where(Certificate.register == register)
    if not include_all:
        statement = statement.where(Certificate.revoked_at.is_(None), Certificate.replaced_by_id.is_(None))
    certificates = db.session.scalars(statement).all()
    folder.mkdir(parents=True, exist_ok=True)
    with click.progressbar(certificates, label="PDFs", show_pos=True) as bar:
        for certificate in bar:
            (folder / f"{certificate.number}.pdf").write_bytes(certificate_pdf(certificate))
    click.echo(f"{len(certificates)} PDF(s) written to {folder} ({date.today().isoformat()})")
