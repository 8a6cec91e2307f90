"""Eligibility is a pure function: every combination of unmet conditions, windows and register numbers."""

import itertools
from datetime import date

import pytest

from learn.certificates.eligibility import (
    EVALUATION,
    FINAL_QUIZ,
    NO_FINAL_TEST,
    PLACEHOLDER,
    REGISTER_NUMBER,
    STEPS,
    WINDOW,
    LearnerFacts,
    eligibility,
    register_number_problem,
)
from learn.content.model import Accreditation

TODAY = date(2026, 11, 27)


def accreditation(
    register="Registerplein",
    valid_from=date(2026, 1, 1),
    valid_until=date(2026, 12, 31),
    required=False,
    placeholder=False,
):
    return Accreditation(
        register=register,
        number="RP-123",
        points=2.0,
        unit="punten",
        valid_from=valid_from,
        valid_until=valid_until,
        register_number_required=required,
        placeholder=placeholder,
    )


@pytest.mark.parametrize(
    "steps_done, quiz, evaluation, in_window",
    list(itertools.product([True, False], [True, False, None], [True, False], [True, False])),
)
def test_every_combination_names_exactly_what_is_missing(steps_done, quiz, evaluation, in_window):
    facts = LearnerFacts(
        missing_steps=() if steps_done else ("Casus", "Eindtoets"),
        final_quiz_passed=quiz,
        evaluation_submitted=evaluation,
        completed_on=date(2026, 6, 1) if in_window else date(2027, 2, 1),
    )
    result = eligibility(facts, accreditation(), TODAY)
    expected = set()
    if not steps_done:
        expected.add(STEPS)
    if quiz is False:
        expected.add(FINAL_QUIZ)
    if not evaluation:
        expected.add(EVALUATION)
    if not in_window:
        expected.add(WINDOW)
    assert result.kinds == expected
    assert len(result.missing) == len(expected)
    assert result.eligible == (not expected)
    if not steps_done:
        assert "Casus, Eindtoets" in " ".join(result.messages)


def test_all_met_is_eligible_with_nothing_missing():
    facts = LearnerFacts(final_quiz_passed=True, evaluation_submitted=True, completed_on=date(2026, 3, 3))
    result = eligibility(facts, accreditation(), TODAY)
    assert result.eligible and result.missing == () and result.register == "Registerplein"


def test_messages_are_dutch():
    result = eligibility(LearnerFacts(missing_steps=("Welkom",), final_quiz_passed=False), accreditation(), TODAY)
    assert result.messages[:3] == (
        "Rond alle verplichte stappen af. Nog niet gedaan: Welkom.",
        "Haal de eindtoets.",
        "Vul het evaluatieformulier in.",
    )


DONE = {"final_quiz_passed": True, "evaluation_submitted": True}


@pytest.mark.parametrize(
    "completed_on, valid_from, valid_until, eligible",
    [
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 12, 31), True),  # first day counts
        (date(2026, 12, 31), date(2026, 1, 1), date(2026, 12, 31), True),  # last day counts
        (date(2025, 12, 31), date(2026, 1, 1), date(2026, 12, 31), False),  # a day before
        (date(2027, 1, 1), date(2026, 1, 1), date(2026, 12, 31), False),  # a day after
        (date(1999, 1, 1), None, date(2026, 12, 31), True),  # open start
        (date(2999, 1, 1), date(2026, 1, 1), None, True),  # open end
        (date(2999, 1, 1), None, None, True),
    ],
)
def test_completion_date_must_fall_inside_the_window(completed_on, valid_from, valid_until, eligible):
    facts = LearnerFacts(completed_on=completed_on, **DONE)
    result = eligibility(facts, accreditation(valid_from=valid_from, valid_until=valid_until), TODAY)
    assert result.eligible is eligible
    assert (WINDOW in result.kinds) is (not eligible)


