"""What a step page costs in CPU instructions, against the static file from the same app:
``.venv/bin/python -m bench.instructions [--kind narrative] [--requests 100]``.

Request rates and CPU milliseconds on a shared 2-core VM swing by half from run to run; the number
of instructions does not (``valgrind --tool=callgrind`` counts them, whatever else the machine
does). In-process (Flask test client, fresh SQLite, the real modules), one learner far into every
module (each step but the final test marked done) asks ``--requests`` times for:

- ``static``: ``/static/leerpad.css``, the ceiling the step page is measured against;
- ``signed-in floor``: a signed-in page that reads and renders nothing (Flask, the cookie session,
  the session record, the user): what every page of a signed-in learner costs before it starts;
- ``page without its template``: the step view's reads and logic, the template replaced by "";
- ``page``: the step page itself.

Each figure is (a run of N requests - a run of none) / N, after the same warm-up. Writes
bench/results/instructions-*.json and prints the change against the previous run.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("static", "signed-in floor", "page without its template", "page")
WARM_UP = 20


def child(kind: str, variant: str, requests: int) -> None:
    """One measured process: set up, warm up, then ``requests`` requests of the variant, nothing after."""
    from learn.auth.models import User, utcnow
    from learn.extensions import db
    from learn.player import records, views
    from learn.security import signed_in

    from .step_page import SECRET, app_with_learner

    app, modules = app_with_learner(tempfile.mkdtemp(prefix="leerpad-instructions-"))
    with app.app_context():
        user = db.session.scalar(db.select(User))
        for module in modules:
            enrolment = records.enrol(user, module)
            db.session.flush()
            for step in module.steps:
                if step is not module.final_quiz:
                    records.step_state(enrolment, step).done_at = utcnow()
        db.session.commit()
        step = next(s for s in modules[0].steps if s.type_name == kind)
    client = app.test_client()
    client.post("/inloggen", data={"email": "bench@example.nl", "password": SECRET})
    url = f"/modules/{modules[0].id}/steps/{step.id}"
    if variant == "static":
        url = "/static/leerpad.css"
    elif variant == "page without its template":
        views.render_template = lambda *args, **kwargs: ""
    elif variant == "signed-in floor":
        app.view_functions["player.step"] = signed_in(lambda module_id, step_id: "")
    for _ in range(WARM_UP):
        assert client.get(url).status_code == 200
    for _ in range(requests):
        client.get(url)
    os._exit(0)  # no teardown in the count


def instructions(kind: str, variant: str, requests: int) -> int:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "bench.instructions",
    ]
    command += ["--child", variant, "--kind", kind, "--requests", str(requests)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"callgrind run failed for {variant}: {done.stderr[-2000:]}")
    return int(found.group(1))


def measure(kind: str, requests: int) -> dict[str, int]:
    """Per variant, instructions per request; the two runs of a variant side by side (two cores)."""
    from concurrent.futures import ThreadPoolExecutor

    per_request = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for variant in VARIANTS:
            none, many = pool.map(lambda n, v=variant: instructions(kind, v, n), (0, requests))
            per_request[variant] = (many - none) // requests
    return per_request


def previous_result(kind: str) -> dict | None:
    runs = sorted(RESULTS.glob(f"instructions-{kind}-*.json"))
    return json.loads(runs[-1].read_text()) if runs else None


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__.splitlines()[0])
    parser.add_argument("--kind", default="narrative", help="the step type whose first step is measured")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.kind, args.child, args.requests)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: sudo apt-get install valgrind")
    figures = measure(args.kind, args.requests)
    static = figures["static"]
    print(f"{'':28} {'instructions':>13} {'× static':>9}")
    for variant, count in figures.items():
        print(f"{variant:28} {count:13,} {count / static:9.2f}")
    ratio = static / figures["page"]
    print(f"step page at {ratio:.2f} of the static file (target 0.5: at most {2 * static:,} instructions)")
    previous = previous_result(args.kind)
    if previous:
        for variant, count in figures.items():
            before = previous["instructions"].get(variant)
            if before:
                print(f"against the previous run, {variant}: {before:,} → {count:,} ({count / before - 1:+.1%})")
    RESULTS.mkdir(exist_ok=True)
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    target = RESULTS / f"instructions-{args.kind}-{stamp}.json"
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "kind": args.kind,
        "requests": args.requests,
        "instructions": figures,
        "ratio_to_static": round(ratio, 3),
    }
    target.write_text(json.dumps(result, indent=2))
    print(f"written to {target}")


if __name__ == "__main__":
    main()
