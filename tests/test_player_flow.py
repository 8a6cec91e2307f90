"""The learner's path through the fixture module with the Flask test client."""

import re

from conftest import login

from learn.extensions import db
from learn.player.models import Enrolment, ReflectionAnswer, StepState
from learn.player.work import completed_step_ids

MODULE = "/modules/kennismaking"


def test_catalogue_lists_modules_with_duration_and_points(client):
    page = client.get("/").get_data(as_text=True)
    assert "Kennismaking met Leerpad" in page
    assert "ongeveer 0,5 uur" in page
    assert "SKJ" in page and "Registerplein" in page


def test_enrol_opens_the_first_step_with_its_position(learner_client):
    response = learner_client.post(f"{MODULE}/enrol")
    assert response.headers["Location"].endswith(f"{MODULE}/steps/welkom")
    page = learner_client.get(f"{MODULE}/steps/welkom").get_data(as_text=True)
    assert "Stap 1 van 7" in page
    assert "proefmodule" in page


def test_steps_need_an_enrolment(learner_client):
    response = learner_client.get(f"{MODULE}/steps/welkom")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(MODULE)


def test_next_marks_the_step_done_and_moves_on(learner_client, learner):
    learner_client.post(f"{MODULE}/enrol")
    response = learner_client.post(f"{MODULE}/steps/welkom", data={"action": "next"})
    assert response.headers["Location"].endswith(f"{MODULE}/steps/samira")
    enrolment = db.session.query(Enrolment).filter_by(user_id=learner.id).one()
    assert enrolment.current_step_id == "samira"
    states = {s.step_id: s for s in db.session.query(StepState).filter_by(enrolment_id=enrolment.id)}
    assert states["welkom"].done_at is not None
    overview = learner_client.get(MODULE).get_data(as_text=True)
    assert "1 van 7 stappen klaar" in overview


