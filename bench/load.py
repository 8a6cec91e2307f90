"""The load generator: simulated learners as asyncio tasks (aiohttp), spread over
a few processes so that the generator itself is not the bottleneck.

Each learner has its own cookies and its own X-Forwarded-For address (the
server trusts one proxy hop), logs in, and walks the module: opens each step,
saves reflections, chooses in scenarios, posts the quiz form where a step has
one, and presses "next". No think time: the figures are the server's capacity.
"""

import asyncio
import multiprocessing
import re
import resource
import time
from dataclasses import dataclass, field
from functools import partial
from http.cookies import SimpleCookie

import aiohttp

from learn.testing.forms import StepForm

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CHOICE = re.compile(r'name="choice" value="([^"]+)"')


async def open_quiz(learner, url: str, page: str) -> list[tuple[str, str]] | None:
    """The quiz's filled-in form, ready to submit; starts an attempt first when the page offers one."""
    form = StepForm(page)
    if form.data_with("submit") is None and form.data_with("retry") is not None:
        await learner.request("quiz start", "POST", url, {"action": "retry"})
        _, page = await learner.request("quiz page", "GET", url)
        form = StepForm(page)
    return form.hand_in()


@dataclass
class Learner:
    session: aiohttp.ClientSession
    base: str
    email: str
    address: str
    records: list
    t0: float
    cookies: dict = field(default_factory=dict)
    token: str = ""
    interval: float = 0.0  # seconds between this learner's requests when paced; 0 = as fast as answers come
    next_at: float = 0.0
    prepared: object = None  # a burst's form data and (kind, url), filled in before the barrier
    prepared_post: tuple = ("", "")
    form_ready: bool = False  # the page gave the form the burst posts (a quiz form, not only "next")

    async def request(self, kind: str, method: str, path: str, data=None) -> tuple[int | str, str]:
        if self.interval:
            now = time.perf_counter()
            if self.next_at > now:
                await asyncio.sleep(self.next_at - now)
            self.next_at = max(self.next_at, now) + self.interval
        headers = {"X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None and isinstance(data, dict):
            data = {"csrf_token": self.token, **data}
        elif data is not None:
            data = [("csrf_token", self.token), *data]
        started = time.perf_counter()
        try:
            async with self.session.request(
                method, self.base + path, data=data, headers=headers, allow_redirects=False
            ) as response:
                body = await response.text()
                status = response.status
                for header in response.headers.getall("Set-Cookie", []):
                    jar = SimpleCookie()
                    jar.load(header)
                    for key, morsel in jar.items():
                        if morsel["max-age"] == "0" or morsel["expires"].startswith("Thu, 01 Jan 1970"):
                            self.cookies.pop(key, None)
                        else:
                            self.cookies[key] = morsel.value
        except (TimeoutError, aiohttp.ClientError) as error:
            status, body = f"{type(error).__name__}", ""
        self.records.append((kind, started - self.t0, (time.perf_counter() - started) * 1000, status))
        if isinstance(status, int) and (token := CSRF.search(body)):
            self.token = token.group(1)
        return status, body

    async def log_in(self, password: str) -> bool:
        await self.request("login-form", "GET", "/inloggen")
        status, _ = await self.request("login", "POST", "/inloggen", {"email": self.email, "password": password})
        return status == 302


def _from(steps: list, start: int) -> list:
    return steps[start:] + steps[:start]


async def walk(learner: Learner, plan: dict, end: float, start: int = 0, posts: bool = True) -> None:
    """Round after round through the module, from step ``start``, until the time is up.
    Without ``posts`` the learner only reads: step pages one after another, nothing posted."""
    module = plan["module"]
    while time.perf_counter() < end:
        for step in _from(plan["steps"], start):
            if time.perf_counter() >= end:
                return
            url = f"/modules/{module}/steps/{step['id']}"
            status, page = await learner.request("step page", "GET", url)
            if status != 200 or not posts:
                continue
            if step["type"] == "reflection":
                answers = {f"answer-{q}": f"Mijn antwoord op {q}, {time.time():.0f}." for q in step["questions"]}
                await learner.request("save reflection", "POST", url, {"action": "save", **answers})
            elif step["type"] == "scenario":
                choices = CHOICE.findall(page)
                data = {"choice": choices[0]} if choices else {"action": "restart"}
                await learner.request("scenario choice", "POST", url, data)
            elif step["type"] == "quiz":
                submit = await open_quiz(learner, url, page)
                if submit:
                    await learner.request("quiz submit", "POST", url, submit)
                    continue
            if 'name="action" value="next"' in page:
                await learner.request("next", "POST", url, {"action": "next"})


WALKERS = {"journey": walk, "reading": partial(walk, posts=False)}


async def _journeys(spec: dict, barrier, out) -> None:
    # Idle connections are dropped before gunicorn's keep-alive (5 s) would drop them under a request.
    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=3)
    timeout = aiohttp.ClientTimeout(total=60)
    records: list = []
    async with aiohttp.ClientSession(
        connector=connector, cookie_jar=aiohttp.DummyCookieJar(), timeout=timeout
    ) as session:
        t0 = time.perf_counter()
        learners = [Learner(session, spec["base"], email, address, records, t0) for email, address in spec["learners"]]
        if spec["mode"] == "static":  # a file: nobody needs to log in
            logged_in = [True] * len(learners)
        else:
            logged_in = await asyncio.gather(*(_gently(learner.log_in(spec["password"])) for learner in learners))
        await asyncio.get_running_loop().run_in_executor(None, barrier.wait, 300)
        measured: list = []
        for learner in learners:
            learner.records = measured
        cpu_before = _cpu()
        started = time.perf_counter()
        walker = WALKERS.get(spec["mode"])
        if walker:
            end = started + spec["duration"]
            await asyncio.gather(
                *(walker(learner, spec["plan"], end) for learner, ok in zip(learners, logged_in) if ok)
            )
        elif spec["mode"] == "static":
            end = started + spec["duration"]
            await asyncio.gather(*(_static(learner, end) for learner in learners))
        elapsed = time.perf_counter() - started
        cpu = _cpu() - cpu_before
        result = {"records": measured, "before": records, "cpu": cpu, "elapsed": elapsed, "logged_in": sum(logged_in)}
        if walker and spec.get("paced") is not None:
            # Then the same walk at an offered rate the server can keep up with: latency, not capacity.
            share = spec["paced"] / spec["processes"] if spec["paced"] > 0 else 0.6 * len(measured) / elapsed
            paced: list = []
            walkers = [learner for learner, ok in zip(learners, logged_in) if ok]
            now = time.perf_counter()
            for number, learner in enumerate(walkers):
                learner.records = paced
                learner.interval = len(walkers) / share
                learner.next_at = now + learner.interval * number / len(walkers)
            # Paced learners would keep in step with each other all the way through, so that every one
            # reaches the final quiz in the same second; a real cohort spreads out. Each starts elsewhere.
            steps = len(spec["plan"]["steps"])
            await asyncio.gather(
                *(
                    walker(learner, spec["plan"], now + spec["duration"], start=number * steps // len(walkers))
                    for number, learner in enumerate(walkers)
                )
            )
            result.update(paced=paced, paced_elapsed=time.perf_counter() - now, paced_offered=share)
        out.put(result)


LOGIN_CONCURRENCY = 8  # per process: a login is ~100 ms of scrypt; all at once would only queue in the server


async def _gently(coroutine):
    """Logins (the set-up, not the measured part) a few at a time, so none times out in the queue."""
    global _login_slots
    if _login_slots is None:
        _login_slots = asyncio.Semaphore(LOGIN_CONCURRENCY)
    async with _login_slots:
        return await coroutine


_login_slots = None


async def _static(learner: Learner, end: float) -> None:
    while time.perf_counter() < end:
        await learner.request("static page", "GET", "/steps/static.html")


async def _submit(learner: Learner) -> None:
    """The form was read before the barrier; now it is only sent."""
    kind, url = learner.prepared_post
    await learner.request(kind, "POST", url, learner.prepared)


async def _prepare_final_submit(learner: Learner, plan: dict) -> None:
    url = f"/modules/{plan['module']}/steps/{plan['final']}"
    _, page = await learner.request("open final", "GET", url)
    submit = await open_quiz(learner, url, page)
    learner.prepared = submit or [("action", "next")]
    learner.prepared_post = ("final submit", url)
    learner.form_ready = submit is not None


async def _prepare_reflection_save(learner: Learner, plan: dict) -> None:
    """The text the browser's drafts runtime would post while the learner types (learn.player.views.autosave)."""
    step = next(s for s in plan["steps"] if s["type"] == "reflection")
    url = f"/modules/{plan['module']}/steps/{step['id']}"
    await learner.request("open reflection", "GET", url)
    learner.prepared = {f"answer-{q}": reflection_text(learner.email, q) for q in step["questions"]}
    learner.prepared_post = ("reflection save", f"{url}/bewaar")
    learner.form_ready = bool(step["questions"])


def reflection_text(email: str, question: str) -> str:
    return f"Wat ik meenam ({email}, {question}): eerst luisteren, dan pas vragen stellen."


PREPARERS = {"write": _prepare_final_submit, "reflections": _prepare_reflection_save}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _prepare_and_submit(spec: dict, barrier, out) -> None:
    """A burst: everyone logs in and opens the page, then all post at the same moment
    (mode "write": the final quiz; "reflections": an autosave of a reflection)."""
    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=3)
    records: list = []
    async with aiohttp.ClientSession(
        connector=connector, cookie_jar=aiohttp.DummyCookieJar(), timeout=aiohttp.ClientTimeout(total=120)
    ) as session:
        t0 = time.perf_counter()
        learners = [Learner(session, spec["base"], email, address, records, t0) for email, address in spec["learners"]]
        plan = spec["plan"]
        preparer = PREPARERS[spec["mode"]]

        async def prepare(learner):
            await learner.log_in(spec["password"])
            await preparer(learner, plan)

        await asyncio.gather(*(_gently(prepare(learner)) for learner in learners))
        await asyncio.get_running_loop().run_in_executor(None, barrier.wait, 300)
        measured: list = []
        for learner in learners:
            learner.records = measured
        cpu_before = _cpu()
        started = time.perf_counter()
        await asyncio.gather(*(_submit(learner) for learner in learners))
        elapsed = time.perf_counter() - started
        out.put(
            {
                "records": measured,
                "before": records,
                "cpu": _cpu() - cpu_before,
                "elapsed": elapsed,
                "logged_in": len(learners),
                "form_ready": all(learner.form_ready for learner in learners),
            }
        )


