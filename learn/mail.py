"""Outgoing mail, sent by a job: a slow or unreachable mail server never holds up a request.

The backend is "log" in development (the text goes to the application log) or "smtp".
Production refuses to start with "log" unless ``LEERPAD_ALLOW_LOG_MAIL=1``, and even then the
text stays out of the log: reset and confirmation links are passwords for whoever reads it.
"""

import smtplib
from email.message import EmailMessage

from flask import current_app

from .jobs import RetryLater, enqueue, job


def send_mail(to: str, subject: str, body: str) -> None:
    """Queue the mail (subject and body already in the recipient's language) and commit the session."""
    enqueue("mail.send", to=to, subject=subject, body=body)


@job("mail.send", timeout=60)
def deliver(to: str, subject: str, body: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if config["MAIL_BACKEND"] == "log":
        if config["PRODUCTION"]:
            # Only with LEERPAD_ALLOW_LOG_MAIL=1 (a trial setup): the text may hold a link that signs someone in.
            current_app.logger.info("mail (not sent, MAIL_BACKEND=log, text not logged) to %s: %s", to, subject)
            return
        # The decoded text, not the wire format: quoted-printable would break the links in two.
        current_app.logger.info("mail (not sent, MAIL_BACKEND=log) to %s: %s\n%s", to, subject, body)
        return
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except smtplib.SMTPResponseException as error:
        if 400 <= error.smtp_code < 500:  # the server's "try again later" (greylisting, a full queue)
            raise RetryLater(f"mail server answered {error.smtp_code}") from error
        raise
    except smtplib.SMTPServerDisconnected as error:
        raise RetryLater("the mail server hung up") from error
    except smtplib.SMTPException:  # refused recipients, a failed login: worth a traceback in the log
        raise
    except OSError as error:  # unreachable, timed out
        raise RetryLater(f"mail server unreachable: {error.__class__.__name__}") from error
