"""Time to generate one certificate PDF and many (default 1,000), on a throw-away SQLite database.

    .venv/bin/python bench/certificates.py [--count 1000]

Issuing (the database rows) and rendering (xhtml2pdf) are timed apart. Results are
printed and written to bench/results/certificates.txt.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()

    from learn import create_app
    from learn.certificates.issuing import _insert
    from learn.certificates.models import Certificate
    from learn.certificates.pdf import certificate_pdf
    from learn.extensions import db
    from learn.migrate import upgrade

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                "MODULES_PATH": str(ROOT / "tests" / "fixtures" / "modules"),
                "BASE_URL": "https://leerpad.example",
            }
        )
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            certificates = []
            for n in range(args.count):
                certificates.append(
                    _insert(
                        Certificate(
                            user_id=None,
                            edition=n + 1,
                            learner_name=f"Zoë Anaïs Hélène de Vries {n}",
                            register_number="4610123456",
                            module_id="kennismaking",
                            module_title="Kennismaking met Leerpad",
                            module_version="1.0",
                            register="Registerplein",
                            accreditation_number="RP-2026-0001",
                            points=2.5,
                            points_unit="punten",
                            completion_date=date(2026, 11, 20),
                            academy_name="Leerpad Academie",
                            signatory="Drs. A. de Vries, directeur",
                        )
                    )
                )
            db.session.commit()
            issued = time.perf_counter() - started

            first = time.perf_counter()
            certificate_pdf(certificates[0])  # the first render loads fonts and templates
            cold = time.perf_counter() - first
            durations = []
            cpu_started = time.process_time()
            total_started = time.perf_counter()
            for certificate in certificates:
                t = time.perf_counter()
                certificate_pdf(certificate)
                durations.append(time.perf_counter() - t)
            total = time.perf_counter() - total_started
            cpu = time.process_time() - cpu_started

    lines = [
        f"certificates bench {datetime.now():%Y-%m-%d %H:%M} ({args.count} certificates)",
        f"issue {args.count} records: {issued:.2f} s",
        f"one PDF, first (cold): {cold * 1000:.0f} ms",
        f"one PDF, median: {statistics.median(durations) * 1000:.0f} ms, p95: "
        f"{sorted(durations)[int(len(durations) * 0.95) - 1] * 1000:.0f} ms",
        f"{args.count} PDFs: {total:.1f} s wall ({args.count / total:.1f} per second, one process), "
        f"{cpu:.1f} s CPU ({cpu / args.count * 1000:.0f} ms CPU per PDF)",
        "(wall times depend on what else runs; CPU time is the figure to compare)",
    ]
    print("\n".join(lines))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "certificates.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
