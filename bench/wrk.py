"""The step page against the same server's static file, with Debian's ``wrk``:
``.venv/bin/python -m bench.wrk [--db sqlite|postgresql] [--seconds 10]``.

One gunicorn with the production settings (``gunicorn.conf.py``), a learner far into the module signed in; ``wrk``
(one thread, 8 keep-alive connections, the learner's session cookie) asks for a step page of each
kind, then for ``/static/leerpad.css``, for ``--seconds`` each. Per URL: requests/s, latency and the
server CPU each request cost (the gunicorn processes' CPU time over the run), and the ratio of each
step page's rate to the static file's, the target being ≥ 0.5. Writes bench/results/wrk-*.json and
prints the change against the previous one. ``run`` is also called by ``python -m bench``.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path

import psutil

from .harness import bench_gunicorn, bench_postgres

RESULTS = Path(__file__).parent / "results"
STATIC = "/static/leerpad.css"
TARGET = 0.5
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_program() -> str:
    program = shutil.which("wrk")
    if program is None:
        raise SystemExit("wrk is not installed: sudo apt-get install wrk (scripts/setup does it)")
    return program


def sign_in(base: str, email: str, password: str) -> str:
    """The ``Cookie`` header of a learner signed in through the login form. By hand: the production
    cookie is ``Secure``, which a cookie jar would not send back over plain HTTP on loopback."""
    cookies = {}

    def ask(data: dict | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "X-Forwarded-For": "127.3.0.1"}
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            response = opener.open(urllib.request.Request(base + "/inloggen", body, headers))
        except urllib.error.HTTPError as error:  # the redirect after a successful login
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            cookies.update({key: morsel.value for key, morsel in jar.items()})
        return response.read().decode()

    page = ask()
    ask({"email": email, "password": password, "csrf_token": CSRF.search(page).group(1)})
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def check(base: str, path: str, cookie: str) -> dict:
    """One request first: the page must be the page (200, not a redirect to the login form)."""
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(request) as response:
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        return {"bytes": len(body)}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect comes back as an HTTPError with its 3xx status


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return round(float(number) * UNITS[unit], 3)


def parse_wrk(output: str) -> dict:
    """Requests/s, latency percentiles and bad answers from ``wrk --latency`` output."""
    figures = {
        "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx_3xx": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) else 0,
        "socket_errors": sum(map(int, re.findall(r"(?:connect|read|write|timeout) (\d+)", output))),
    }
    for percent, value in re.findall(r"^\s+(50|90|99)%\s+(\S+)$", output, flags=re.MULTILINE):
        figures[f"p{percent}_ms"] = _milliseconds(value)
    return figures


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def hammer(server, path: str, cookie: str, seconds: float, connections: int) -> dict:
    """``wrk`` on one URL, after a second of warming up (every worker thread compiles its templates
    on its first page); the figures and the server CPU per request over the same seconds."""
    headers = ["-H", f"Cookie: {cookie}", "-H", "X-Forwarded-For: 127.3.0.1"]
    command = [wrk_program(), "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    command += [*headers, server.url + path]
    warm = [*command[:3], "-d1s", *command[4:]]
    subprocess.run(warm, capture_output=True, check=True, timeout=60)
    before = cpu_seconds(server.pids())
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    used = cpu_seconds(server.pids()) - before
    figures = parse_wrk(output)
    figures["server_cpu_ms_per_request"] = round(used * 1000 / max(1, figures["requests"]), 3)
    figures["server_cpu_share"] = round(used / (seconds * psutil.cpu_count()), 3)
    return figures


def step_urls(module) -> dict[str, str]:
    """The first step of each kind in ``module``."""
    urls = {}
    for step in module.steps:
        urls.setdefault(step.type_name, f"/modules/{module.id}/steps/{step.id}")
    return urls


def profile(pid: int, seconds: float, target: Path) -> subprocess.Popen:
    """py-spy on one worker while wrk runs: collapsed stacks (flamegraph.pl's input) in ``target``."""
    spy = Path(sys.executable).with_name("py-spy")
    command = [str(spy), "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "250"]
    command += ["--format", "raw", "--output", str(target), "--nonblocking"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def hot_spots(collapsed: Path, top: int = 25) -> list[tuple[str, float]]:
    """From py-spy's collapsed stacks, the share of samples each of Leerpad's and the libraries' functions
    is on the stack for (inclusive), the biggest first."""
    counts: dict[str, int] = {}
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        total += int(n)
        for frame in set(stack.split(";")):
            counts[frame] = counts.get(frame, 0) + int(n)
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    return [(frame, round(n / max(1, total), 3)) for frame, n in ranked[:top]]


def run(
    server, cookie: str, urls: dict[str, str], seconds: float, connections: int = 8, profile_to: Path | None = None
) -> dict:
    """Each step page and the static file on ``server``, one after another, and their ratios."""
    pages = {}
    for kind, path in urls.items():
        pages[kind] = {"path": path, **check(server.url, path, cookie)}
        spy = profile(server.worker_pids()[0], seconds, profile_to.with_suffix(f".{kind}.txt")) if profile_to else None
        pages[kind].update(hammer(server, path, cookie, seconds, connections))
        if spy:
            spy.wait(timeout=60)
            pages[kind]["profile"] = hot_spots(profile_to.with_suffix(f".{kind}.txt"))
    static = {
        "path": STATIC,
        **check(server.url, STATIC, cookie),
        **hammer(server, STATIC, cookie, seconds, connections),
    }
    for figures in pages.values():
        figures["ratio_to_static"] = round(figures["per_second"] / static["per_second"], 3)
        figures["cpu_ratio_to_static"] = round(
            static["server_cpu_ms_per_request"] / max(figures["server_cpu_ms_per_request"], 1e-9), 3
        )
    return {
        "seconds_each": seconds,
        "connections": connections,
        "target_ratio": TARGET,
        "pages": pages,
        "static": static,
    }


def compare(current: dict, previous: dict | None) -> list[str]:
    """Lines that say, per URL, how the rate and the ratio moved since the previous run."""
    if not previous:
        return ["no previous run to compare with"]
    lines = []
    before_pages = previous.get("pages", {})
    for kind, now in current["pages"].items():
        then = before_pages.get(kind)
        if then:
            lines.append(
                f"  {kind:<12} {then['per_second']:>8.0f} → {now['per_second']:>8.0f} req/s; "
                f"ratio {then['ratio_to_static']:.3f} → {now['ratio_to_static']:.3f}; "
                f"CPU {then['server_cpu_ms_per_request']:.2f} → {now['server_cpu_ms_per_request']:.2f} ms"
            )
    then, now = previous["static"], current["static"]
    lines.append(f"  {'static':<12} {then['per_second']:>8.0f} → {now['per_second']:>8.0f} req/s")
    return lines


def print_table(figures: dict) -> None:
    print(f"{'page':<12}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms':>9}{'ratio':>8}{'CPU ratio':>11}{'bad':>6}")
    for kind, f in [*figures["pages"].items(), ("static", figures["static"])]:
        print(
            f"{kind:<12}{f['per_second']:>9.0f}{f.get('p50_ms', 0):>9.2f}{f.get('p99_ms', 0):>9.2f}"
            f"{f['server_cpu_ms_per_request']:>9.3f}{f.get('ratio_to_static', 1):>8.3f}"
            f"{f.get('cpu_ratio_to_static', 1):>11.3f}{f['non_2xx_3xx'] + f['socket_errors']:>6}"
        )


def previous_result(kind: str) -> dict | None:
    runs = sorted(RESULTS.glob(f"wrk-{kind}-*.json"))
    return json.loads(runs[-1].read_text()) if runs else None


def main(argv=None) -> None:
    from . import __main__ as bench

    parser = argparse.ArgumentParser(prog="python -m bench.wrk", description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kinds", default="", help="step kinds to load, comma-separated (default: every kind)")
    parser.add_argument("--profile", action="store_true", help="py-spy a worker during each step page's run")
    parser.add_argument("--label", default="")
    args = parser.parse_args(argv)
    wrk_program()
    RESULTS.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="leerpad-wrk-"))
    postgres = bench_postgres() if args.db == "postgresql" else None
    server = None
    try:
        url = postgres.url if postgres else f"sqlite:///{workdir / 'leerpad.sqlite3'}"
        modules = bench.default_modules()
        app = bench.make_bench_app(url, modules)
        module = sorted(app.extensions["leerpad_library"], key=lambda m: len(m.steps))[-1]
        # A learner far into the module (every step but the final test marked done): the page reads every
        # kind of record, as it does for most of a cohort, not the little a learner at the start has.
        _, ((learner, _),) = bench.seed(app, module, 0, 1)
        env = {"DATABASE_URL": url, "LEERPAD_MODULES": str(modules)}
        server = bench_gunicorn("wsgi:app", env, workdir / "gunicorn.log", workers=args.workers).start()
        cookie = sign_in(server.url, learner, bench.PASSWORD)
        urls = step_urls(module)
        if args.kinds:
            urls = {kind: path for kind, path in urls.items() if kind in args.kinds.split(",")}
        load_before = os.getloadavg()
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}{'-' + args.label if args.label else ''}"
        profile_to = RESULTS / f"profile-wrk-{args.db}-{stamp}" if args.profile else None
        figures = run(server, cookie, urls, args.seconds, args.connections, profile_to)
        result = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": args.db,
            "module": module.id,
            "workers": args.workers,
            "label": args.label,
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
            **figures,
        }
    finally:
        if server:
            server.stop()
        if postgres:
            postgres.remove()
    previous = previous_result(args.db)
    target = RESULTS / f"wrk-{args.db}-{stamp}.json"
    target.write_text(json.dumps(result, indent=2))
    print_table(result)
    for kind, figures in result["pages"].items():
        if "profile" in figures:
            print(f"py-spy, {kind}: share of samples with the function on the stack")
            print(*(f"  {share:6.1%}  {frame}" for frame, share in figures["profile"]), sep="\n")
    print("against the previous run:", *compare(result, previous), sep="\n")
    print(f"load average before {result['load_average_before']}, after {result['load_average_after']}")
    print(f"written to {target}")


if __name__ == "__main__":
    main()
