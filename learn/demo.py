"""Demo accounts and a demo history for a first look at Leerpad. Never created in production.

``learn seed-demo`` (run by ``scripts/run``) makes every line of the README's tour show something:
the demo learner is part-way through one module (reflections, a finished scenario) and has finished
another (a failed and a passed final test, the evaluation, a certificate); made-up former learners
give the quiz statistics their attempts; the admin sees an issued and a revoked certificate.
Each part is written once: running it again changes nothing.
"""

import random
from datetime import timedelta

from sqlalchemy import select

from .auth.models import User, utcnow
from .certificates.facts import required_study_seconds
from .extensions import db

DEMO_USERS = (
    ("deelnemer@leerpad.local", "Sanne de Deelnemer", "learner"),
    ("trainer@leerpad.local", "Tom de Trainer", "trainer"),
    ("beheerder@leerpad.local", "Bea de Beheerder", "admin"),
    ("instelling@leerpad.local", "Ilse van de Instelling", "institution"),
)
DEMO_PASSWORD = "leerpad-demo"  # noqa: S105 (the documented demo password)
DEMO_LEARNER = DEMO_USERS[0][0]
# A second learner whose certificate an admin revoked: never signs in.
REVOKED_LEARNER = ("jorik@leerpad.local", "Jorik Jansen")
REFLECTIONS = (  # long enough for every question's minimum (learn.player.work)
    "In onze wijk zie ik vooral jongens van 14 tot 17. Meiden en ouders zie ik bijna nooit. "
    "Ik wil weten waar zij hun vrije tijd doorbrengen en wie ze vertrouwen.",
    "Ik wil langs bij het buurthuis en de moskee op de hoek, en vragen wat zij nodig hebben. "
    "Daarna spreek ik met mijn collega af wie welke ouders belt.",
    "Ik merk dat ik snel denk dat ik het al weet. Eerst vragen werkt beter. "
    "Volgende keer stel ik twee open vragen voordat ik zelf iets voorstel.",
)


def create_demo_users() -> list[str]:
    lines = []
    for email, name, role in DEMO_USERS:
        if db.session.scalar(select(User).filter_by(email=email)) is None:
            user = User(email=email, name=name, role=role, demo=True)
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        lines.append(f"{role:12} {email} / {DEMO_PASSWORD}")
    db.session.commit()
    from .evaluation.seed import seed_demo_evaluations  # made-up anonymous responses for the dashboard

    lines += seed_demo_evaluations()
    lines += seed_demo_journey()
    return lines


def seed_demo_journey() -> list[str]:
    """The demo learner's history, the former learners' final tests, an issued and a revoked certificate."""
    from .content.library import get_library
    from .player.models import Enrolment

    learner = db.session.scalar(select(User).filter_by(email=DEMO_LEARNER))
    modules = sorted((m for m in get_library() if m.final_quiz is not None), key=lambda m: m.id)
    if learner is None or not modules or db.session.scalar(select(Enrolment.id).filter_by(user_id=learner.id)):
        return []
    rng = random.Random(2026)  # noqa: S311 (demo data)
    lines = [f"demo learner {DEMO_LEARNER}: part-way through {modules[0].id}"]
    _part_way(learner, modules[0], rng)
    if len(modules) > 1:
        # A module whose accreditation holds today, so the finished learner can show a certificate.
        today = utcnow().date()
        done = next((m for m in modules[1:] if any(a.is_valid_on(today) for a in m.accreditations)), modules[1])
        certificate = _finished(learner, done, rng)
        lines.append(
            f"demo learner {DEMO_LEARNER}: finished {done.id}" + (", with a certificate" if certificate else "")
        )
    jorik = User(email=REVOKED_LEARNER[0], name=REVOKED_LEARNER[1], role="learner", active=False, demo=True)
    jorik.password_hash = "!"  # noqa: S105 (no password: this account cannot sign in)
    db.session.add(jorik)
    db.session.flush()
    certificate = _finished(jorik, modules[-1], rng)
    if certificate is not None:
        from .certificates.issuing import revoke

        revoke(certificate, "Dubbel ingeschreven; de deelnemer heeft de module niet zelf gedaan.")
        lines.append(f"certificates: {certificate.number} revoked")
    for module in modules:
        lines.append(f"quiz attempts {module.id}: {_former_learners_attempts(module, rng)} by former learners")
    db.session.commit()
    return lines


def _enrol(user, module, rng, days_ago: int):
    from .player import records

    enrolment = records.enrol(user, module)
    enrolment.enrolled_at = enrolment.last_activity_at = utcnow() - timedelta(days=days_ago)
    db.session.flush()
    return enrolment


def _walk(enrolment, module, steps, rng) -> None:
    """Do these steps as a learner would: write the reflections, play each scenario to an end."""
    from .player import records
    from .player.progress import scenario_path_after

    texts = iter(REFLECTIONS * 10)
    for step in steps:
        if step.type_name == "reflection":
            records.save_reflection(enrolment, step, {q.id: next(texts) for q in step.questions})
        elif step.type_name == "scenario":
            path, walk = [], step.walk([])
            while not walk.finished:
                choice = walk.current.choices[0]
                path = scenario_path_after(path, walk.current.id, choice.id)
                walk = step.walk(path)
            records.step_state(enrolment, step).state = {"path": path}
        elif step.type_name == "quiz" and not step.final:
            _check_quiz(enrolment, module, step, rng)
        if step.type_name == "quiz" and step.final:
            continue
        records.mark_done(enrolment, module, step)
    enrolment.current_step_id = module.steps[min(len(steps), len(module.steps) - 1)].id
    _studied(enrolment, steps, seconds=max(6 * 60 * len(steps), required_study_seconds(module)))