def _process(spec, barrier, out):
    runner = _prepare_and_submit if spec["mode"] in PREPARERS else _journeys
    asyncio.run(runner(spec, barrier, out))


def run(
    base: str,
    mode: str,
    learners: list[tuple[str, str]],
    plan: dict,
    password: str,
    duration: float = 0,
    processes: int = 2,
    on_start=None,
    paced: float | None = None,
) -> dict:
    """Run ``learners`` (email, address) against ``base`` in ``processes`` processes; merge what they saw.

    ``on_start`` is called once every process is ready (logged in), right as the measured part begins.
    """
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(processes + 1)
    out = context.Queue()
    chunks = [learners[i::processes] for i in range(processes)]
    workers = [
        context.Process(
            target=_process,
            args=(
                {
                    "base": base,
                    "mode": mode,
                    "learners": chunk,
                    "plan": plan,
                    "password": password,
                    "duration": duration,
                    "paced": paced,
                    "processes": processes,
                },
                barrier,
                out,
            ),
        )
        for chunk in chunks
    ]
    for worker in workers:
        worker.start()
    barrier.wait(600)
    if on_start:
        on_start()
    started = time.perf_counter()
    results = [out.get(timeout=2 * duration + 600) for _ in workers]
    wall = time.perf_counter() - started
    for worker in workers:
        worker.join(timeout=30)
    return {
        "records": [r for result in results for r in result["records"]],
        "before": [r for result in results for r in result["before"]],
        "generator_cpu_seconds": sum(result["cpu"] for result in results),
        "elapsed": max(result["elapsed"] for result in results),
        "wall": wall,
        "logged_in": sum(result["logged_in"] for result in results),
        "form_ready": all(result.get("form_ready", False) for result in results),
        "paced": [r for result in results for r in result.get("paced", [])],
        "paced_elapsed": max((result.get("paced_elapsed", 0) for result in results), default=0),
        "paced_offered": sum(result.get("paced_offered", 0) for result in results),
    }
