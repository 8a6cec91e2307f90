"""The header every page shares is rendered once per language, role and sign-in (learn.branding.site_header):
what one visitor's header holds must never reach another's."""

import re

from conftest import login
from test_security_csrf import csrf_app, signed_in_client  # noqa: F401

LOGOUT_TOKEN = re.compile(
    r'action="/uitloggen" class="inline">\s*<input type="hidden" name="csrf_token" value="([^"]+)"'
)


def test_each_visitor_logs_out_with_their_own_token(csrf_app, make_user):
    first, second = signed_in_client(csrf_app, make_user()), signed_in_client(csrf_app, make_user())
    tokens = [LOGOUT_TOKEN.search(client.get("/profiel").get_data(as_text=True)).group(1) for client in (first, second)]
    assert tokens[0] != tokens[1]

    assert first.post("/uitloggen", data={"csrf_token": tokens[1]}).status_code == 400  # the other's token
    assert first.get("/profiel").status_code == 200
    assert first.post("/uitloggen", data={"csrf_token": tokens[0]}).status_code == 302
    assert first.get("/profiel").status_code == 302  # signed out
    assert second.get("/profiel").status_code == 200  # the other visitor was not


def test_the_header_follows_the_visitor_not_the_visitor_before(app, make_user):
    admin, learner, english, anonymous = (app.test_client() for _ in range(4))
    login(admin, make_user("admin"))
    login(learner, make_user("learner"))
    login(english, make_user("learner"))
    english.get("/?lang=en")
    for _ in range(2):  # the second round is served from what the first rendered
        pages = [client.get("/").get_data(as_text=True) for client in (admin, learner, english, anonymous)]
        assert "<summary>Beheer</summary>" in pages[0] and "Uitloggen" in pages[0]
        assert "Mijn reflecties" in pages[1] and "Beheer" not in pages[1] and "Uitloggen" in pages[1]
        assert "Log out" in pages[2] and "Uitloggen" not in pages[2]
        assert "Inloggen" in pages[3] and "Uitloggen" not in pages[3] and "csrf_token" not in pages[3]
