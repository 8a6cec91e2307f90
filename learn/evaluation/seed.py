"""Responses and completions made up in bulk: for the tests, the benchmark and the demo.

Inserts go in large batches through SQLAlchemy Core, so 100,000 responses take seconds.
"""

import random
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from ..auth.models import User
from ..extensions import db
from ..player.models import Enrolment
from .definitions import EvaluationForm
from .models import EvaluationComment, EvaluationResponse
from .records import add_to_tallies, tally_keys

BATCH = 5000
GRADE_WEIGHTS = {5: 1, 6: 3, 7: 8, 8: 18, 9: 14, 10: 6}  # average about 8.2
# For the demo: one module around the programme's 8.6, the others a little below it.
DEMO_GRADE_WEIGHTS = ({6: 1, 7: 3, 8: 10, 9: 14, 10: 7}, {5: 1, 6: 2, 7: 8, 8: 18, 9: 12, 10: 4}, GRADE_WEIGHTS)
LIKERT_WEIGHTS = (1, 2, 5, 14, 10)
COMMENTS = {
    "anders_doen": (
        "Ik vraag eerst door voordat ik een oordeel geef.",
        "Ik plan een gesprek met mijn team.",
        "Ik let meer op wat iemand niet zegt.",
        "Ik gebruik de vragen uit de casus.",
    ),
    "beter": (
        "Meer voorbeelden uit de praktijk.",
        "De toets mocht iets moeilijker.",
        "Een filmpje zou helpen.",
        "Soms waren de teksten lang.",
    ),
}


def _answers(
    form: EvaluationForm, rng: random.Random, study_hours: float, grade_weights: dict[int, int]
) -> tuple[int, float, dict, dict]:
    grade = rng.choices(list(grade_weights), weights=list(grade_weights.values()))[0]
    hours = round(max(0.25, rng.gauss(study_hours * 1.1, study_hours * 0.3)) * 4) / 4
    answers, texts = {}, {}
    for field in form.fields:
        if field.type == "likert":
            answers[field.id] = rng.choices(range(1, 6), weights=LIKERT_WEIGHTS)[0]
        elif field.type == "single_choice":
            answers[field.id] = rng.choice(field.options).id
        elif field.type == "multiple_choice" and rng.random() < 0.8:
            answers[field.id] = [o.id for o in field.options if rng.random() < 0.4] or [field.options[0].id]
        elif field.type == "text" and rng.random() < 0.3:
            texts[field.id] = rng.choice(COMMENTS.get(field.id, COMMENTS["beter"]))
    return grade, hours, answers, texts


def seed_responses(
    form: EvaluationForm,
    module_id: str,
    version: str,
    count: int,
    months: Sequence[date],
    study_hours: float = 1.0,
    seed: int = 0,
    grade_weights: dict[int, int] | None = None,
) -> int:
    """Insert ``count`` anonymous responses spread over ``months``; returns how many comments came with them."""
    rng = random.Random(seed)  # noqa: S311 (demo data)
    comments = 0
    tallies: dict[date, Counter] = {}
    for start in range(0, count, BATCH):
        responses, texts = [], []
        for _ in range(min(BATCH, count - start)):
            grade, hours, answers, typed = _answers(form, rng, study_hours, grade_weights or GRADE_WEIGHTS)
            response_id = uuid.UUID(int=rng.getrandbits(128), version=4).hex
            month = rng.choice(months)
            responses.append(
                {
                    "id": response_id,
                    "module_id": module_id,
                    "module_version": version,
                    "form_name": form.name,
                    "month": month,
                    "grade": grade,
                    "hours_spent": hours,
                    "answers": answers,
                }
            )
            tallies.setdefault(month, Counter()).update(tally_keys(answers))
            texts += [
                {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                    "response_id": response_id,
                    "module_id": module_id,
                    "module_version": version,
                    "month": month,
                    "field_id": field_id,
                    "body": body,
                }
                for field_id, body in typed.items()
            ]
        db.session.execute(insert(EvaluationResponse), responses)
        if texts:
            db.session.execute(insert(EvaluationComment), texts)
        comments += len(texts)
    for month, counts in tallies.items():
        add_to_tallies(module_id, version, month, counts)
    db.session.commit()
    return comments


def seed_completions(
    module_id: str, version: str, count: int, months: Sequence[date], seed: int = 0, email_domain: str = "seed.invalid"
) -> None:
    """Inactive placeholder learners who completed the module in one of ``months``."""
    rng = random.Random(seed)  # noqa: S311 (demo data)
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        tag = uuid.UUID(int=rng.getrandbits(128), version=4).hex[:12]
        emails = [f"{module_id}-{tag}-{n}@{email_domain}" for n in range(size)]
        db.session.execute(
            insert(User),
            [
                {
                    "email": email,
                    "name": "Oud-deelnemer",
                    "password_hash": "!",
                    "role": "learner",
                    "locale": "nl",
                    "active": False,
                    "demo": True,
                    "created_at": datetime(2020, 1, 1),
                }
                for email in emails
            ],
        )
        ids = db.session.scalars(select(User.id).where(User.email.in_(emails))).all()
        enrolments = []
        for user_id in ids:
            month = rng.choice(months)
            done = datetime(month.year, month.month, 1) + timedelta(days=rng.randrange(28), hours=rng.randrange(24))
            enrolments.append(
                {
                    "user_id": user_id,
                    "module_id": module_id,
                    "enrolled_at": done - timedelta(days=3),
                    "current_step_id": None,
                    "last_activity_at": done,
                    "seconds_on_task": 1800,
                    "completed_at": done,
                    "completed_version": version,
                }
            )
        db.session.execute(insert(Enrolment), enrolments)
    db.session.commit()


def seed_demo_evaluations() -> list[str]:
    """A few months of made-up evaluations per module, so the demo dashboard shows something (once)."""
    from ..auth.models import utcnow
    from ..content.library import get_library
    from .aggregate import add_months, first_of_month
    from .library import form_for

    lines = []
    this_month = first_of_month(utcnow().date())
    months = [add_months(this_month, -n) for n in range(6)]
    for number, module in enumerate(get_library()):
        form = form_for(module)
        exists = db.session.scalar(select(EvaluationResponse.id).filter_by(module_id=module.id).limit(1))
        if form is None or exists:
            continue
        seed_completions(
            module.id, module.version, 60 + 10 * number, months, seed=number, email_domain="demo.leerpad.local"
        )
        seed_responses(
            form,
            module.id,
            module.version,
            40 + 5 * number,
            months,
            module.study_hours,
            seed=number,
            grade_weights=DEMO_GRADE_WEIGHTS[number % len(DEMO_GRADE_WEIGHTS)],
        )
        lines.append(f"evaluations  {module.id}: {40 + 5 * number} demo responses")
    return lines
