"""Jobs as they run for real: mail over SMTP to a real server, a `learn worker` killed in the
middle of delivering a mail (the next worker delivers it, once), and the zero-setup default, where
gunicorn's own processes run the jobs without any worker beside them."""

from conftest import FIXTURE_MODULES
from jobs_helpers import MailServer
from servers import Browser, Gunicorn, seed_learners
from sqlalchemy import select

from learn.extensions import db
from learn.jobs import run_pending
from learn.jobs.models import Job
from learn.mail import send_mail
from learn.testing.loopback import free_port, wait_until
from learn.testing.servers import JobWorker


def smtp_app(app, port):
    app.config.update(JOBS_EAGER=False, MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    return app


def only_job() -> Job:
    db.session.rollback()
    [job] = db.session.scalars(select(Job))
    return job


def test_a_mail_is_sent_by_its_job_not_by_the_request(app):
    with MailServer() as server:
        smtp_app(app, server.port)
        send_mail("cursist@example.nl", "Nieuw wachtwoord", "Kies een nieuw wachtwoord via deze link.")
        assert server.received == 0
        assert run_pending() == 1
    [mail] = server.accepted
    assert mail["Subject"] == "Nieuw wachtwoord" and mail["To"] == "cursist@example.nl"
    assert mail.get_content().strip() == "Kies een nieuw wachtwoord via deze link."
    assert only_job().state == "done"


def test_a_mail_server_that_says_try_later_gets_the_mail_on_a_retry(app):
    with MailServer(answer="451 4.3.0 Probeer het later") as busy:
        smtp_app(app, busy.port)
        send_mail("cursist@example.nl", "Onderwerp", "Tekst")
        run_pending()
    job = only_job()
    assert job.state == "queued" and job.last_error == "RetryLater: mail server answered 451"
    with MailServer() as server:
        app.config["MAIL_PORT"] = server.port
        assert run_pending(job.run_after) == 1
    assert len(server.accepted) == 1 and only_job().state == "done"


def test_an_unreachable_mail_server_means_retry_later(app):
    smtp_app(app, free_port())  # nothing listens there
    send_mail("cursist@example.nl", "Onderwerp", "Tekst")
    run_pending()
    job = only_job()
    assert job.state == "queued" and job.last_error.startswith("RetryLater: mail server unreachable")


def test_a_worker_killed_mid_delivery_leaves_the_mail_to_the_next_which_sends_it_once(app, database_url, tmp_path):
    with MailServer(hold_first=True) as server:
        smtp_app(app, server.port)
        env = {
            "DATABASE_URL": database_url,
            "LEERPAD_MODULES": str(FIXTURE_MODULES),
            "SECRET_KEY": "worker-test-secret-" + "x" * 20,
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(server.port),
            "LEERPAD_JOBS_LEASE": "2",
        }
        first = JobWorker(env, tmp_path / "worker-1.log").start()
        second = None
        try:
            send_mail("cursist@example.nl", "Certificaat", "Je certificaat staat klaar.")
            wait_until(lambda: server.received == 1, 60, "the first worker did not start delivering")
            first.kill()  # in the middle of the SMTP conversation: the mail was not accepted
            assert server.accepted == [] and only_job().state == "running"
            second = JobWorker(env, tmp_path / "worker-2.log").start()
            wait_until(lambda: only_job().state == "done", 60, "the second worker did not take the job over")
        finally:
            first.stop()
            if second:
                second.stop()
    assert len(server.accepted) == 1 and server.accepted[0]["Subject"] == "Certificaat"
    assert only_job().attempts == 2


def test_without_redis_or_a_worker_the_app_servers_own_processes_send_the_mail(app, database_url, tmp_path):
    [(_, email)] = seed_learners(1)
    db.session.remove()
    server = Gunicorn(database_url, tmp_path, LEERPAD_ALLOW_LOG_MAIL="1").start()
    try:
        browser = Browser(server.url, "127.2.0.1")
        browser.open_form("/wachtwoord-vergeten")
        assert browser.post("/wachtwoord-vergeten", {"email": email}).status_code == 302
        # Production with log mail names the mail, never its text (the reset link is a password).
        sent = f"MAIL_BACKEND=log, text not logged) to {email}"
        wait_until(lambda: sent in server.log.read_text(), 120, "the reset mail was not sent")
    finally:
        server.stop()
    assert server.log.read_text().count(sent) == 1
    assert "/wachtwoord-herstellen/" not in server.log.read_text()
