"""Hostile input gets a clear answer and never a 500 (findings 5, 6, 14 and 15 of the security review).

Every route is read from the application's url_map, so a new feature's routes and forms are
held to the same rules: a NUL byte or another control character (PostgreSQL refuses NUL in
text), a page number or id longer than any column holds, a request of many megabytes, a field
longer than anyone types, a search for ``%`` or ``_``.
"""

from urllib.parse import urlencode

import pytest
from conftest import PASSWORD, login, make_app
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.routing import IntegerConverter
from wtforms import StringField
from wtforms.validators import Length

from learn.auth.models import User
from learn.extensions import db
from learn.player.models import ReflectionAnswer
from learn.security import PUBLIC, ROLES, public

HUGE = "99999999999999999999"
HOSTILE_QUERY = {
    "page": HUGE,
    "pagina": HUGE,
    "q": "a\x00b%_",
    "van": "2026-13\x00",
    "tot": "\x00",
    "versie": "1.0\x00",
    "register": "SKJ\x00",
    "start": "2026-01-01\x00",
    "end": "99999-99-99",
    "format": "json\x00",
    "lang": "en\x00",
    "next": "/\x00",
}
PATH_VALUES = {
    "module_id": "kennismaking",
    "step_id": "welkom",
    "filename": "wijk.png",
    "token": "x",
    "code": "x",
    "version": "2004",
    "register": "SKJ",
    "number": "LP-2026-000001",
}


def routes(app, method):
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static" and method in rule.methods:
            yield rule, app.view_functions[rule.endpoint]


def url(rule, values, integer=HUGE) -> str:
    filled = {}
    for name in rule.arguments:
        filled[name] = integer if isinstance(rule._converters[name], IntegerConverter) else values.get(name, "x")
    return rule.build(filled, append_unknown=False)[1]


def client_as(app, make_user, role):
    client = app.test_client()
    if role:
        login(client, make_user(role=role))
    return client


def allowed(view, role) -> bool:
    return view.access == PUBLIC or (role is not None and role in view.access)


