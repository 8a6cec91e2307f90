"""The learner's evaluation form: opens after completion, saves half-way, submits once per version."""

import re

from conftest import login
from evaluation_helpers import FORM_URL, MODULE_ID, VALID_ANSWERS, complete_module

from learn.evaluation import records
from learn.evaluation.models import (
    EvaluationComment,
    EvaluationDraft,
    EvaluationResponse,
    EvaluationSubmission,
    EvaluationTally,
)
from learn.extensions import db

OVERVIEW = f"/modules/{MODULE_ID}"


def test_form_opens_only_after_the_module_is_completed(learner_client, learner):
    learner_client.post(f"{OVERVIEW}/enrol")
    response = learner_client.get(FORM_URL)
    assert response.status_code == 302 and response.headers["Location"].endswith(OVERVIEW)
    page = learner_client.get(OVERVIEW).get_data(as_text=True)
    assert "evaluation-panel" not in page and FORM_URL not in page


def test_overview_links_to_the_form_when_completed(learner_client, learner):
    complete_module(learner)
    page = learner_client.get(OVERVIEW).get_data(as_text=True)
    assert "Vul de evaluatie in" in page and FORM_URL in page


def test_form_shows_every_standard_question(learner_client, learner):
    complete_module(learner)
    page = learner_client.get(FORM_URL).get_data(as_text=True)
    for text in (
        "Welk cijfer geef je de module?",
        "De module past bij mijn werk.",
        "Ik kan wat ik heb geleerd gebruiken in mijn praktijk.",
        "De teksten waren duidelijk",
        "Wat ga je na deze module anders doen",
        "Wat kan er beter",
        "Hoeveel uur",
        "De studietijd van deze module is ongeveer 0,5 uur",
        "Helemaal eens",
    ):
        assert text in page, text


