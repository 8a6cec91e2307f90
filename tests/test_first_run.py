"""What a new user meets on the first run: one log line per request, an icon, rounded scores."""

import logging
import urllib.request

MODULE = "/modules/kennismaking"


def test_the_development_server_logs_each_request_once(live_server, caplog):
    caplog.set_level(logging.INFO)
    with urllib.request.urlopen(f"{live_server}/colofon") as response:
        assert response.status == 200
    lines = [r.getMessage() for r in caplog.records if "/colofon" in r.getMessage()]
    assert len(lines) == 1 and lines[0].startswith("GET /colofon 200 "), lines


def test_favicon_is_the_academy_logo_as_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/x-icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # the ICO header


def test_partial_credit_is_rounded_as_people_round(app, learner_client, fixture_module):
    from learn.i18n import points

    with app.test_request_context("/"):
        assert [points(x) for x in (2 / 3, 2.0, 66.6667, 0.25)] == ["0,7", "2", "66,7", "0,3"]
    with app.test_request_context("/?lang=en"):
        from flask_babel import refresh

        refresh()
        assert points(1234.56) == "1,234.6"


def test_choose_all_is_said_once(app):
    from learn.content.steps.quiz import Option, Question

    render = app.jinja_env.get_template("steps/_question.html").module.render_question
    options = (Option("a", "Ja", 1, ""), Option("b", "Nee", 0, ""))
    for text, hints in (("<p>Wat klopt?</p>", 1), ("<p>Wat klopt? Kies alle goede antwoorden.</p>", 0)):
        question = Question("q", "multiple", text, "", None, 1, "partial", options=options)
        with app.test_request_context("/"):
            html = str(render(question, 1, ["a", "b"]))
        assert html.count("Kies alle goede antwoorden.") == 1
        assert html.count('class="hint"') == hints
