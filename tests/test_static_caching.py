"""Static files: the page links each under its content's hash, and that address may be kept a year."""

import re
from pathlib import Path

from learn.assets import content_hash

STATIC = Path(__file__).resolve().parent.parent / "learn" / "static"


def linked(page: str, name: str) -> str:
    return re.search(rf'"(/static/{re.escape(name)}\?v=[0-9a-f]{{12}})"', page).group(1)


def test_a_signed_in_page_links_hashed_files_a_browser_keeps_a_year(learner_client):
    page = learner_client.get("/").get_data(as_text=True)
    for name in ("leerpad.css", "runtime/web.js"):
        response = learner_client.get(linked(page, name))
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.get_data() == (STATIC / name).read_bytes()


def test_an_address_without_the_current_hash_is_not_kept(learner_client):
    """A relative ES-module import or an address from before a release: the browser asks again."""
    for address in ("/static/runtime/keyboard.js", "/static/leerpad.css?v=000000000000"):
        response = learner_client.get(address)
        assert response.status_code == 200
        assert "immutable" not in response.headers.get("Cache-Control", "")


def test_a_changed_file_gets_a_new_address(tmp_path):
    (tmp_path / "a.css").write_text("body { color: black }")
    first = content_hash(str(tmp_path), "a.css")
    (tmp_path / "a.css").write_text("body { color: navy }")
    assert content_hash(str(tmp_path), "a.css") not in {first, None}
    assert content_hash(str(tmp_path), "missing.css") is None
