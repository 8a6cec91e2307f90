"""``learn worker`` and ``learn jobs list|retry``."""

import click
from flask import current_app
from flask.cli import with_appcontext

from . import queue_of


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs due now, then stop.")
@with_appcontext
def worker(burst):
    """Run queued jobs until stopped; SIGTERM lets the job at hand finish first."""
    queue = queue_of(current_app)
    if burst:
        click.echo(f"{queue.run_pending()} job(s) run")
        return
    click.echo(f"working on the {'Redis' if current_app.config['REDIS_URL'] else 'database'} queue")
    queue.work()


@click.group("jobs")
def jobs():
    """Queued, running and failed jobs."""


@jobs.command("list")
@click.option("--all", "include_done", is_flag=True, help="Also the jobs done in the last week.")
@with_appcontext
def jobs_list(include_done):
    """One line per job: id, state, name, attempts, key, when (due, or finished), last error."""
    rows = queue_of(current_app).listing(include_done)
    for row in rows:
        when = f"{row.when:%Y-%m-%d %H:%M:%S}" if row.when else "-"
        fields = (row.id, row.state, row.name, f"{row.attempts}/{row.max_attempts}", row.key or "-", when)
        click.echo("\t".join((*fields, row.last_error or "")).rstrip())
    counts = {state: sum(row.state == state for row in rows) for state in ("queued", "running", "failed")}
    click.echo(", ".join(f"{count} {state}" for state, count in counts.items()))


@jobs.command("retry")
@click.argument("ids", nargs=-1)
@click.option("--failed", "every_failed", is_flag=True, help="Every failed job.")
@with_appcontext
def jobs_retry(ids, every_failed):
    """Give failed jobs (IDS, or --failed for all) one more attempt, now."""
    if bool(ids) == every_failed:
        raise click.UsageError("give job ids or --failed")
    count = queue_of(current_app).retry(None if every_failed else list(ids))
    click.echo(f"{count} job(s) queued again")
    if ids and count < len(ids):
        raise click.ClickException("some ids are not failed jobs (see learn jobs list)")
