"""Always know what's next: the learner's home, the overview's one primary action, the completion page."""

import re
from datetime import timedelta

from certificate_helpers import complete_module

from learn.auth.models import utcnow
from learn.certificates.models import Certificate
from learn.extensions import db
from learn.player.models import Enrolment

MODULE = "/modules/kennismaking"


def primary(page: str) -> tuple[str, str] | None:
    """The next-action button of the page: (label, address)."""
    found = re.search(
        r'<section class="next-card".*?<a class="button primary" href="([^"]+)">([^<]+?) →</a>', page, re.S
    )
    return (found.group(2).strip(), found.group(1)) if found else None


def test_a_signed_in_learner_lands_on_where_they_were(learner_client, learner):
    learner_client.post(f"{MODULE}/enrol")
    learner_client.post(f"{MODULE}/steps/welkom", data={"action": "next"})
    learner_client.post(f"{MODULE}/steps/samira", data={"action": "next"})
    enrolment = db.session.query(Enrolment).one()
    enrolment.seconds_on_task = 72 * 60
    db.session.commit()
    page = learner_client.get("/").get_data(as_text=True)
    resume = page[page.index("Verder waar je was") : page.index("site-footer")]
    assert "Kennismaking met Leerpad" in resume and "Jouw praktijk" in resume  # the step they are on
    assert "Hoofdstuk 2 van" in resume
    assert "Je hebt 1 uur 12 minuten gestudeerd." in resume
    assert primary(resume) == ("Ga verder", f"{MODULE}/steps/eigen-praktijk")
    assert page.count("Kennismaking met Leerpad") == 1, "the module in progress is not listed twice"


def test_a_visitor_sees_the_catalogue(client):
    page = client.get("/").get_data(as_text=True)
    assert "Verder waar je was" not in page and "Kennismaking met Leerpad" in page


def test_the_overview_button_is_always_the_next_action(learner_client, learner, fixture_module):
    assert "Start deze module" in learner_client.get(MODULE).get_data(as_text=True)
    learner_client.post(f"{MODULE}/enrol")
    assert primary(learner_client.get(MODULE).get_data(as_text=True)) == ("Begin", f"{MODULE}/steps/welkom")
    db.session.query(Enrolment).delete()
    db.session.commit()

    enrolment = complete_module(learner, fixture_module, passed=False, evaluated=False)
    assert primary(learner_client.get(MODULE).get_data(as_text=True)) == (
        "Maak de eindtoets opnieuw",
        f"{MODULE}/steps/eindtoets",
    )
    db.session.delete(enrolment)
    db.session.commit()

    complete_module(learner, fixture_module, evaluated=False)
    assert primary(learner_client.get(MODULE).get_data(as_text=True))[0] == "Vul de evaluatie in"


def test_after_the_evaluation_the_certificate_is_next_then_its_download(learner_client, learner, fixture_module):
    complete_module(learner, fixture_module)
    assert primary(learner_client.get(MODULE).get_data(as_text=True)) == (
        "Vraag je certificaat aan",
        f"{MODULE}/certificaat/SKJ",
    )
    for register, number in (("SKJ", "4610123"), ("Registerplein", "")):
        learner_client.post(
            f"{MODULE}/certificaat/{register}",
            data={"learner_name": learner.name, "register_number": number, "confirm": "y"},
        )
    assert db.session.query(Certificate).count() == 2
    label, url = primary(learner_client.get(MODULE).get_data(as_text=True))
    assert label == "Download je certificaat" and url.startswith("/mijn-certificaten/")
    assert "Bekijk de module opnieuw" not in learner_client.get(MODULE).get_data(as_text=True)


def test_short_of_study_time_the_next_action_is_what_the_certificate_still_needs(
    learner_client, learner, fixture_module
):
    complete_module(learner, fixture_module, studied_minutes=2)
    page = learner_client.get(MODULE).get_data(as_text=True)
    assert primary(page) == ("Bekijk wat nog nodig is voor je certificaat", f"{MODULE}#certificaat")
    assert "Je bent klaar met deze module" not in page, "the card may not say done while the checklist says not yet"
    assert 'id="certificaat"' in page


def test_afronden_lands_on_the_completion_moment(learner_client, learner, fixture_module):
    complete_module(learner, fixture_module, evaluated=False)
    response = learner_client.post(f"{MODULE}/steps/afsluiting", data={"action": "next"})
    assert response.headers["Location"].endswith(f"{MODULE}/afgerond")
    page = learner_client.get(f"{MODULE}/afgerond").get_data(as_text=True)
    assert "Je hebt de module afgerond" in page
    assert "Je weet hoe een module werkt." in page  # what they learned
    assert primary(page)[0] == "Vul de evaluatie in"
    assert "Eindtoets gehaald" in page


def test_the_completion_page_of_an_unfinished_module_says_what_is_open(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    page = learner_client.get(f"{MODULE}/afgerond").get_data(as_text=True)
    assert "Bijna klaar" in page and "Je hebt de module afgerond" not in page
    assert f'href="{MODULE}/steps/eigen-praktijk">Jouw praktijk</a>' in page


def test_home_orders_my_modules_by_last_activity(app, learner_client, learner, fixture_module):
    old = complete_module(learner, fixture_module, evaluated=False)
    old.last_activity_at = utcnow() - timedelta(days=3)
    db.session.commit()
    page = learner_client.get("/").get_data(as_text=True)
    # A finished module with the evaluation open is still where the learner was: the evaluation is next.
    assert "Verder waar je was" in page and primary(page)[0] == "Vul de evaluatie in"
