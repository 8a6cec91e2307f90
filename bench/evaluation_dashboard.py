"""How fast the trainers' dashboard is with many responses.

    .venv/bin/python bench/evaluation_dashboard.py [--responses 100000] [--database-url URL]

Seeds N anonymous responses (and a fifth as many completions) for one module spread over
12 months into a fresh database (SQLite in a temp folder unless --database-url names an
empty PostgreSQL database), then times the dashboard page, the overview page and the CSV
export through the Flask test client and prints the median of a few runs.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import make_app

from learn.auth.models import User
from learn.evaluation.aggregate import add_months, first_of_month
from learn.evaluation.library import form_for
from learn.evaluation.seed import seed_completions, seed_responses
from learn.extensions import db
from learn.migrate import upgrade


def timed(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = make_app(url)
    with app.app_context():
        upgrade()
        from learn.content.library import get_library

        module = get_library().get("kennismaking")
        form = form_for(module)
        end = first_of_month(__import__("datetime").date(2026, 11, 1))
        months = [add_months(end, -n) for n in range(12)]
        started = time.perf_counter()
        seed_responses(form, module.id, module.version, args.responses, months, module.study_hours)
        seed_completions(module.id, module.version, args.responses // 5, months)
        seeded = time.perf_counter() - started
        trainer = User(email="bench-trainer@example.nl", name="Bench", role="trainer")
        trainer.set_password("bench-password")
        db.session.add(trainer)
        db.session.commit()
        dialect = db.engine.dialect.name
        if dialect == "postgresql":  # what autovacuum does on a live server: statistics, visibility map
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
        db.engine.dispose()
    client = app.test_client()
    client.post("/inloggen", data={"email": "bench-trainer@example.nl", "password": "bench-password"})
    period = "van=2025-12&tot=2026-11"

    def get(path):
        def run():
            response = client.get(path)
            assert response.status_code == 200, response.status_code
            return len(response.get_data())

        return run

    print(
        f"database: {dialect}; seeded {args.responses} responses and {args.responses // 5} completions "
        f"in {seeded:.1f} s"
    )
    for name, path in [
        ("dashboard page (12 months)", f"/trainer/evaluaties/{module.id}?{period}"),
        ("dashboard page, comment search", f"/trainer/evaluaties/{module.id}?{period}&q=voorbeelden&pagina=3"),
        ("overview of all modules", f"/trainer/evaluaties/?{period}"),
        ("CSV export (all responses)", f"/trainer/evaluaties/{module.id}/export.csv?{period}"),
        ("PDF summary", f"/trainer/evaluaties/{module.id}/samenvatting.pdf?{period}"),
    ]:
        runs = 1 if "export" in path else args.runs
        milliseconds, size = timed(get(path), runs)
        print(f"{name:34} {milliseconds:8.0f} ms  ({size:,} bytes, median of {runs})")


if __name__ == "__main__":
    main()
