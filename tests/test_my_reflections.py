"""Mijn reflecties: in the module's order, dates as people write them, delete one or all, PDF to keep."""

import io
from datetime import datetime
from pathlib import Path

from conftest import login
from pypdf import PdfReader

from learn.content.loader import load_library
from learn.extensions import db
from learn.player.models import Enrolment, ReflectionAnswer
from learn.player.reflections import ordered_entries

MODULE = "/modules/kennismaking"
REPO = Path(__file__).resolve().parent.parent


def write(client, moment="", hulp=""):
    client.post(f"{MODULE}/enrol")
    client.post(f"{MODULE}/steps/eigen-praktijk", data={"action": "save", "answer-moment": moment, "answer-hulp": hulp})


def test_entries_follow_the_module_not_the_alphabet():
    library = load_library(REPO / "modules")
    module = next(m for m in library if sum(s.type_name == "reflection" for s in m.steps) >= 3)
    enrolment = Enrolment(id=1, user_id=1, module_id=module.id)
    asked = [(s, q) for s in module.steps if s.type_name == "reflection" for q in s.questions]
    rows = [
        (
            enrolment,
            ReflectionAnswer(id=n, step_id=s.id, question_id=q.id, answer=q.id, updated_at=datetime(2026, 1, 1)),
        )
        for n, (s, q) in enumerate(reversed(asked))
    ]
    entries = ordered_entries(library, rows)
    assert [entry.question for entry in entries] == [q.text for _, q in asked]


def test_dates_are_written_as_people_write_them_in_the_ui_language(learner_client, learner):
    write(learner_client, moment="Toen een moeder boos aan de deur stond.")
    answer = db.session.query(ReflectionAnswer).one()
    answer.updated_at = datetime(2026, 12, 1, 20, 19)  # stored in UTC: 21:19 in Amsterdam
    db.session.commit()
    assert "Laatst bewaard: 1 december 2026, 21:19" in learner_client.get("/mijn-reflecties").get_data(as_text=True)
    english = learner_client.get("/mijn-reflecties?lang=en").get_data(as_text=True)
    assert "1 December 2026, 21:19" in english


def test_a_learner_deletes_one_answer_and_never_another_learners(app, make_user):
    me, other = make_user(), make_user()
    mine, theirs = app.test_client(), app.test_client()
    login(mine, me)
    login(theirs, other)
    write(mine, moment="Eerste antwoord", hulp="Tweede antwoord")
    write(theirs, moment="Van een ander")
    their_id = db.session.query(ReflectionAnswer).filter_by(answer="Van een ander").one().id
    assert mine.post(f"/mijn-reflecties/{their_id}/wissen").status_code == 404
    first = db.session.query(ReflectionAnswer).filter_by(answer="Eerste antwoord").one().id
    response = mine.post(f"/mijn-reflecties/{first}/wissen", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Het antwoord is gewist." in page
    assert "Eerste antwoord" not in page and "Tweede antwoord" in page
    assert {a.answer for a in db.session.query(ReflectionAnswer)} == {"Tweede antwoord", "Van een ander"}


def test_deleting_everything_asks_to_confirm_first(app, make_user):
    me, other = make_user(), make_user()
    mine, theirs = app.test_client(), app.test_client()
    login(mine, me)
    login(theirs, other)
    write(mine, moment="Eerste antwoord", hulp="Tweede antwoord")
    write(theirs, moment="Van een ander")
    unconfirmed = mine.post("/mijn-reflecties/wissen", follow_redirects=True).get_data(as_text=True)
    assert "Vink eerst aan" in unconfirmed and "Eerste antwoord" in unconfirmed
    page = mine.post("/mijn-reflecties/wissen", data={"confirm": "yes"}, follow_redirects=True).get_data(as_text=True)
    assert "Al je reflecties zijn gewist." in page and "Je hebt nog geen reflecties geschreven." in page
    assert [a.answer for a in db.session.query(ReflectionAnswer)] == ["Van een ander"]


def test_the_pdf_holds_every_answer_in_order_with_its_letters(learner_client, learner):
    write(learner_client, moment="Één moeder, çay en Ürün: <b>niet vet</b>", hulp="Mijn collega Anouk.")
    response = learner_client.get("/mijn-reflecties/download?format=pdf")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=mijn-reflecties.pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert learner.name in text
    assert text.index("Één moeder, çay en Ürün: <b>niet vet</b>") < text.index("Mijn collega Anouk.")