def _check_quiz(enrolment, module, step, rng) -> None:
    """A check quiz answered in full (mostly right), as its work asks."""
    from .assessment import records as quiz_records

    attempt = quiz_records.start_attempt(enrolment, module, step)
    responses = {qid: _response(step.question(qid), rng.random() < 0.8, rng) for qid in attempt.question_ids}
    quiz_records.submit(attempt, module, step, responses)


def _studied(enrolment, steps, seconds: int) -> None:
    """Study time spread over the steps walked, so the overview and the admin's time per chapter show it."""
    from .player.records import upsert
    from .studytime.models import StepStudyTime

    each = seconds // max(1, len(steps))
    for step in steps:
        upsert(
            StepStudyTime, {"enrolment_id": enrolment.id, "step_id": step.id}, {"seconds": each, "updated_at": utcnow()}
        )
    enrolment.seconds_on_task = each * len(steps)


def _part_way(learner, module, rng) -> None:
    enrolment = _enrol(learner, module, rng, days_ago=2)
    half = [step for step in module.steps if not step.graded][: len(module.steps) // 2]
    _walk(enrolment, module, half, rng)


def _finished(user, module, rng):
    """All steps, a failed and then a passed final test, the evaluation, and a certificate where one can be had."""
    from .certificates.issuing import NotEligible, issue
    from .evaluation import records as evaluation_records
    from .evaluation.library import form_for
    from .player import records

    enrolment = _enrol(user, module, rng, days_ago=9)
    _walk(enrolment, module, list(module.steps), rng)
    quiz = module.final_quiz
    for ability in (0.3, 1.0):
        _attempt(enrolment, module, quiz, ability, rng, submitted=utcnow() - timedelta(days=8))
    records.mark_done(enrolment, module, quiz)
    form = form_for(module)
    if form is not None:
        evaluation_records.submit(user.id, module.id, module.version, form.name, {}, 9, module.study_hours, {})
    db.session.flush()
    for accreditation in module.accreditations:
        number = "4610123456" if accreditation.register_number_required else None
        try:
            return issue(user, module, accreditation, enrolment, user.name, number)
        except NotEligible:
            continue
    return None


def _attempt(enrolment, module, quiz, ability: float, rng, submitted):
    """A submitted final-test attempt: each question answered right with chance ``ability``."""
    from .assessment.attempts import passed, score_responses
    from .assessment.draw import draw_quiz
    from .assessment.models import QuizAttempt

    number = 1 + len(db.session.scalars(select(QuizAttempt.id).filter_by(enrolment_id=enrolment.id)).all())
    drawn = draw_quiz(quiz, rng.getrandbits(63))
    questions = [quiz.question(qid) for qid in drawn.question_ids]
    responses = {q.id: _response(q, rng.random() < ability, rng) for q in questions}
    scored = score_responses(questions, responses)
    db.session.add(
        QuizAttempt(
            enrolment_id=enrolment.id,
            step_id=quiz.id,
            number=number,
            module_version=module.version,
            final=True,
            token=f"demo-{enrolment.id}-{number}",
            question_ids=list(drawn.question_ids),
            option_orders=drawn.option_orders,
            responses=responses,
            scores=scored.scores,
            score=scored.score,
            max_score=scored.max_score,
            percentage=scored.percentage,
            passed=passed(quiz, scored.percentage, module.pass_mark, False),
            started_at=submitted - timedelta(minutes=25),
            submitted_at=submitted,
        )
    )
    db.session.flush()


def _response(question, right: bool, rng):
    """A right or a wrong response in the scoring form, for any kind of question."""
    if question.kind == "matching":
        pairs = dict(question.pairs)
        if right:
            return pairs
        answers = [a.id for a in question.answers]
        return {prompt: rng.choice([a for a in answers if a != answer]) for prompt, answer in pairs.items()}
    if question.kind == "ordering":
        items = [item.id for item in question.items]
        return items if right else items[1:] + items[:1]
    best = max(question.options, key=lambda o: o.credit)
    if question.kind == "multiple":
        correct = sorted(question.correct_option_ids)
        return correct if right else [o.id for o in question.options if o.id not in correct][:1] or correct[:1]
    return best.id if right else rng.choice([o.id for o in question.options if o.credit < 1] or [best.id])


def _former_learners_attempts(module, rng) -> int:
    """One final-test attempt per former learner who completed the module (the evaluation seed made them)."""
    from .player.models import Enrolment

    enrolments = db.session.scalars(
        select(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.module_id == module.id, User.active.is_(False), User.email.like("%@demo.leerpad.local"))
        .where(Enrolment.completed_at.is_not(None))
        .limit(60)
    ).all()
    for enrolment in enrolments:
        _attempt(enrolment, module, module.final_quiz, rng.uniform(0.35, 0.95), rng, enrolment.completed_at)
    return len(enrolments)
