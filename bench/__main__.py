"""Leerpad's benchmarks: ``.venv/bin/python -m bench [--db sqlite|postgresql|both]``.

Figures, not tests: gunicorn with the production settings (2 workers) on
127.0.0.1 against a fresh database, a load generator in separate processes.
Prints a table and writes JSON to bench/results/.
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

from . import extras, load, wrk
from .harness import REPO, SECRET, bench_gunicorn, bench_postgres
from .wrk import cpu_seconds

PASSWORD = "bench-wachtwoord-123"
RESULTS = Path(__file__).parent / "results"


def default_modules() -> Path:
    real = REPO / "modules"
    if real.is_dir() and any(real.glob("*/module.yaml")):
        return real
    return REPO / "tests" / "fixtures" / "modules"


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def summarize(records: list, seconds: float) -> dict:
    kinds: dict[str, dict] = {}
    for kind, _, latency, status in records:
        entry = kinds.setdefault(kind, {"latencies": [], "statuses": {}})
        entry["latencies"].append(latency)
        entry["statuses"][str(status)] = entry["statuses"].get(str(status), 0) + 1
    summary = {}
    for kind, entry in sorted(kinds.items()):
        latencies = entry["latencies"]
        errors = sum(n for s, n in entry["statuses"].items() if not (s.isdigit() and int(s) < 500))
        rejected = sum(n for s, n in entry["statuses"].items() if s.isdigit() and 400 <= int(s) < 500)
        summary[kind] = {
            "count": len(latencies),
            "per_second": round(len(latencies) / seconds, 1) if seconds else None,
            "p50_ms": round(percentile(latencies, 50), 1),
            "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1),
            "max_ms": round(max(latencies), 1),
            "errors": errors,
            "rejected_4xx": rejected,
            "statuses": entry["statuses"],
        }
    return summary


def make_bench_app(database_url: str, modules: Path):
    from learn import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MODULES_PATH": str(modules),
            "SECRET_KEY": SECRET,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PRODUCTION": False,
        }
    )


def plan_for(module) -> dict:
    steps = [
        {
            "id": s.id,
            "type": s.type_name,
            "questions": [q.id for q in getattr(s, "questions", ())] if s.type_name == "reflection" else [],
        }
        for s in module.steps
    ]
    finals = [s.id for s in module.steps if s.type_name == "quiz" and getattr(s, "final", False)]
    return {"module": module.id, "steps": steps, "final": (finals or [module.steps[-1].id])[-1]}


def seed(app, module, journey: int, writers: int) -> tuple[list, list]:
    """Learners enrolled in ``module``: some at the start, some at the final quiz with every other step done."""
    from learn.auth.models import User, utcnow
    from learn.extensions import db
    from learn.player import records

    template = User(email="x", name="x")
    template.set_password(PASSWORD)
    plan = plan_for(module)
    with app.app_context():
        from learn.migrate import upgrade

        upgrade()
        users = [
            User(
                email=f"cursist{n:04d}@bench.example",
                name=f"Cursist {n}",
                role="learner",
                password_hash=template.password_hash,
            )
            for n in range(journey + writers)
        ]
        db.session.add_all(users)
        db.session.flush()
        for n, user in enumerate(users):
            enrolment = records.enrol(user, module)
            if n >= journey:
                db.session.flush()
                for step in module.steps:
                    if step.id != plan["final"]:
                        records.step_state(enrolment, step).done_at = utcnow()
                enrolment.current_step_id = plan["final"]
        db.session.commit()
        emails = [u.email for u in users]
        db.engine.dispose()
    address = lambda n: f"127.2.{n // 250}.{n % 250 + 1}"  # noqa: E731
    return (
        [(e, address(n)) for n, e in enumerate(emails[:journey])],
        [(e, address(journey + n)) for n, e in enumerate(emails[journey:])],
    )


def startup_time(database_url: str, modules: Path, runs: int = 3) -> dict:
    """create_app in a fresh interpreter: imports, then loading and validating every module.
    Wall time and CPU time (the CPU figure does not depend on what else the machine is doing)."""
    code = (
        "import time; w = time.perf_counter(); c = time.process_time(); from learn import create_app;"
        "wi = time.perf_counter(); ci = time.process_time(); app = create_app();"
        "we = time.perf_counter(); ce = time.process_time(); lib = app.extensions['leerpad_library'];"
        "print(wi - w, ci - c, we - wi, ce - ci, len(list(lib)), sum(len(m.steps) for m in lib))"
    )
    env = {**os.environ, "DATABASE_URL": database_url, "LEERPAD_MODULES": str(modules)}
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, cwd=REPO, check=True
        ).stdout.split()
        samples.append([time.perf_counter() - started, *map(float, out[:4]), int(out[4]), int(out[5])])
    median = lambda i: round(statistics.median(s[i] for s in samples), 3)  # noqa: E731
    return {
        "process_s": median(0),
        "imports_s": median(1),
        "imports_cpu_s": median(2),
        "create_app_s": median(3),
        "create_app_cpu_s": median(4),
        "create_app_best_s": round(min(s[3] for s in samples), 3),
        "modules": samples[0][5],
        "steps": samples[0][6],
    }


LOG_LINE = re.compile(r"leerpad\.requests (GET|POST) (\S+) (\d+) ([\d.]+)ms cpu ([\d.]+)ms")


def cpu_per_kind(log: Path, start: int, end: int, plan: dict) -> dict:
    """Per request kind, the CPU each request cost its thread (from the request log), free of waiting."""
    types = {s["id"]: s["type"] for s in plan["steps"]}
    kinds: dict[str, list] = {}
    with open(log, "rb") as handle:
        handle.seek(start)
        text = handle.read(end - start).decode("utf-8", "replace")
    for method, path, _status, wall, cpu in LOG_LINE.findall(text):
        step = path.rsplit("/", 1)[-1] if "/steps/" in path else None
        if method == "GET":
            kind = "step page" if step else path
        else:
            kind = f"POST {types.get(step, path)} step" if step else f"POST {path}"
        kinds.setdefault(kind, []).append((float(wall), float(cpu)))
    return {
        kind: {
            "count": len(v),
            "cpu_mean_ms": round(statistics.fmean(c for _, c in v), 2),
            "cpu_p95_ms": round(percentile([c for _, c in v], 95), 2),
            "server_wall_p95_ms": round(percentile([w for w, _ in v], 95), 1),
        }
        for kind, v in sorted(kinds.items())
        if len(v) >= 5
    }


def memory(pids: list[int]) -> list[dict]:
    figures = []
    for pid in pids:
        try:
            info = psutil.Process(pid).memory_full_info()
        except psutil.Error:
            continue
        figures.append(
            {
                "pid": pid,
                "rss_mb": round(info.rss / 2**20, 1),
                "uss_mb": round(info.uss / 2**20, 1),
                "pss_mb": round(info.pss / 2**20, 1),
            }
        )
    return figures


def database_cpu(postgres) -> dict[int, float]:
    """CPU seconds so far of each process of the PostgreSQL server (the postmaster and its backends)."""
    if postgres is None:
        return {}
    postmaster = psutil.Process(int((postgres.dir / "data" / "postmaster.pid").read_text().split()[0]))
    found = {}
    for process in [postmaster, *postmaster.children(recursive=True)]:
        try:
            times = process.cpu_times()
            found[process.pid] = times.user + times.system
        except psutil.Error:
            pass
    return found


def burst(server, mode: str, learners: list, plan: dict, args, kind: str, postgres=None) -> dict:
    """Everyone posts at the same moment. The ceiling is the CPU-bound minimum: every post's server CPU
    spent one after another on all cores (``len(learners) × CPU per post ÷ cores``); the p95 is read against it.

    The same cores also run the load generator and, on PostgreSQL, the database server: their CPU over
    the burst is reported too, and the p95 against the minimum of all three (what the machine had to do).
    """
    window = {}

    def begin():
        window["log"] = server.log.stat().st_size
        window["cpu"] = cpu_seconds(server.pids())
        window["database"] = database_cpu(postgres)

    run = load.run(server.url, mode, learners, plan, PASSWORD, processes=args.clients, on_start=begin)
    server_cpu = cpu_seconds(server.pids()) - window["cpu"]
    after = database_cpu(postgres)
    database = sum(seconds - window["database"].get(pid, 0.0) for pid, seconds in after.items())
    with open(server.log, "rb") as handle:
        handle.seek(window["log"])
        lines = LOG_LINE.findall(handle.read().decode("utf-8", "replace"))
    logged = [float(cpu) for method, *_, cpu in lines if method == "POST"]
    figures = summarize(run["records"], run["elapsed"]).get(kind, {})
    cpu_per_post = server_cpu * 1000 / len(learners)
    bound = len(learners) * cpu_per_post / psutil.cpu_count()
    machine = (server_cpu + database + run["generator_cpu_seconds"]) * 1000 / psutil.cpu_count()
    return {
        "learners": len(learners),
        "posted_form": run["form_ready"],
        **figures,
        "burst_seconds": round(run["elapsed"], 2),
        "server_cpu_ms_per_post": round(cpu_per_post, 2),
        "request_cpu_ms_per_post": round(statistics.fmean(logged), 2) if logged else None,
        "cpu_bound_minimum_ms": round(bound, 1),
        "p95_to_cpu_bound": round(figures["p95_ms"] / bound, 2) if figures and bound else None,
        "database_cpu_ms_per_post": round(database * 1000 / len(learners), 2),
        "generator_cpu_ms_per_post": round(run["generator_cpu_seconds"] * 1000 / len(learners), 2),
        "machine_bound_ms": round(machine, 1),
        "p95_to_machine_bound": round(figures["p95_ms"] / machine, 2) if figures and machine else None,
    }


def verify_reflections(app, writers: list, plan: dict) -> dict:
    """Every saving learner's text is there, once per question."""
    from sqlalchemy import select

    from learn.auth.models import User
    from learn.extensions import db
    from learn.player.models import Enrolment, ReflectionAnswer

    step = next(s for s in plan["steps"] if s["type"] == "reflection")
    emails = [email for email, _ in writers]
    with app.app_context():
        rows = db.session.execute(
            select(User.email, ReflectionAnswer.question_id, ReflectionAnswer.answer)
            .join(Enrolment, Enrolment.user_id == User.id)
            .join(ReflectionAnswer, ReflectionAnswer.enrolment_id == Enrolment.id)
            .where(User.email.in_(emails), ReflectionAnswer.step_id == step["id"])
        ).all()
        db.engine.dispose()
    found: dict = {}
    for email, question, answer in rows:
        found.setdefault(email, []).append((question, answer))
    expected = lambda email: sorted((q, load.reflection_text(email, q)) for q in step["questions"])  # noqa: E731
    return {
        "submitted": len(emails),
        "saved_once": sum(1 for email in emails if sorted(found.get(email, [])) == expected(email)),
    }


