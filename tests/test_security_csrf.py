"""CSRF: every POST route, read from the application's url_map, refuses a request without a token.

The app runs with WTF_CSRF_ENABLED on (as in production). Each route is posted by a
signed-in user whose role may use it, so the refusal comes from the CSRF check and not
from the role check; nothing may change.
"""

import re

import pytest
from conftest import PASSWORD, make_app
from security_helpers import url_for_rule
from sqlalchemy import func, select

from learn.auth.models import User
from learn.extensions import db
from learn.security import PUBLIC, ROLES


@pytest.fixture
def csrf_app(database_url):
    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app
        db.session.remove()
        from conftest import empty_all_tables

        empty_all_tables()
        db.engine.dispose()


def csrf_token(client, path="/inloggen") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def signed_in_client(app, user):
    client = app.test_client()
    email = user.email
    db.session.commit()  # logging in writes: end this session's read first (see conftest.login)
    response = client.post("/inloggen", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    return client


def post_rules(app):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            yield rule, app.view_functions[rule.endpoint]


def test_login_itself_needs_the_token(csrf_app, make_user):
    user = make_user()
    client = csrf_app.test_client()
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/profiel").status_code == 302  # not signed in


@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_post_route_refuses_a_request_without_token(csrf_app, make_user, role):
    users_before = None
    client = csrf_app.test_client()
    me = None
    if role:
        me = make_user(role)
        client = signed_in_client(csrf_app, me)
    other = make_user("learner")
    users_before = db.session.scalar(select(func.count(User.id)))
    values = {
        "module_id": "kennismaking",
        "step_id": "welkom",
        "register": "Registerplein",
        "token": "x",
        "certificate_id": 1,
        "answer_id": 1,
        "user_id": other.id,
    }
    checked = 0
    for rule, view in post_rules(csrf_app):
        allowed = view.access == PUBLIC or (role is not None and role in view.access)
        if not allowed:
            continue
        url = url_for_rule(rule, values)
        form = {
            "password": PASSWORD,
            "email": f"nieuw-{role}@example.nl",
            "name": "Nieuw",
            "confirm": PASSWORD,
            "action": "next",
            f"u{other.id}-role": "admin",
            f"u{other.id}-active": "y",
            "reason": "x",
        }
        response = client.post(url, data=form)
        checked += 1
        assert response.status_code == 400, f"POST {rule.rule} as {role or 'anonymous'} without a CSRF token"
    assert checked >= (3 if role is None else 5)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(User.id))) == users_before  # nobody registered or deleted
    assert db.session.get(User, other.id).role == "learner"
    if me is not None:
        assert client.get("/profiel").status_code == 200  # logout without a token did not log out


def test_a_token_from_another_session_is_refused(csrf_app, make_user):
    me = make_user()
    client = signed_in_client(csrf_app, me)
    stranger = csrf_app.test_client()
    foreign = csrf_token(stranger)
    response = client.post("/profiel/verwijderen", data={"password": PASSWORD, "csrf_token": foreign})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, me.id) is not None