def test_missing_and_invalid_answers_re_render_the_form_with_messages(learner_client, learner):
    complete_module(learner)
    data = dict(VALID_ANSWERS, q_cijfer="", q_uren="anderhalf", q_beter="x" * 3001, action="submit")
    response = learner_client.post(FORM_URL, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kies een cijfer van 1 tot en met 10." in page
    assert "Vul een getal in, bijvoorbeeld 1,5." in page
    assert "Je antwoord is te lang" in page
    assert 'value="anderhalf"' in page  # what was typed stays
    assert db.session.query(EvaluationResponse).count() == 0
    assert not records.has_submitted(learner.id, MODULE_ID, "1.0")


def test_out_of_range_and_tampered_choices_are_refused(learner_client, learner):
    complete_module(learner)
    for bad in ({"q_cijfer": "11"}, {"q_relevant": "6"}, {"q_studietijd": "nooit"}, {"q_uren": "0"}, {"q_uren": "500"}):
        response = learner_client.post(FORM_URL, data=dict(VALID_ANSWERS, action="submit", **bad))
        assert response.status_code == 400, bad
    assert db.session.query(EvaluationResponse).count() == 0


def test_save_half_way_and_finish_later(app, make_user):
    learner = make_user()
    complete_module(learner)
    client = app.test_client()
    login(client, learner)
    response = client.post(
        FORM_URL, data={"q_cijfer": "7", "q_hielp": ["toets"], "q_beter": "Half af", "action": "save"}
    )
    assert response.status_code == 302
    assert db.session.query(EvaluationDraft).one().answers == {"cijfer": "7", "hielp": ["toets"], "beter": "Half af"}

    later = app.test_client()  # another session, another day
    login(later, learner)
    assert "Ga verder met de evaluatie" in later.get(OVERVIEW).get_data(as_text=True)
    page = later.get(FORM_URL).get_data(as_text=True)
    assert "Half af" in page
    assert re.search(r'<input checked[^>]*name="q_cijfer"[^>]*value="7"', page)
    assert 'value="toets"' in page and "eerder opgeslagen" in page

    later.post(FORM_URL, data=dict(VALID_ANSWERS, action="submit"))
    assert db.session.query(EvaluationDraft).count() == 0
    assert records.has_submitted(learner.id, MODULE_ID, "1.0")


def test_a_draft_belongs_to_its_learner(app, make_user):
    me, other = make_user(), make_user()
    complete_module(me)
    complete_module(other)
    client = app.test_client()
    login(client, me)
    client.post(FORM_URL, data={"q_beter": "Mijn geheime concept", "action": "save"})
    client = app.test_client()
    login(client, other)
    assert "Mijn geheime concept" not in client.get(FORM_URL).get_data(as_text=True)


def test_submit_stores_the_answers_and_thanks_the_learner(learner_client, learner):
    complete_module(learner)
    response = learner_client.post(FORM_URL, data=dict(VALID_ANSWERS, action="submit"))
    assert response.status_code == 302
    stored = db.session.query(EvaluationResponse).one()
    assert (stored.grade, stored.hours_spent, stored.module_version) == (8, 1.5, "1.0")
    assert stored.answers == {
        "relevant": 4,
        "bruikbaar": 5,
        "taal": 4,
        "studietijd": "gelijk",
        "hielp": ["verhalen", "casussen"],
    }
    assert {c.field_id: c.body for c in db.session.query(EvaluationComment)} == {
        "anders_doen": "Ik vraag eerst door.",
        "beter": "Meer voorbeelden uit de wijk.",
    }
    tallies = {(t.field_id, t.value): t.count for t in db.session.query(EvaluationTally)}
    assert tallies == {
        ("relevant", "4"): 1,
        ("bruikbaar", "5"): 1,
        ("taal", "4"): 1,
        ("studietijd", "gelijk"): 1,
        ("hielp", "verhalen"): 1,
        ("hielp", "casussen"): 1,
        ("hielp", "*"): 1,
    }
    page = learner_client.get(FORM_URL).get_data(as_text=True)
    assert "Bedankt voor je evaluatie" in page
    assert "Je hebt deze module geëvalueerd" in learner_client.get(OVERVIEW).get_data(as_text=True)


def test_double_submit_records_one_response(learner_client, learner):
    complete_module(learner)
    for _ in range(3):
        learner_client.post(FORM_URL, data=dict(VALID_ANSWERS, action="submit"))
    assert db.session.query(EvaluationResponse).count() == 1
    assert db.session.query(EvaluationSubmission).count() == 1


def test_a_new_module_version_can_be_evaluated_again(learner_client, learner):
    enrolment = complete_module(learner, version="1.0")
    learner_client.post(FORM_URL, data=dict(VALID_ANSWERS, action="submit"))
    enrolment.completed_version = "2.0"
    db.session.commit()
    assert "Wat vond je van de module?" in learner_client.get(FORM_URL).get_data(as_text=True)
    learner_client.post(FORM_URL, data=dict(VALID_ANSWERS, action="submit"))
    assert db.session.query(EvaluationResponse).count() == 2
    assert records.has_submitted(learner.id, MODULE_ID, "2.0")


def test_optional_questions_may_stay_empty(learner_client, learner):
    complete_module(learner)
    data = {k: v for k, v in VALID_ANSWERS.items() if k not in ("q_hielp", "q_anders_doen", "q_beter")}
    response = learner_client.post(FORM_URL, data=dict(data, action="submit"))
    assert response.status_code == 302
    assert db.session.query(EvaluationComment).count() == 0


def test_typed_script_is_stored_as_typed_and_shown_as_text_in_the_draft(learner_client, learner):
    complete_module(learner)
    payload = "<script>alert('x')</script>"
    learner_client.post(FORM_URL, data={"q_beter": payload, "action": "save"})
    page = learner_client.get(FORM_URL).get_data(as_text=True)
    assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page
    learner_client.post(FORM_URL, data=dict(VALID_ANSWERS, q_beter=payload, action="submit"))
    assert db.session.query(EvaluationComment).filter_by(field_id="beter").one().body == payload