def verify_writes(app, writers: list, plan: dict) -> dict:
    """Every submitting learner recorded exactly once: one done final step, one attempt where attempts are kept."""
    from sqlalchemy import func, inspect, select, text

    from learn.auth.models import User
    from learn.extensions import db
    from learn.player.models import Enrolment, StepState

    emails = [email for email, _ in writers]
    with app.app_context():
        done = db.session.execute(
            select(User.email, func.count(StepState.id))
            .join(Enrolment, Enrolment.user_id == User.id)
            .join(StepState, StepState.enrolment_id == Enrolment.id)
            .where(User.email.in_(emails), StepState.step_id == plan["final"], StepState.done_at.is_not(None))
            .group_by(User.email)
        ).all()
        completed = db.session.scalar(
            select(func.count())
            .select_from(Enrolment)
            .join(User, Enrolment.user_id == User.id)
            .where(User.email.in_(emails), Enrolment.completed_at.is_not(None))
        )
        attempts = {}
        for table in inspect(db.engine).get_table_names():
            columns = {c["name"] for c in inspect(db.engine).get_columns(table)}
            if "attempt" in table and "enrolment_id" in columns:
                step_filter = "AND a.step_id = :step " if "step_id" in columns else ""
                rows = db.session.execute(
                    text(
                        f"SELECT u.email, count(*) FROM {table} a JOIN enrolments e ON e.id = a.enrolment_id "  # noqa: S608 (table and filter are the bench's own constants)
                        f"JOIN users u ON u.id = e.user_id WHERE e.module_id = :module {step_filter}GROUP BY u.email"
                    ),
                    {"module": plan["module"], "step": plan["final"]},
                ).all()
                per_learner = {email: n for email, n in rows if email in set(emails)}
                attempts[table] = {
                    "learners": len(per_learner),
                    "exactly_once": sum(1 for n in per_learner.values() if n == 1),
                }
        db.engine.dispose()
    counts = dict(done)
    return {
        "submitted": len(emails),
        "final_step_done_once": sum(1 for e in emails if counts.get(e) == 1),
        "modules_completed": completed,
        "attempt_tables": attempts,
    }


