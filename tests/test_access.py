"""Every route × every role: each view declares who may use it (``public``,
``signed_in`` or ``roles_required``), and the server enforces exactly that.

The routes are read from the application itself, so a new feature's routes are
checked without touching this file, and a route that declares nothing fails here.
"""

import pytest
from conftest import login
from werkzeug.routing import IntegerConverter

from learn.security import PUBLIC, ROLES

SAMPLE_ARGUMENTS = {
    "module_id": "kennismaking",
    "step_id": "welkom",
    "filename": "niet-bestaand.png",
    "token": "ongeldig",
    "code": "ongeldig",
    "version": "2004",
}


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        yield rule, app.view_functions[rule.endpoint]


def sample_url(rule) -> str:
    values = {}
    for name in rule.arguments:
        integer = isinstance(rule._converters[name], IntegerConverter)
        values[name] = 999_999 if integer else SAMPLE_ARGUMENTS.get(name, "x")
    return rule.build(values, append_unknown=False)[1]


def test_every_route_declares_who_may_use_it(app):
    undeclared = [rule.rule for rule, view in routes(app) if not hasattr(view, "access")]
    assert undeclared == []


@pytest.mark.parametrize("role", [None, *ROLES])
def test_roles_are_enforced_on_every_route(app, make_user, role):
    client = app.test_client()
    if role:
        login(client, make_user(role=role))
    checked = 0
    for rule, view in routes(app):
        allowed = view.access == PUBLIC or (role is not None and role in view.access)
        url = sample_url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if allowed and method != "GET":
                continue  # a permitted POST would act (log out, delete the account): GETs suffice
            response = client.open(url, method=method)
            checked += 1
            where = f"{method} {rule.rule} as {role or 'anonymous'}"
            if allowed:
                assert response.status_code not in (401, 403), where
                assert "/inloggen" not in response.headers.get("Location", ""), where
            elif role is None:
                assert response.status_code == 302 and "/inloggen" in response.headers["Location"], where
            else:
                assert response.status_code == 403, where
    assert checked > 10