def test_persona_card_shows_the_persona(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    page = learner_client.get(f"{MODULE}/steps/samira").get_data(as_text=True)
    assert "Samira" in page and "Jongerenwerker in een middelgrote stad" in page
    assert "Ik ken de jongeren" in page


def test_reflection_is_saved_and_shown_again(learner_client, learner):
    learner_client.post(f"{MODULE}/enrol")
    answer = "Bij een ruzie tussen twee groepen <script>alert(1)</script>"
    learner_client.post(f"{MODULE}/steps/eigen-praktijk", data={"action": "save", "answer-moment": answer})
    page = learner_client.get(f"{MODULE}/steps/eigen-praktijk").get_data(as_text=True)
    assert "Bij een ruzie tussen twee groepen &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    saved = db.session.query(ReflectionAnswer).one()
    assert saved.answer == answer


def test_emptying_a_reflection_removes_it(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    learner_client.post(f"{MODULE}/steps/eigen-praktijk", data={"action": "save", "answer-moment": "iets"})
    learner_client.post(f"{MODULE}/steps/eigen-praktijk", data={"action": "save", "answer-moment": "  "})
    assert db.session.query(ReflectionAnswer).count() == 0


def test_scenario_choices_show_consequences_and_end_in_a_debrief(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    url = f"{MODULE}/steps/casus-ouders"
    page = learner_client.get(url).get_data(as_text=True)
    assert "De moeder zegt" in page and "Nabespreking" not in page
    learner_client.post(url, data={"choice": "begin:luisteren"})
    page = learner_client.get(url).get_data(as_text=True)
    assert "Ze wordt rustiger" in page and "Ze vraagt wat haar zoon" in page
    learner_client.post(url, data={"choice": "gesprek:uitnodigen"})
    page = learner_client.get(url).get_data(as_text=True)
    assert "Het vertrouwen groeit" in page and "Nabespreking" in page
    assert "Ouders willen zich eerst <strong>gehoord</strong> voelen" in page


def test_scenario_restart_and_other_branch(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    url = f"{MODULE}/steps/casus-ouders"
    learner_client.post(url, data={"choice": "begin:luisteren"})
    learner_client.post(url, data={"action": "restart"})
    learner_client.post(url, data={"choice": "begin:regels"})
    page = learner_client.get(url).get_data(as_text=True)
    assert "loopt weg" in page and "Nabespreking" in page and "Ze wordt rustiger" not in page


def test_tampered_scenario_choice_is_a_400(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    url = f"{MODULE}/steps/casus-ouders"
    assert learner_client.post(url, data={"choice": "gesprek:uitnodigen"}).status_code == 400  # not reached yet
    assert learner_client.post(url, data={"choice": "begin:bestaat-niet"}).status_code == 400
    assert learner_client.post(url, data={"choice": "zonder-dubbele-punt"}).status_code == 400
    assert learner_client.post(url, data={"action": "hack"}).status_code == 400


def test_unfinished_scenario_moves_on_but_is_not_done(learner_client, learner, fixture_module):
    learner_client.post(f"{MODULE}/enrol")
    page = learner_client.post(f"{MODULE}/steps/casus-ouders", data={"action": "next"}, follow_redirects=True)
    assert "Nog niet af" in page.get_data(as_text=True) and "Speel de casus uit tot een einde." in page.get_data(
        as_text=True
    )
    enrolment = db.session.query(Enrolment).filter_by(user_id=learner.id).one()
    assert enrolment.current_step_id == "check-luisteren"  # moved on
    assert "casus-ouders" not in completed_step_ids(fixture_module, enrolment)


def test_resume_from_another_device_lands_on_the_same_step_with_answers(app, learner):
    first = app.test_client()
    login(first, learner)
    first.post(f"{MODULE}/enrol")
    first.post(f"{MODULE}/steps/welkom", data={"action": "next"})
    first.post(f"{MODULE}/steps/samira", data={"action": "next"})
    first.post(f"{MODULE}/steps/eigen-praktijk", data={"action": "save", "answer-hulp": "Mijn collega Joost"})

    other_device = app.test_client()
    login(other_device, learner)
    response = other_device.get(f"{MODULE}/verder")
    assert response.headers["Location"].endswith(f"{MODULE}/steps/eigen-praktijk")
    page = other_device.get(f"{MODULE}/steps/eigen-praktijk").get_data(as_text=True)
    assert "Mijn collega Joost" in page


def test_finishing_every_required_step_completes_the_module(learner_client, learner, fixture_module):
    learner_client.post(f"{MODULE}/enrol")
    for step in fixture_module.steps:
        if step.type_name == "scenario":
            learner_client.post(f"{MODULE}/steps/{step.id}", data={"choice": "begin:regels"})
        learner_client.post(f"{MODULE}/steps/{step.id}", data={"action": "next"})
    enrolment = db.session.query(Enrolment).filter_by(user_id=learner.id).one()
    done = {s.step_id for s in db.session.query(StepState).filter_by(enrolment_id=enrolment.id) if s.done_at}
    graded = {s.id for s in fixture_module.steps if s.type_name == "quiz"}
    assert done | graded == {s.id for s in fixture_module.steps}


def test_my_reflections_lists_and_downloads_only_my_answers(app, make_user):
    me, other = make_user(), make_user()
    for user, text in ((me, "Mijn eigen antwoord"), (other, "Antwoord van een ander")):
        client = app.test_client()
        login(client, user)
        client.post(f"{MODULE}/enrol")
        client.post(f"{MODULE}/steps/eigen-praktijk", data={"action": "save", "answer-moment": text})
    client = app.test_client()
    login(client, me)
    page = client.get("/mijn-reflecties").get_data(as_text=True)
    assert "Mijn eigen antwoord" in page and "Antwoord van een ander" not in page
    download = client.get("/mijn-reflecties/download")
    assert "attachment" in download.headers["Content-Disposition"]
    assert "Mijn eigen antwoord" in download.get_data(as_text=True)
    as_json = client.get("/mijn-reflecties/download?format=json").get_json()
    assert [entry["answer"] for entry in as_json] == ["Mijn eigen antwoord"]


def test_unknown_module_and_step_are_404(learner_client):
    assert learner_client.get("/modules/bestaat-niet").status_code == 404
    learner_client.post(f"{MODULE}/enrol")
    assert learner_client.get(f"{MODULE}/steps/bestaat-niet").status_code == 404


def test_module_asset_route_serves_only_images(client, fixture_module):
    assert client.get(f"{MODULE}/images/../module.yaml").status_code == 404
    assert client.get(f"{MODULE}/images/..%2Fmodule.yaml").status_code == 404


def test_step_page_has_keyboard_usable_previous_and_next(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    page = learner_client.get(f"{MODULE}/steps/samira").get_data(as_text=True)
    assert re.search(r'<a class="button" rel="prev" data-key="ArrowLeft" href="[^"]*/steps/welkom"', page)
    assert re.search(r'<button type="submit" name="action" value="next"', page)


def test_a_new_module_version_keeps_what_the_learner_did(app, learner, database_url, tmp_path):
    """Progress is keyed by step ids: a new version that drops and adds steps corrupts nothing."""
    import shutil

    from conftest import FIXTURE_MODULES, make_app

    client = app.test_client()
    login(client, learner)
    client.post(f"{MODULE}/enrol")
    client.post(f"{MODULE}/steps/eigen-praktijk", data={"action": "save", "answer-hulp": "Mijn collega Joost"})
    client.post(f"{MODULE}/steps/welkom", data={"action": "next"})  # now on the persona step 'samira'

    folder = tmp_path / "kennismaking"
    shutil.copytree(FIXTURE_MODULES / "kennismaking", folder)
    module_yaml = folder / "module.yaml"
    module_yaml.write_text(
        module_yaml.read_text(encoding="utf-8")
        .replace('version: "1.0"', 'version: "1.1"')
        .replace("steps: [01-welkom.md, 02-samira.md]", "steps: [00-nieuw.md, 01-welkom.md]"),
        encoding="utf-8",
    )
    (folder / "steps" / "00-nieuw.md").write_text(
        "---\nid: nieuw\ntype: narrative\ntitle: Wat is er nieuw\n---\nDeze versie begint met een nieuwe stap.\n",
        encoding="utf-8",
    )
    newer = make_app(database_url, MODULES_PATH=str(tmp_path))
    with newer.app_context():
        client = newer.test_client()
        login(client, learner)
        overview = client.get(MODULE).get_data(as_text=True)
        assert "1.1" in overview
        response = client.get(f"{MODULE}/verder")
        assert response.headers["Location"].endswith(f"{MODULE}/steps/nieuw"), "the removed step is skipped"
        page = client.get(f"{MODULE}/steps/eigen-praktijk").get_data(as_text=True)
        assert "Mijn collega Joost" in page
        assert "Stap 3 van 7" in page


def test_an_image_in_step_text_is_served_from_the_module(learner_client):
    from urllib.parse import urljoin

    learner_client.post(f"{MODULE}/enrol")
    page_url = f"{MODULE}/steps/welkom"
    page = learner_client.get(page_url).get_data(as_text=True)
    source = re.search(r'<img src="([^"]+)" alt="Een straat in de wijk', page).group(1)
    image = learner_client.get(urljoin(page_url, source))
    assert image.status_code == 200 and image.mimetype == "image/png"


def test_a_step_marked_done_reads_as_done_even_when_its_state_was_loaded_before(app, learner, fixture_module):
    """mark_done writes through the table (one upsert): reading the states after it gives the row as
    written, not the copy the session loaded before (a scenario's path, say), or a completed module
    would not be seen as completed."""
    from learn.player import records

    scenario = fixture_module.step("casus-ouders")
    enrolment = records.enrol(learner, fixture_module)
    db.session.flush()
    records.step_state(enrolment, scenario).state = {"path": [["begin", "regels"]]}
    db.session.commit()
    db.session.expire_all()
    records.step_state(enrolment, scenario).state = {"path": [["begin", "luisteren"], ["gesprek", "folder"]]}
    assert scenario.id not in records.marked_done(records.step_states(enrolment))
    records.mark_done(enrolment, fixture_module, scenario)
    assert scenario.id in records.marked_done(records.step_states(enrolment))
    assert scenario.id in completed_step_ids(fixture_module, enrolment)


def test_a_long_step_gets_a_contents_list_of_its_parts(learner_client, tmp_path):
    from learn.content.markdown import render_markdown, with_sections

    body, sections = with_sections(
        render_markdown("Intro.\n\n## Wat is het?\n\nTekst.\n\n## Één keer\n\nMeer.\n\n## Wat is het?\n\nNog eens."),
        "stap",
    )
    assert sections == (
        ("stap--wat-is-het", "Wat is het?"),
        ("stap--een-keer", "Één keer"),
        ("stap--wat-is-het-2", "Wat is het?"),
    )
    assert '<h2 id="stap--een-keer">Één keer</h2>' in body
    learner_client.post(f"{MODULE}/enrol")
    page = learner_client.get(f"{MODULE}/steps/welkom").get_data(as_text=True)
    assert "In deze stap" not in page  # a short step has no contents list
    assert "hoofdstuk 1 van" in page  # the chapter beside the position


def test_the_real_long_steps_have_their_contents_list():
    from pathlib import Path

    from learn.content.loader import load_library

    library = load_library(Path(__file__).resolve().parent.parent / "modules")
    long_steps = [s for m in library for s in m.steps if len(s.sections) >= 3]
    assert long_steps, "the modules have long steps"
    for step in long_steps:
        assert all(f'<h2 id="{identifier}">' in step.body for identifier, _ in step.sections)