def profile_worker(pid: int, seconds: float, target: Path) -> subprocess.Popen | None:
    spy = Path(sys.executable).with_name("py-spy")
    if not spy.exists():
        return None
    return subprocess.Popen(
        [
            str(spy),
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(int(seconds)),
            "--rate",
            "200",
            "--gil",
            "--format",
            "raw",
            "--output",
            str(target),
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run_database(kind: str, args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"leerpad-bench-{kind}-"))
    postgres = None
    result: dict = {"database": kind}
    servers = []
    try:
        if kind == "sqlite":
            url = f"sqlite:///{workdir / 'leerpad.sqlite3'}"
            import sqlite3

            result["database_version"] = f"SQLite {sqlite3.sqlite_version}"
        else:
            postgres = bench_postgres()
            url = postgres.url
            result["database_version"] = f"PostgreSQL {postgres.version}"
        modules = Path(args.modules) if args.modules else default_modules()
        app = make_bench_app(url, modules)
        library = app.extensions["leerpad_library"]
        module = library.get(args.module) if args.module else sorted(library, key=lambda m: len(m.steps))[-1]
        plan = plan_for(module)
        journey, writers = seed(app, module, args.learners, args.writers)
        result["module"] = {"id": module.id, "steps": len(module.steps), "path": str(modules)}
        print(
            f"[{kind}] seeded {len(journey) + len(writers)} learners in {module.id} ({len(module.steps)} steps)",
            flush=True,
        )

        result["startup"] = startup_time(url, modules)
        env = {
            "DATABASE_URL": url,
            "LEERPAD_MODULES": str(modules),
            "LEERPAD_THREADS": str(args.threads),
            "LEERPAD_PRELOAD": "0" if args.no_preload else "1",
        }
        extra = ("--worker-class", args.worker_class) if args.worker_class else ()
        booted = time.perf_counter()
        server = bench_gunicorn("wsgi:app", env, workdir / "gunicorn.log", workers=args.workers, extra=extra).start()
        servers.append(server)
        result["startup"]["gunicorn_ready_s"] = round(time.perf_counter() - booted, 2)
        print(
            f"[{kind}] gunicorn up in {result['startup']['gunicorn_ready_s']} s; journey for {args.duration} s",
            flush=True,
        )

        cpu_before = {}

        def end_of_capacity_run():
            cpu_before["log_end"] = server.log.stat().st_size
            cpu_before["server_end"] = cpu_seconds(server.pids())

        def begin():
            cpu_before["log"] = server.log.stat().st_size
            cpu_before["server"] = cpu_seconds(server.pids())
            threading.Timer(args.duration, end_of_capacity_run).start()
            cpu_before["t"] = time.perf_counter()
            if args.profile:
                cpu_before["spy"] = profile_worker(
                    server.worker_pids()[0], args.duration, RESULTS / f"profile-{kind}.txt"
                )

        run = load.run(
            server.url,
            "journey",
            journey,
            plan,
            PASSWORD,
            duration=args.duration,
            processes=args.clients,
            on_start=begin,
            paced=args.paced,
        )
        seconds = run["elapsed"]
        server_cpu = cpu_before["server_end"] - cpu_before["server"]
        per_kind_cpu = cpu_per_kind(server.log, cpu_before["log"], cpu_before["log_end"], plan)
        cores = psutil.cpu_count()
        if cpu_before.get("spy"):
            cpu_before["spy"].wait(timeout=args.duration + 60)
        result["journey"] = {
            "learners": len(journey),
            "logged_in": run["logged_in"],
            "seconds": round(seconds, 1),
            "requests_per_second": round(len(run["records"]) / seconds, 1),
            "kinds": summarize(run["records"], seconds),
            "login_phase": summarize(run["before"], 0),
            "server_cpu_share": round(server_cpu / (seconds * cores), 3),
            "generator_cpu_share": round(run["generator_cpu_seconds"] / (seconds * cores), 3),
            "server_cpu_ms_per_request": round(server_cpu * 1000 / max(1, len(run["records"])), 2),
            "cpu_per_kind": per_kind_cpu,
        }
        # What the same mix would reach with both cores to the server alone (the machine is shared).
        mix_rate = len(run["records"]) / server_cpu * cores if server_cpu else None
        step_share = result["journey"]["kinds"].get("step page", {}).get("count", 0) / max(1, len(run["records"]))
        result["journey"]["projected_at_full_cores"] = {
            "requests_per_second": round(mix_rate, 1) if mix_rate else None,
            "step_pages_per_second": round(mix_rate * step_share, 1) if mix_rate else None,
        }
        if run["paced"]:
            result["paced_journey"] = {
                "offered_per_second": round(run["paced_offered"], 1),
                "requests_per_second": round(len(run["paced"]) / run["paced_elapsed"], 1),
                "kinds": summarize(run["paced"], run["paced_elapsed"]),
            }
        result["memory_after_load"] = memory(server.worker_pids())
        if args.reading_rate >= 0:
            result["reading"] = reading(server, journey, plan, args)
        if args.wrk_seconds > 0:
            print(f"[{kind}] wrk: each kind of step page, then {wrk.STATIC}, {args.wrk_seconds:g} s each", flush=True)
            cookie = wrk.sign_in(server.url, journey[0][0], PASSWORD)
            result["wrk"] = wrk.run(server, cookie, wrk.step_urls(module), args.wrk_seconds)

        # The same step page as a file, from the same gunicorn setup.
        page_path = workdir / "step.html"
        step_id = (
            next(s["id"] for s in plan["steps"] if s["type"] == "narrative")
            if any(s["type"] == "narrative" for s in plan["steps"])
            else plan["steps"][0]["id"]
        )
        page_path.write_bytes(step_page(app, module.id, step_id))
        static = bench_gunicorn(
            "bench.static_app:app",
            {**env, "LEERPAD_BENCH_STATIC_PAGE": str(page_path)},
            workdir / "static.log",
            workers=args.workers,
            extra=extra,
        ).start()
        servers.append(static)
        static_cpu = {}
        static_run = load.run(
            static.url,
            "static",
            journey,
            plan,
            PASSWORD,
            duration=max(5, args.duration / 2),
            processes=args.clients,
            on_start=lambda: static_cpu.setdefault("before", cpu_seconds(static.pids())),
        )
        static_cpu["used"] = cpu_seconds(static.pids()) - static_cpu["before"]
        static.stop()
        result["static"] = {
            "page_bytes": page_path.stat().st_size,
            **summarize(static_run["records"], static_run["elapsed"]).get("static page", {}),
            "generator_cpu_share": round(
                static_run["generator_cpu_seconds"] / (static_run["elapsed"] * psutil.cpu_count()), 3
            ),
            "server_cpu_ms_per_request": round(static_cpu["used"] * 1000 / max(1, len(static_run["records"])), 3),
        }
        result["static"]["projected_at_full_cores"] = (
            round(len(static_run["records"]) / static_cpu["used"] * psutil.cpu_count(), 1)
            if static_cpu["used"]
            else None
        )
        step_rate = result["journey"]["kinds"].get("step page", {}).get("per_second") or 0
        result["dynamic_static_ratio"] = round(step_rate / result["static"]["per_second"], 3)
        step_cpu = result["journey"]["cpu_per_kind"].get("step page", {}).get("cpu_mean_ms")
        result["dynamic_static_cpu_ratio"] = (
            round(result["static"]["server_cpu_ms_per_request"] / step_cpu, 3) if step_cpu else None
        )

        print(f"[{kind}] write path: {len(writers)} learners submit at once", flush=True)
        write = burst(server, "write", writers, plan, args, "final submit", postgres)
        result["write_path"] = {**write, **verify_writes(app, writers, plan)}
        print(f"[{kind}] write path: {len(writers)} learners save a reflection at once", flush=True)
        saves = burst(server, "reflections", writers, plan, args, "reflection save", postgres)
        result["reflection_saves"] = {**saves, **verify_reflections(app, writers, plan)}
        result["memory_after_load"] = memory(server.worker_pids())
        result["extras"] = {}
        if postgres and args.responses > 0:  # the dashboard on PostgreSQL too, in a database of its own
            postgres._run("createdb", "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "leerpad", "dashboard")
            result["extras"] = extras.run_all(
                app,
                workdir,
                hooks=(extras.dashboard_100k_responses,),
                responses=args.responses,
                database_url=url.rsplit("/", 1)[0] + "/dashboard",
            )
    finally:
        for server in servers:
            server.stop()
        if postgres:
            postgres.remove()
    return result


def reading(server, learners: list, plan: dict, args) -> dict:
    """Learners who only read: step pages one after another, as fast as they come, then paced at
    ``--reading-rate`` for the latency at that rate. The journey posts after every step, so there
    step pages are half the requests; this is what the server gives when they are all of them."""
    print(f"[reading] {len(learners)} learners open step pages only", flush=True)
    cpu = {}

    def begin():
        cpu["before"] = cpu_seconds(server.pids())
        threading.Timer(args.duration / 2, lambda: cpu.setdefault("after", cpu_seconds(server.pids()))).start()

    run = load.run(
        server.url,
        "reading",
        learners,
        plan,
        PASSWORD,
        duration=args.duration / 2,
        processes=args.clients,
        on_start=begin,
        paced=args.reading_rate,
    )
    capacity = summarize(run["records"], run["elapsed"]).get("step page", {})
    server_cpu = cpu["after"] - cpu["before"]
    result = {
        "learners": len(learners),
        "seconds": round(run["elapsed"], 1),
        "capacity": capacity,
        "server_cpu_ms_per_page": round(server_cpu * 1000 / max(1, capacity.get("count", 0)), 2),
        "server_cpu_share": round(server_cpu / (run["elapsed"] * psutil.cpu_count()), 3),
        "generator_cpu_share": round(run["generator_cpu_seconds"] / (run["elapsed"] * psutil.cpu_count()), 3),
    }
    if run["paced"]:
        result["paced"] = {
            "offered_per_second": round(run["paced_offered"], 1),
            **summarize(run["paced"], run["paced_elapsed"]).get("step page", {}),
        }
    return result


def step_page(app, module_id: str, step_id: str) -> bytes:
    from sqlalchemy import select

    from learn.auth.models import User
    from learn.extensions import db

    with app.app_context():
        user = db.session.scalar(select(User).order_by(User.id))
        client = app.test_client()
        client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
        page = client.get(f"/modules/{module_id}/steps/{step_id}")
        db.engine.dispose()
    assert page.status_code == 200, page.status_code
    return page.data


def print_table(results: dict) -> None:
    for _kind, run in results["runs"].items():
        print(
            f"\n== {run['database_version']} · gunicorn {results['config']['workers']} workers × "
            f"{results['config']['threads']} threads ({results['config']['worker_class']}) · module "
            f"{run['module']['id']} ({run['module']['steps']} steps)"
        )
        j = run["journey"]
        print(
            f"learner journey: {j['learners']} learners, {j['seconds']} s, {j['requests_per_second']} req/s "
            f"(server CPU {j['server_cpu_share']:.0%}, load generator CPU {j['generator_cpu_share']:.0%} of "
            f"{psutil.cpu_count()} cores)"
        )
        print(
            f"  {'kind':<18}{'count':>8}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
            f"{'errors':>8}{'4xx':>6}"
        )
        rows = [*j["kinds"].items(), *[(f"({k})", v) for k, v in j["login_phase"].items()]]
        for name, k in rows:
            rate = k["per_second"] if k["per_second"] is not None else "-"
            print(
                f"  {name:<18}{k['count']:>8}{rate:>8}{k['p50_ms']:>9}{k['p95_ms']:>9}{k['p99_ms']:>9}"
                f"{k['max_ms']:>9}{k['errors']:>8}{k['rejected_4xx']:>6}"
            )
        proj = j["projected_at_full_cores"]
        print(
            f"server CPU per request {j['server_cpu_ms_per_request']} ms; with both cores to the server: "
            f"{proj['requests_per_second']} req/s, of which {proj['step_pages_per_second']} step pages/s"
        )
        print(
            "  CPU per request (request log): "
            + "; ".join(f"{k} {v['cpu_mean_ms']} ms (p95 {v['cpu_p95_ms']})" for k, v in j["cpu_per_kind"].items())
        )
        if "paced_journey" in run:
            pj = run["paced_journey"]
            print(f"paced journey: offered {pj['offered_per_second']} req/s, served {pj['requests_per_second']} req/s")
            for name, k in pj["kinds"].items():
                print(
                    f"  {name:<18}{k['count']:>8}{k['per_second']:>8}{k['p50_ms']:>9}{k['p95_ms']:>9}{k['p99_ms']:>9}"
                    f"{k['max_ms']:>9}{k['errors']:>8}{k['rejected_4xx']:>6}"
                )
        if "reading" in run:
            r, c = run["reading"], run["reading"]["capacity"]
            print(
                f"reading (step pages only, {r['learners']} learners, {r['seconds']} s): {c['per_second']} pages/s, "
                f"p50 {c['p50_ms']} / p95 {c['p95_ms']} ms, errors {c['errors']}; server CPU {r['server_cpu_ms_per_page']}"
                f" ms per page, {r['server_cpu_share']:.0%} of the cores (load generator {r['generator_cpu_share']:.0%})"
            )
            if "paced" in r:
                pr = r["paced"]
                print(
                    f"  paced: offered {pr['offered_per_second']} pages/s, served {pr['per_second']}, p50 {pr['p50_ms']}"
                    f" / p95 {pr['p95_ms']} / p99 {pr['p99_ms']} ms, errors {pr['errors']}"
                )
        s = run["static"]
        print(
            f"static step page: {s['per_second']} req/s, p95 {s['p95_ms']} ms ({s['page_bytes']} bytes); "
            f"dynamic/static = {run['dynamic_static_ratio']} measured; server CPU per request "
            f"{s['server_cpu_ms_per_request']} ms static, so static/step-page CPU = {run['dynamic_static_cpu_ratio']}; "
            f"static with both cores: {s['projected_at_full_cores']} req/s"
        )
        if "wrk" in run:
            print(f"wrk, {run['wrk']['connections']} connections, {run['wrk']['seconds_each']:g} s per URL:")
            wrk.print_table(run["wrk"])
        w = run["write_path"]
        print(
            f"write path: {w['learners']} at once ({'quiz form' if w['posted_form'] else 'final step'}), "
            f"p50 {w['p50_ms']} ms, p95 {w['p95_ms']} ms, max {w['max_ms']} ms, errors {w['errors']}, "
            f"recorded once {w['final_step_done_once']}/{w['submitted']}, attempts {w['attempt_tables'] or '-'}"
        )
        r = run["reflection_saves"]
        print(
            f"reflection saves: {r['learners']} at once, p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, "
            f"errors {r['errors']}, saved once {r['saved_once']}/{r['submitted']}"
        )
        for name, b in (("final submit", w), ("reflection save", r)):
            print(
                f"  {name}: server CPU {b['server_cpu_ms_per_post']} ms per post (in the request "
                f"{b['request_cpu_ms_per_post']} ms); CPU-bound minimum {b['cpu_bound_minimum_ms']} ms; "
                f"p95 / minimum = {b['p95_to_cpu_bound']} (target ≤ 1.5)"
            )
            if "machine_bound_ms" in b:
                print(
                    f"    the same cores also ran the database ({b['database_cpu_ms_per_post']} ms per post) and the "
                    f"load generator ({b['generator_cpu_ms_per_post']} ms): all three one after another "
                    f"{b['machine_bound_ms']} ms; p95 / that = {b['p95_to_machine_bound']}"
                )
        st = run["startup"]
        print(
            f"start-up: create_app {st['create_app_s']} s, CPU {st['create_app_cpu_s']} s (best wall "
            f"{st['create_app_best_s']} s; {st['modules']} modules, {st['steps']} steps); imports {st['imports_s']} s, "
            f"CPU {st['imports_cpu_s']} s; whole process {st['process_s']} s; gunicorn ready {st['gunicorn_ready_s']} s"
        )
        print(
            "memory after load: "
            + ", ".join(
                f"worker {m['pid']} RSS {m['rss_mb']} MB (USS {m['uss_mb']}, PSS {m['pss_mb']})"
                for m in run["memory_after_load"]
            )
        )
        for name, figure in run["extras"].items():
            print(
                f"{name} on {run['database_version']}: "
                + ("\n  ".join(figure["report"]) if "report" in figure else figure["status"])
            )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--learners", type=int, default=200, help="simulated learners on the journey")
    parser.add_argument("--writers", type=int, default=200, help="learners submitting the final quiz at once")
    parser.add_argument("--duration", type=float, default=30, help="seconds of journey load")
    parser.add_argument("--clients", type=int, default=2, help="load generator processes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("LEERPAD_THREADS", "4")))
    parser.add_argument("--worker-class", default=None, help="override gunicorn.conf.py (e.g. sync)")
    parser.add_argument("--no-preload", action="store_true")
    parser.add_argument("--modules", default=None, help="modules folder (default: modules/, else the test fixture)")
    parser.add_argument("--module", default=None, help="module id for the journey (default: the longest)")
    parser.add_argument(
        "--paced",
        type=float,
        default=0,
        help="after the capacity run, the journey at this many requests/s for latency "
        "(0: 60%% of the measured capacity; -1: skip)",
    )
    parser.add_argument(
        "--reading-rate",
        type=float,
        default=400,
        help="step pages/s offered to learners who only read, after their capacity run (-1: skip)",
    )
    parser.add_argument(
        "--wrk-seconds", type=float, default=10, help="seconds of wrk per step page kind and the static file (0: skip)"
    )
    parser.add_argument("--profile", action="store_true", help="py-spy a worker during the journey")
    parser.add_argument("--certificates", type=int, default=1000, help="certificate PDFs in a row (0: skip)")
    parser.add_argument(
        "--responses", type=int, default=100_000, help="evaluation responses for the dashboard (0: skip)"
    )
    parser.add_argument("--label", default="")
    args = parser.parse_args(argv)
    if args.paced < 0:
        args.paced = None
    RESULTS.mkdir(exist_ok=True)
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cores": psutil.cpu_count(),
            "load_average_at_start": os.getloadavg(),
            "python": platform.python_version(),
        },
        "config": {
            "workers": args.workers,
            "threads": args.threads,
            "worker_class": args.worker_class or "gthread",
            "preload": not args.no_preload,
            "label": args.label,
        },
        "runs": {},
    }
    for kind in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        results["runs"][kind] = run_database(kind, args)
    print("feature benchmarks (their own databases; SQLite for the dashboard):", flush=True)
    results["once"] = extras.run_all(
        None, RESULTS, hooks=extras.ONCE, count=args.certificates, responses=args.responses
    )
    results["machine"]["load_average_at_end"] = os.getloadavg()
    previous = sorted(RESULTS.glob("bench-*.json"))
    target = RESULTS / f"bench-{datetime.now():%Y%m%d-%H%M%S}{'-' + args.label if args.label else ''}.json"
    target.write_text(json.dumps(results, indent=2, default=str))
    print_table(results)
    if previous:
        before = json.loads(previous[-1].read_text())
        print(f"\nagainst the previous run ({previous[-1].name}):")
        for kind, run in results["runs"].items():
            earlier = before.get("runs", {}).get(kind, {})
            if "wrk" in run:
                print(f"[{kind}]", *wrk.compare(run["wrk"], earlier.get("wrk")), sep="\n")
            for burst_name in ("write_path", "reflection_saves"):
                now, then = run.get(burst_name, {}), earlier.get(burst_name, {})
                if now.get("p95_to_cpu_bound") and then.get("p95_to_cpu_bound"):
                    print(
                        f"[{kind}] {burst_name}: CPU per post {then['server_cpu_ms_per_post']} → "
                        f"{now['server_cpu_ms_per_post']} ms, p95 {then['p95_ms']} → {now['p95_ms']} ms, "
                        f"p95 / CPU-bound minimum {then['p95_to_cpu_bound']} → {now['p95_to_cpu_bound']}"
                    )
    for name, figure in results["once"].items():
        print(f"{name}: " + ("\n  ".join(figure["report"]) if "report" in figure else figure["status"]))
    print(
        f"\nload average at start {results['machine']['load_average_at_start']}, at end "
        f"{results['machine']['load_average_at_end']} ({results['machine']['cores']} cores)"
    )
    print(f"written to {target}")


if __name__ == "__main__":
    main()
