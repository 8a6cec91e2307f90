"""The quiz in the step player: start, submit and retry attempts, and what the learner sees.

The quiz step's form posts to the ordinary step URL with ``action`` = submit or
retry. A form the page could not have produced gets 400; a submit of an attempt
already recorded changes nothing and shows the recorded result.
"""

from flask import abort, flash
from flask_babel import gettext as _
from markupsafe import Markup

from ..content.library import get_library
from ..database import write_from_here
from ..extensions import db
from ..player import records as player_records
from ..player.actions import OVERVIEW_PANELS, handles, view_state
from . import records
from .attempts import IncompleteOrdering, parse_responses, pass_mark, reveals_answers, review
from .results import result_for
from .scoring import InvalidResponse


@handles("quiz", actions=("submit", "retry"))
def quiz_action(enrolment, module, step, form) -> bool:
    action = form.get("action") or "next"
    attempts = records.attempts_for(enrolment, step.id)
    if action == "retry":
        if records.may_start(step, attempts):
            records.start_attempt(enrolment, module, step)
        elif not any(a.is_open for a in attempts):
            flash(_("Je hebt geen pogingen meer voor deze toets."), "error")
        return False
    token = form.get("attempt")
    attempt = next((a for a in attempts if a.token == token), None) if token else None
    if action == "next":
        if attempt is not None and attempt.is_open:
            _save_draft(attempt, step, form)
        return any(not a.is_open for a in attempts)
    if attempt is None:
        abort(400)
    if not attempt.is_open:
        return True  # a repeated submit: the recorded result stands
    if records.is_stale(step, attempt):
        records.discard(attempt)
        flash(
            _("Deze toets is intussen aangepast. Je krijgt de nieuwe versie; je vorige antwoorden tellen niet."),
            "error",
        )
        return False
    questions = _questions(step, attempt)
    if action == "save":
        _save_draft(attempt, step, form)
        return False
    try:
        responses = parse_responses(questions, form)
    except InvalidResponse:
        abort(400)
    except IncompleteOrdering as slip:
        _save_draft(attempt, step, form)
        position = attempt.question_ids.index(slip.question_id) + 1
        flash(_("Vraag %(n)s: geef elk onderdeel een eigen plaats, of laat ze allemaal leeg.", n=position), "error")
        return False
    records.submit(attempt, module, step, responses)
    player_records.mark_done(enrolment, module, step)
    return True


def _questions(step, attempt):
    questions = [step.question(qid) for qid in attempt.question_ids]
    if any(q is None for q in questions):
        abort(400)
    return questions


def _save_draft(attempt, step, form) -> None:
    if records.is_stale(step, attempt):
        return  # the page draws again
    try:
        records.save_draft(attempt, parse_responses(_questions(step, attempt), form, strict=False))
    except InvalidResponse:
        abort(400)


def _verdicts() -> dict:
    return {
        "right": _("Goed"),
        "partly": _("Gedeeltelijk goed"),
        "wrong": _("Niet goed"),
        "unanswered": _("Niet beantwoord"),
    }


@view_state("quiz")
def quiz_view(enrolment, step) -> dict:
    """The latest attempt: open as a form, or submitted as a review. Starts the first one unless timed."""
    module = get_library().get(enrolment.module_id)
    attempts = records.attempts_for(enrolment, step.id)
    stale, starts = _writes_on_opening(step, attempts)
    if stale or starts:
        write_from_here()  # and decide again as the writer: another tab may have started one meanwhile
        attempts = records.attempts_for(enrolment, step.id)
        stale, starts = _writes_on_opening(step, attempts)
    if stale:
        records.discard(stale)
        attempts = attempts[:-1]
    if starts:
        attempts.append(records.start_attempt(enrolment, module, step))
    latest = attempts[-1] if attempts else None
    db.session.commit()
    submitted = [a for a in attempts if not a.is_open]
    has_passed = any(a.passed for a in submitted)
    questions = []
    if latest is not None:
        reveal = reveals_answers(step, not latest.is_open, has_passed)
        for position, qid in enumerate(latest.question_ids, start=1):
            question = step.question(qid)
            response = (latest.responses or {}).get(qid)
            feedback = None
            if not latest.is_open:
                feedback = review(
                    question,
                    response,
                    (latest.scores or {}).get(qid, 0.0),
                    step.final,
                    reveal,
                    _verdicts() if reveal else dict.fromkeys(_verdicts(), ""),
                )
            questions.append(
                {
                    "question": question,
                    "position": position,
                    "option_order": latest.option_orders.get(qid, []),
                    "response": response,
                    "feedback": feedback,
                }
            )
    return {
        "attempt": latest,
        "questions": questions,
        "attempts_used": len(submitted),
        "attempts_left": None if step.max_attempts is None else max(0, step.max_attempts - len(attempts)),
        "may_retry": latest is not None and not latest.is_open and records.may_start(step, attempts),
        "may_start": latest is None and records.may_start(step, attempts),
        "has_passed": has_passed,
        "best_percentage": max((a.percentage for a in submitted if a.percentage is not None), default=None),
        "pass_mark": pass_mark(step, module.pass_mark),
    }


def _writes_on_opening(step, attempts) -> tuple:
    """What opening the quiz page writes: the open attempt drawn from questions this module version
    no longer has (discarded), and whether the first attempt starts (an untimed quiz starts at once)."""
    latest = attempts[-1] if attempts else None
    stale = latest if latest is not None and latest.is_open and records.is_stale(step, latest) else None
    remaining = attempts[:-1] if stale else attempts
    starts = not remaining and step.time_limit_minutes is None and records.may_start(step, remaining)
    return stale, starts


def result_panel(module, enrolment) -> Markup:
    """The learner's result on the module overview: best score, passed or not, attempts left."""
    from flask import render_template

    if module.final_quiz is None:
        return Markup("")
    return Markup(
        render_template(
            "assessment/result_panel.html", module=module, quiz=module.final_quiz, result=result_for(enrolment)
        )
    )


OVERVIEW_PANELS.append(result_panel)
