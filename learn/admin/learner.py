"""What an admin sees of one learner: how far, how long, which scores, which certificates.

Never what they wrote: reflections and evaluation answers are not read here at all.
"""

from dataclasses import dataclass

from sqlalchemy import select

from ..assessment.models import AttemptGrant, QuizAttempt
from ..assessment.records import grant_refusal
from ..auth.models import User
from ..certificates.models import Certificate
from ..content.library import get_library
from ..content.model import Module
from ..extensions import db
from ..player import records as player_records
from ..player.models import Enrolment
from ..player.work import completed_step_ids
from ..studytime.records import chapter_times, seconds_per_step


@dataclass(frozen=True)
class ChapterRecord:
    title: str
    done: int
    total: int
    seconds: int


@dataclass(frozen=True)
class ModuleRecord:
    module_id: str
    title: str
    enrolment: Enrolment
    chapters: tuple[ChapterRecord, ...]  # empty when the module was withdrawn
    unattributed_seconds: int  # counted before study time was kept per step, or on dropped steps
    attempts: tuple[QuizAttempt, ...]  # submitted ones, every quiz
    grants: tuple[AttemptGrant, ...]
    may_grant: bool  # every attempt at the final quiz used, none passed
    quiz_titles: dict[str, str]  # by step id, for the attempts


def chapter_records(module: Module, done: set[str], per_step: dict[str, int], total: int):
    """Steps done and seconds per chapter, and the seconds no step of this version accounts for."""
    times, unattributed = chapter_times(module, per_step, total)
    chapters = [
        ChapterRecord(time.title, sum(1 for step in chapter.steps if step.id in done), len(chapter.steps), time.seconds)
        for chapter, time in zip(module.chapters, times, strict=True)
    ]
    return chapters, unattributed


def learner_records(user: User) -> list[ModuleRecord]:
    library = get_library()
    records = []
    for enrolment in player_records.enrolments_of(user):
        module = library.get(enrolment.module_id)
        attempts = list(
            db.session.scalars(
                select(QuizAttempt)
                .where(QuizAttempt.enrolment_id == enrolment.id)
                .order_by(QuizAttempt.step_id, QuizAttempt.number)
            )
        )
        grants = tuple(
            db.session.scalars(
                select(AttemptGrant).where(AttemptGrant.enrolment_id == enrolment.id).order_by(AttemptGrant.granted_at)
            )
        )
        chapters, unattributed = (
            chapter_records(
                module, completed_step_ids(module, enrolment), seconds_per_step(enrolment), enrolment.seconds_on_task
            )
            if module
            else ([], enrolment.seconds_on_task)
        )
        final = module.final_quiz if module else None
        records.append(
            ModuleRecord(
                module_id=enrolment.module_id,
                title=module.title if module else enrolment.module_id,
                enrolment=enrolment,
                chapters=tuple(chapters),
                unattributed_seconds=unattributed,
                attempts=tuple(a for a in attempts if a.submitted_at is not None),
                grants=grants,
                may_grant=final is not None
                and grant_refusal(
                    final,
                    [a for a in attempts if a.step_id == final.id],
                    sum(1 for g in grants if g.step_id == final.id),
                )
                is None,
                quiz_titles={step.id: step.title for step in module.steps} if module else {},
            )
        )
    return records


def certificates_of(user: User) -> list[Certificate]:
    return list(
        db.session.scalars(select(Certificate).filter_by(user_id=user.id).order_by(Certificate.issued_at.desc()))
    )
