"""The header's menu: a learner's few pages as links, a staff member's many folded into groups."""

import re

import pytest
from conftest import login

from learn.branding import ROLE_MENU, MenuGroup, MenuItem, menu_for


def test_few_pages_stay_links_and_many_fold_into_their_groups():
    items = [
        MenuItem(("learner", "admin"), "a.mine", "Mijn iets"),
        MenuItem(("learner", "admin"), "a.mine2", "Mijn ander"),
        MenuItem(("admin",), "a.users", "Gebruikers", "academy"),
        MenuItem(("admin",), "a.certs", "Certificaten", "academy"),
        MenuItem(("admin",), "a.stats", "Statistiek", "results"),
    ]
    assert menu_for("learner", items) == items[:2]
    entries = menu_for("admin", items)
    assert [type(e).__name__ for e in entries] == ["MenuGroup", "MenuItem", "MenuGroup"]
    assert entries[0].items == tuple(items[:2]) and entries[1] == items[4] and entries[2].items == tuple(items[2:4])
    assert menu_for(None, items) == []


def header_entries(page: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Hoofdmenu">(.*?)</nav>', page, re.S).group(1)
    top = re.sub(r"(</summary>)\s*<ul>.*?</ul>", r"\1", nav, flags=re.S)  # leave out a group's own list
    return [re.sub(r"<[^>]+>", "", e).strip() for e in re.findall(r"<summary>.*?</summary>|<a [^>]*>.*?</a>", top)]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("learner", ["Modules", "Mijn reflecties", "Mijn certificaten", "Profiel", "English"]),
        ("admin", ["Modules", "Mijn leren", "Resultaten", "Beheer", "Profiel", "English"]),
    ],
)
def test_the_header_of_each_role(app, make_user, role, expected):
    client = app.test_client()
    login(client, make_user(role=role))
    page = client.get("/profiel").get_data(as_text=True)
    assert header_entries(page) == expected
    every = {item.endpoint for item in ROLE_MENU if role in item.roles}
    with app.test_request_context():
        from flask import url_for

        assert all(f'href="{url_for(endpoint)}"' in page for endpoint in every)  # folded, not gone
    if role == "admin":
        assert isinstance(menu_for("admin")[-1], MenuGroup)
        assert '<details class="menu-group"><summary>Beheer</summary>' in page