@pytest.fixture
def production_like(database_url):
    """The app as it answers a visitor: an unexpected error renders the error page, it is not raised."""
    app = make_app(database_url, PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        yield app
        db.session.remove()
        from conftest import empty_all_tables

        empty_all_tables()
        db.engine.dispose()


@pytest.mark.parametrize("role", [None, *ROLES])
def test_no_page_answers_500_to_hostile_query_arguments_or_path_values(production_like, make_user, role):
    client = client_as(production_like, make_user, role)
    nul_values = {name: f"{value}\x00" for name, value in PATH_VALUES.items()}
    checked = []
    for rule, view in routes(production_like, "GET"):
        if not allowed(view, role):
            continue
        for path in {url(rule, PATH_VALUES), url(rule, nul_values, integer="1")}:
            address = f"{path}?{urlencode(HOSTILE_QUERY)}"
            response = client.get(address)
            checked.append(address)
            assert response.status_code < 500, f"GET {address} as {role or 'anonymous'}"
    assert len(checked) > 4


@pytest.mark.parametrize("role", [None, *ROLES])
def test_no_form_answers_500_to_control_characters(production_like, make_user, role):
    client = client_as(production_like, make_user, role)
    form = {
        "email": "nieuw\x00@example.nl",
        "name": "Nieuwe\x00 Naam\x07",
        "password": "fout\x00",
        "confirm": "fout\x00",
        "locale": "nl\x00",
        "action": "save",
        "answer-moment": "Mijn\x00 antwoord",
        "reason": "Omdat\x00",
        "learner_name": "Naam\x00",
        "register_number": "123\x00",
        "confirm_name": "y",
    }
    checked = 0
    for rule, view in routes(production_like, "POST"):
        if not allowed(view, role) or rule.endpoint == "auth.logout":
            continue
        response = client.post(url(rule, PATH_VALUES, integer="1"), data=form)
        checked += 1
        assert response.status_code < 500, f"POST {rule.rule} as {role or 'anonymous'}"
    assert checked >= 3


def test_a_nul_byte_in_the_login_form_gets_the_ordinary_answer(client, learner):
    response = client.post("/inloggen", data={"email": f"{learner.email}\x00", "password": "fout\x00wachtwoord"})
    assert response.status_code == 400
    assert "horen niet bij elkaar" in response.get_data(as_text=True)
    response = client.post("/inloggen", data={"email": f"\x00{learner.email}", "password": f"{PASSWORD}\x00"})
    assert response.status_code == 302, "the invisible characters are taken out, the rest is what was typed"


def test_control_characters_are_taken_out_of_what_is_saved_and_the_learner_is_told(learner_client):
    learner_client.post("/modules/kennismaking/enrol")
    typed = "Eerste regel\x0bTweede regel\x00 met\x07 tab\tEn\r\nnog een"
    response = learner_client.post(
        "/modules/kennismaking/steps/eigen-praktijk", data={"action": "save", "answer-moment": typed}
    )
    assert response.status_code == 302
    answer = db.session.scalar(select(ReflectionAnswer.answer).filter_by(question_id="moment"))
    assert answer == "Eerste regel\nTweede regel met tab\tEn\r\nnog een"
    page = learner_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "onzichtbare tekens" in page


def test_a_search_with_a_nul_byte_finds_what_the_visible_text_finds(client, make_user):
    admin = make_user("admin")
    make_user(name="Anna de Boer")
    login(client, admin)
    response = client.get("/beheer/gebruikers?" + urlencode({"q": "An\x00na"}))
    assert response.status_code == 200
    assert "Anna de Boer" in response.get_data(as_text=True)


def test_path_values_with_control_characters_are_not_found(client, learner):
    login(client, learner)
    for path in ("/verify/abc%00def", "/modules/kennis%00making", "/modules/kennismaking/steps/wel%01kom"):
        assert client.get(path).status_code == 404, path


def test_the_error_page_renders_after_a_failed_database_write(database_url, make_user):
    """A failed flush leaves the session needing a rollback; the error page must not trip over it."""
    app = make_app(database_url, PROPAGATE_EXCEPTIONS=False)
    existing = make_user()

    @app.post("/proef/dubbel")
    @public
    def duplicate():
        db.session.add(User(email=existing.email, name="Dubbel", password_hash="x"))
        db.session.flush()

    with app.app_context():
        client = app.test_client()
        login(client, existing)
        response = client.post("/proef/dubbel")
        assert response.status_code == 500
        assert "Dat lukte niet" in response.get_data(as_text=True)
        assert client.get("/profiel").status_code == 200, "the next request works as ever"
        db.engine.dispose()


# Finding 5: no request-size limit, and an over-long value was echoed back.


def test_a_request_over_a_megabyte_is_refused_with_a_clear_page(client):
    quarter = "x" * 400_000
    response = client.post(
        "/registreren", data={"name": quarter, "email": quarter, "password": quarter, "confirm": quarter}
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "te groot" in page
    assert len(response.data) < 20_000
    assert db.session.scalar(select(db.func.count(User.id))) == 0


def test_an_over_long_field_gets_a_message_and_is_not_sent_back(client):
    name = "Lang" * 25_000
    response = client.post(
        "/registreren", data={"name": name, "email": "lang@example.nl", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "hoogstens 200 tekens" in page
    assert len(response.data) < 20_000, "the 100,000 characters are not sent back"
    assert db.session.scalar(select(db.func.count(User.id))) == 0


def text_fields_of_every_form(app):
    """Every text field of every form class the app defines (the evaluation forms are built per definition)."""
    from learn.evaluation.forms import form_class
    from learn.evaluation.library import get_forms

    for definition in get_forms().forms.values():
        form_class(definition)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for form in subclasses(FlaskForm):
        for name in dir(form):
            unbound = getattr(form, name)
            if getattr(unbound, "field_class", None) and issubclass(unbound.field_class, StringField):
                yield form, name, unbound


def validators_of(unbound) -> list:
    return list(unbound.kwargs.get("validators") or (unbound.args[1] if len(unbound.args) > 1 else []))


def test_every_text_field_of_every_form_has_a_length_limit(app):
    fields = list(text_fields_of_every_form(app))
    assert len(fields) > 10
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form, name, unbound in fields
        if not any(isinstance(v, Length) and v.max > 0 for v in validators_of(unbound))
    ]
    assert unlimited == []


def test_an_over_long_reflection_gets_a_clear_message(learner_client):
    learner_client.post("/modules/kennismaking/enrol")
    response = learner_client.post(
        "/modules/kennismaking/steps/eigen-praktijk", data={"action": "save", "answer-moment": "woord " * 5_000}
    )
    page = learner_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "te lang" in page and "20.000" in page
    assert len(page) < 20_000


# Finding 14: huge page numbers and ids gave 500 (OverflowError).


def test_huge_page_numbers_and_ids_are_not_found_or_the_last_page(client, make_user):
    login(client, make_user("admin"))
    assert client.get(f"/beheer/gebruikers?page={HUGE}").status_code == 200
    assert client.get(f"/beheer/certificaten?page={HUGE}").status_code == 200
    assert client.get("/beheer/gebruikers?page=-5").status_code == 200
    assert client.get(f"/beheer/certificaten/{HUGE}").status_code == 404
    assert client.post(f"/beheer/gebruikers/{HUGE}", data={}).status_code == 404
    assert client.get(f"/beheer/certificaten/{2**31}").status_code == 404


# Finding 15: the admin user search did not escape % and _.


def test_admin_user_search_treats_percent_and_underscore_as_text(client, make_user):
    login(client, make_user("admin", email="beheer@example.nl", name="Beheerder"))
    make_user(email="a_b@example.nl", name="Met Streep")
    make_user(email="axb@example.nl", name="Zonder Streep")
    make_user(email="c@example.nl", name="Honderd % zeker")

    def found(query):
        page = client.get("/beheer/gebruikers?" + urlencode({"q": query})).get_data(as_text=True)
        return {email for email in ("a_b@", "axb@", "c@", "beheer@") if email in page}

    assert found("a_b") == {"a_b@"}
    assert found("%") == {"c@"}
    assert found("_") == {"a_b@"}


def test_certificate_search_treats_percent_and_underscore_as_text(app):
    from learn.certificates.issuing import search
    from learn.certificates.models import Certificate

    statement = str(search(select(Certificate), "50%_").compile(compile_kwargs={"literal_binds": True}))
    assert "50\\%\\_" in statement and "ESCAPE" in statement.upper()
