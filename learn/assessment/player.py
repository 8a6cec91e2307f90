"""The quiz in the step player: start, submit and retry attempts, and what the learner sees.

The quiz step's form posts to the ordinary step URL with ``action`` = submit or
retry. A form the page could not have produced gets 400; a submit of an attempt
already recorded changes nothing and shows the recorded result.
"""

from flask import abort, flash, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..content.library import get_library
from ..database import write_from_here
from ..extensions import db
from ..player import records as player_records
from ..player.actions import NEXT_ACTIONS, OVERVIEW_PANELS, NextAction, autosaves, handles, view_state, work_check
from . import records
from .attempts import (
    EMPTY,
    SUBMIT,
    IncompleteOrdering,
    parse_responses,
    pass_mark,
    reveals_answers,
    review,
    shown_order,
    submit_decision,
    unanswered,
)
from .results import result_for
from .scoring import InvalidResponse

# The attempt whose unanswered questions the learner was shown, waiting for "Toch inleveren".
CONFIRM_KEY = "quiz_confirm"


@handles("quiz", actions=("submit", "confirm", "retry"))
def quiz_action(enrolment, module, step, form) -> None:
    action = form.get("action") or "next"
    attempts = records.attempts_for(enrolment, step.id)
    if action == "retry":
        if records.may_start(step, attempts, records.granted_attempts(enrolment, step)):
            records.start_attempt(enrolment, module, step)
        elif not any(a.is_open for a in attempts):
            flash(_("Je hebt geen pogingen meer voor deze toets."), "error")
        return
    token = form.get("attempt")
    attempt = next((a for a in attempts if a.token == token), None) if token else None
    if action == "next":
        if attempt is not None and attempt.is_open:
            _save_draft(attempt, step, form)
        return
    if attempt is None:
        abort(400)
    if not attempt.is_open:
        return  # a repeated submit: the recorded result stands
    if records.is_stale(step, attempt):
        records.discard(attempt)
        flash(
            _("Deze toets is intussen aangepast. Je krijgt de nieuwe versie; je vorige antwoorden tellen niet."),
            "error",
        )
        return
    questions = _questions(step, attempt)
    if action == "save":
        _save_draft(attempt, step, form)
        return
    try:
        responses = parse_responses(questions, form)
    except InvalidResponse:
        abort(400)
    except IncompleteOrdering as slip:
        _save_draft(attempt, step, form)
        position = attempt.question_ids.index(slip.question_id) + 1
        flash(_("Vraag %(n)s: geef elk onderdeel een eigen plaats, of laat ze allemaal leeg.", n=position), "error")
        return
    decision = submit_decision(questions, responses, confirmed=action == "confirm")
    if decision != SUBMIT:
        records.save_draft(attempt, responses)
        if decision == EMPTY and step.final:
            flash(_("Je hebt nog geen enkele vraag beantwoord. Deze poging telt nog niet."), "error")
        elif decision == EMPTY:
            # A check quiz shows every answer once submitted: an empty one would only give them away.
            flash(_("Kies eerst een antwoord. Daarna zie je of het goed is."), "error")
        else:
            session[CONFIRM_KEY] = attempt.token
        return
    session.pop(CONFIRM_KEY, None)
    records.submit(attempt, module, step, responses)
    player_records.mark_done(enrolment, module, step)


@autosaves("quiz")
def autosave_quiz(enrolment, module, step, form) -> bool:
    """Answers so far into the open attempt, so a resumed quiz shows them; False once it is handed in."""
    token = form.get("attempt")
    attempt = next((a for a in records.attempts_for(enrolment, step.id) if a.token == token), None) if token else None
    if attempt is None or not attempt.is_open or records.is_stale(step, attempt):
        return False
    _save_draft(attempt, step, form)
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
def quiz_view(reads, step) -> dict:
    """The latest attempt: open as a form, or submitted as a review. Starts the first one unless timed."""
    enrolment = reads.enrolment
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
        db.session.commit()  # only a page that wrote commits: a commit expires what the page goes on to read
    latest = attempts[-1] if attempts else None
    submitted = [a for a in attempts if not a.is_open]
    has_passed = any(a.passed for a in submitted)
    extra = records.granted_attempts(enrolment, step)
    allowed = None if step.max_attempts is None else step.max_attempts + extra
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
                    _verdicts(),  # right or wrong is always shown; the keys only as show_answers allows
                )
            questions.append(
                {
                    "question": question,
                    "position": position,
                    "option_order": shown_order(question, latest.option_orders.get(qid, []), response),
                    "response": response,
                    "feedback": feedback,
                }
            )
    return {
        "attempt": latest,
        "questions": questions,
        "attempts_used": len(submitted),
        "attempts_allowed": allowed,
        "attempts_left": None if allowed is None else max(0, allowed - len(attempts)),
        "may_retry": latest is not None and not latest.is_open and records.may_start(step, attempts, extra),
        "may_start": latest is None and records.may_start(step, attempts, extra),
        "unanswered": _unanswered_to_confirm(latest),
        # Autosave only into an open attempt, and the browser's copy per attempt (learn/static/runtime/drafts.js).
        "autosave": latest is not None and latest.is_open,
        "draft_scope": latest.token if latest is not None else None,
        "has_passed": has_passed,
        "best_percentage": max((a.percentage for a in submitted if a.percentage is not None), default=None),
        "pass_mark": pass_mark(step, module.pass_mark),
    }


def _unanswered_to_confirm(attempt) -> list[int] | None:
    """The unanswered questions' numbers when the learner handed in part of the attempt and must confirm."""
    if attempt is None or not attempt.is_open or session.get(CONFIRM_KEY) != attempt.token:
        return None
    return unanswered(attempt.question_ids, attempt.responses or {})


@work_check("quiz")
def quiz_work(reads, steps) -> dict[str, list[str]]:
    submitted = reads(records.submitted_attempts)
    return {step.id: quiz_open(step, [a for a in submitted if a.step_id == step.id]) for step in steps}


def quiz_open(step, submitted) -> list[str]:
    """The final quiz is done once handed in (passing is a condition of its own); a check quiz once an
    attempt answered every question, right or wrong."""
    if step.final:
        return [] if submitted else [_l("Maak de eindtoets en lever hem in.")]
    if any(not unanswered(a.question_ids, a.responses or {}) for a in submitted):
        return []
    return [_l("Beantwoord alle vragen en klik op ‘Controleer mijn antwoorden’.")]


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
    return Markup(  # noqa: S704 (a rendered, autoescaped template)
        render_template(
            "assessment/result_panel.html", module=module, quiz=module.final_quiz, result=result_for(enrolment)
        )
    )


def retry_final_quiz(module, enrolment) -> NextAction | None:
    """Every step done but the final test not passed yet: with an attempt left, that is what is next."""
    from flask import url_for

    if module.final_quiz is None:
        return None
    result = result_for(enrolment)
    if result.passed is not False or result.attempts_left == 0:
        return None
    return NextAction(
        _("Maak de eindtoets opnieuw"), url_for("player.step", module_id=module.id, step_id=module.final_quiz.id)
    )


OVERVIEW_PANELS.append(result_panel)
NEXT_ACTIONS.append(retry_final_quiz)
