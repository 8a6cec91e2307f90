"""Outgoing mail through a configurable backend: "log" in development, "smtp" in production."""

import smtplib
from email.message import EmailMessage

from flask import current_app


def send_mail(to: str, subject: str, body: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if config["MAIL_BACKEND"] == "log":
        # The decoded text, not the wire format: quoted-printable would break the links in two.
        current_app.logger.info("mail (not sent, MAIL_BACKEND=log) to %s: %s\n%s", to, subject, body)
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