def test_window_messages_explain_before_and_after():
    early = eligibility(LearnerFacts(completed_on=date(2025, 5, 4), **DONE), accreditation(), TODAY)
    assert early.messages == (
        "Je hebt de module afgerond op 04-05-2025, vóór de accreditatie bij Registerplein "
        "inging (01-01-2026). Voor Registerplein is er daarom geen certificaat.",
    )
    late = eligibility(LearnerFacts(completed_on=date(2027, 1, 2), **DONE), accreditation(), TODAY)
    assert "na het einde van de accreditatie bij Registerplein (31-12-2026)" in late.messages[0]


def test_an_unfinished_module_is_judged_by_today():
    expired = accreditation(valid_until=date(2026, 6, 30))
    result = eligibility(LearnerFacts(missing_steps=("Slot",), **DONE), expired, TODAY)
    assert WINDOW in result.kinds
    assert "De accreditatie bij Registerplein is verlopen op 30-06-2026." in result.messages
    not_yet = eligibility(LearnerFacts(**DONE), accreditation(valid_from=date(2027, 1, 1), valid_until=None), TODAY)
    assert not_yet.messages == ("De accreditatie bij Registerplein gaat pas in op 01-01-2027.",)


@pytest.mark.parametrize(
    "register, numbers, required, problem",
    [
        ("SKJ", {}, True, "Vul je registratienummer bij SKJ in."),
        ("SKJ", {"SKJ": "   "}, True, "Vul je registratienummer bij SKJ in."),
        ("SKJ", {"SKJ": "120034567"}, True, None),
        ("SKJ", {"SKJ": "abc"}, True, "Een registratienummer bij SKJ bestaat uit 6 tot 10 cijfers, zonder letters."),
        (
            "SKJ",
            {"SKJ": "1200-345"},
            True,
            "Een registratienummer bij SKJ bestaat uit 6 tot 10 cijfers, zonder letters.",
        ),
        ("NIP", {"NIP": "abc-123"}, True, None),  # a register whose format is unknown: accepted as typed
        ("SKJ", {"Registerplein": "4610123"}, True, "Vul je registratienummer bij SKJ in."),  # other register's number
        ("SKJ", {}, False, None),  # not required
        ("Registerplein", {"Registerplein": "4610 1234 5"}, True, None),  # spaces are trimmed
        (
            "Registerplein",
            {"Registerplein": "12345678"},
            True,
            "Een registratienummer bij Registerplein begint met 4610 en bestaat alleen uit cijfers.",
        ),
        (
            "Registerplein",
            {"Registerplein": "4610x12"},
            True,
            "Een registratienummer bij Registerplein begint met 4610 en bestaat alleen uit cijfers.",
        ),
        ("Registerplein", {"Registerplein": "4610" + "1" * 60}, True, "Dit registratienummer is te lang."),
    ],
)
def test_register_number_rule(register, numbers, required, problem):
    facts = LearnerFacts(completed_on=date(2026, 5, 1), register_numbers=numbers, **DONE)
    result = eligibility(facts, accreditation(register=register, required=required), TODAY)
    if problem is None:
        assert result.eligible
    else:
        assert result.kinds == {REGISTER_NUMBER}
        assert result.messages == (problem,)
        assert result.blocked == ()  # the learner fixes this in the form, not in the module


def test_register_number_problem_without_requirement_is_still_checked_for_format():
    assert register_number_problem("Registerplein", "4610555") is None
    assert register_number_problem("Registerplein", "999") is not None


def test_skj_requires_a_final_test_in_the_module():
    facts = LearnerFacts(final_quiz_passed=None, evaluation_submitted=True, completed_on=date(2026, 5, 1))
    assert eligibility(facts, accreditation(register="SKJ"), TODAY).kinds == {NO_FINAL_TEST}
    assert eligibility(facts, accreditation(register="Registerplein"), TODAY).eligible


def test_a_placeholder_accreditation_number_gives_no_certificate_unless_allowed():
    facts = LearnerFacts(completed_on=date(2026, 5, 1), **DONE)
    placeholder = accreditation(placeholder=True)
    assert eligibility(facts, placeholder, TODAY).kinds == {PLACEHOLDER}
    assert eligibility(facts, placeholder, TODAY, allow_placeholder=True).eligible
