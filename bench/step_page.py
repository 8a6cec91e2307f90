"""A step page's weight and server time: what the learner downloads and how long the app takes.

    .venv/bin/python -m bench.step_page [--runs 200]

In-process (Flask test client, fresh SQLite, the real modules): one learner enrolled in
every module opens the first step of each type, ``runs`` times each. Prints per page the
HTML bytes, the bytes of the CSS and JavaScript it loads (gzip as nginx would send them
too), the median and 95th percentile server time and the SQL statements it runs. Run it before and after a change
to the player to see that the first paint stays where it was.
"""

import argparse
import gzip
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-step-page"


# The runtime modules web.js imports only on a page that needs them: (a mark in the page, the modules).
LAZY = (
    ("data-studytime=", ("studytime.js",)),
    ("data-autosave=", ("drafts.js", "server.js")),
    ('id="quiz-texts"', ("ordering.js",)),
    ("data-paged=", ("quiz-pages.js",)),
)


def assets_of(client, html: str) -> dict[str, bytes]:
    """The stylesheets and scripts a page loads, followed through static ES-module imports, and the
    runtime modules web.js loads on this page (``LAZY``)."""
    found, queue = {}, re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))', html)
    queue += ["/branding.css"] if "/branding.css" in html else []
    if any(url.endswith("/runtime/web.js") for url in queue):
        queue += [f"/static/runtime/{name}" for mark, names in LAZY if mark in html for name in names]
    while queue:
        url = queue.pop()
        if url in found:
            continue
        body = client.get(url).get_data()
        found[url] = body
        if url.endswith(".js"):
            base = url.rsplit("/", 1)[0]
            queue += [f"{base}/{name}" for name in re.findall(r'from\s+"\./([^"]+)"', body.decode())]
    return found


def app_with_learner(folder: str):
    """An app on a fresh SQLite database in ``folder`` with the real modules and one learner,
    ``bench@example.nl`` with password ``SECRET``, enrolled in none yet; and the modules by id."""
    sys.path.insert(0, str(ROOT))
    import logging

    from learn import create_app
    from learn.auth.models import User
    from learn.content.library import get_library
    from learn.extensions import db
    from learn.migrate import upgrade

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
            "MODULES_PATH": str(ROOT / "modules"),
            "SECRET_KEY": SECRET,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    logging.getLogger("leerpad.requests").setLevel(logging.WARNING)
    with app.app_context():
        upgrade()
        user = User(email="bench@example.nl", name="Bench", role="learner")
        user.set_password(SECRET)
        db.session.add(user)
        db.session.commit()
        return app, sorted(get_library(), key=lambda m: m.id)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        app, modules = app_with_learner(tmp)
        client = app.test_client()
        client.post("/inloggen", data={"email": "bench@example.nl", "password": SECRET})
        pages = {}
        for module in modules:
            client.post(f"/modules/{module.id}/enrol")
            for step in module.steps:
                pages.setdefault(step.type_name, f"/modules/{module.id}/steps/{step.id}")
        final = next(m for m in modules if m.final_quiz)
        pages["final quiz"] = f"/modules/{final.id}/steps/{final.final_quiz.id}"
        queries = []  # SQL statements per request: a figure a busy machine does not blur
        with app.app_context():
            from sqlalchemy import event

            from learn.extensions import db

            event.listen(db.engine, "before_cursor_execute", lambda *args: queries.append(1))
        print(f"{'page':12} {'html':>8} {'html gz':>8} {'css+js':>8} {'gz':>7} {'p50 ms':>7} {'p95 ms':>7} {'sql':>4}")
        for kind, url in pages.items():
            client.get(url)  # the first opening may write (a quiz starts its attempt)
            queries.clear()
            client.get(url)
            statements = len(queries)
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            html = response.get_data()
            assets = assets_of(client, response.get_data(as_text=True))
            extra = sum(len(body) for body in assets.values())
            extra_gz = sum(len(gzip.compress(body)) for body in assets.values())
            p95 = statistics.quantiles(times, n=20)[-1]
            print(
                f"{kind:12} {len(html):8} {len(gzip.compress(html)):8} {extra:8} {extra_gz:7} "
                f"{statistics.median(times):7.1f} {p95:7.1f} {statements:4}"
            )


if __name__ == "__main__":
    main()
