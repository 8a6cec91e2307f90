"""``learn lti``: register platforms, list them, rotate Leerpad's key, make a dynamic registration link."""

import click
from flask.cli import with_appcontext

from ..extensions import db


@click.group("lti")
def lti():
    """LTI 1.3: the LMSs that launch Leerpad's modules."""


@lti.command("add-platform")
@click.option("--name", default="", help="What the admin page calls it.")
@click.option("--issuer", required=True, help="The platform's issuer (platform ID), an https URL.")
@click.option("--client-id", required=True)
@click.option("--deployment-id", "deployment_ids", multiple=True, required=True, help="Repeat for several.")
@click.option("--auth-url", required=True, help="The OIDC authorization endpoint.")
@click.option("--token-url", required=True, help="The OAuth 2 access token endpoint.")
@click.option("--jwks-url", required=True, help="The platform's public key set.")
@click.option("--frame-origin", "frame_origins", multiple=True, help="Another address the LMS shows Leerpad from.")
@click.option("--token-audience", default=None, help="The client assertions' audience, if not the token URL.")
@with_appcontext
def add_platform(name, issuer, client_id, deployment_ids, auth_url, token_url, jwks_url, frame_origins, token_audience):
    """Register a platform by hand (again with the same issuer and client id: update it, add deployments)."""
    from .registry import PlatformError
    from .registry import add_platform as register

    try:
        platform = register(
            name=name,
            issuer=issuer,
            client_id=client_id,
            deployment_ids=deployment_ids,
            auth_login_url=auth_url,
            auth_token_url=token_url,
            key_set_url=jwks_url,
            frame_origins=frame_origins,
            token_audience=token_audience,
        )
    except PlatformError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(
        f"registered {platform.name}: {platform.issuer} client {platform.client_id}, "
        f"deployments {', '.join(d.deployment_id for d in platform.deployments)}"
    )


@lti.command("platforms")
@with_appcontext
def list_platforms():
    """The registered platforms, and what to enter in an LMS to register Leerpad by hand."""
    from .registry import platforms, tool_urls

    for platform in platforms():
        deployments = ", ".join(d.deployment_id for d in platform.deployments) or "-"
        state = "active" if platform.active else "inactive"
        click.echo(f"{platform.id}\t{platform.name}\t{platform.issuer}\t{platform.client_id}\t{deployments}\t{state}")
    for label, url in tool_urls().items():
        click.echo(f"tool {label}: {url}")


@lti.command("rotate-key")
@click.option("--drop-previous", is_flag=True, help="Remove the old key from the JWKS at once (it leaked).")
@with_appcontext
def rotate_key(drop_previous):
    """A new signing key; the old one stays in the JWKS for a day unless --drop-previous."""
    from .keys import rotate

    key = rotate(keep_previous=not drop_previous)
    db.session.commit()
    click.echo(f"new signing key {key.kid}")


@lti.command("registration-link")
@with_appcontext
def registration_link():
    """A dynamic registration link for one LMS (valid for a week, works once)."""
    from .registry import new_invite_url

    click.echo(new_invite_url())
