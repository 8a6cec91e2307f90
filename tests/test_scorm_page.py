"""The SCORM page: the recommended standard first, a note per LMS, and a preview that plays the
package in the browser, straight from its zip, with no LMS."""

import io
import re
import zipfile

import pytest
from conftest import login

from scorm_export import build_package

pytestmark = pytest.mark.usefixtures("package_cache")


@pytest.fixture
def package_cache(app, tmp_path):
    app.config["SCORM_CACHE_PATH"] = str(tmp_path / "scorm-cache")


@pytest.fixture
def institution(app, make_user):
    client = app.test_client()
    login(client, make_user("institution"))
    return client


def test_the_primary_button_is_the_recommended_standard_and_every_lms_has_a_note(institution):
    page = institution.get("/scorm/").get_data(as_text=True)
    buttons = re.findall(r'<a class="button( primary)?" href="/scorm/kennismaking/(\w+)\.zip"', page)
    assert buttons == [(" primary", "scorm2004"), ("", "scorm12")]
    assert "Download SCORM 2004 4th edition (aanbevolen)" in page
    for lms in ("Moodle", "Canvas", "Brightspace", "Totara"):
        assert f"<summary>{lms}" in page
    assert "Cijfer voor geslaagd" in page  # Moodle does not carry the pass mark into its gradebook
    assert 'href="/scorm/kennismaking/scorm2004/voorbeeld/index.html"' in page


def test_the_preview_serves_the_packages_own_files(institution, fixture_module):
    package = build_package(fixture_module, "2004")
    launch = institution.get("/scorm/kennismaking/scorm2004/voorbeeld/index.html")
    assert launch.status_code == 200 and launch.mimetype == "text/html"
    with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
        assert launch.data == archive.read("index.html")
        for name in ("runtime/scorm.js", "leerpad.css", "module-data.js"):
            response = institution.get(f"/scorm/kennismaking/scorm2004/voorbeeld/{name}")
            assert response.data == archive.read(name), name
            assert response.mimetype == ("text/css" if name.endswith(".css") else "text/javascript")
    for missing in ("geen-bestand.js", "../../../pyproject.toml", "%2e%2e/imsmanifest.xml"):
        assert institution.get(f"/scorm/kennismaking/scorm2004/voorbeeld/{missing}").status_code == 404
    assert institution.get("/scorm/kennismaking/scorm3000/voorbeeld/index.html").status_code == 404


def test_learners_and_trainers_get_no_preview(app, make_user):
    for role in ("learner", "trainer"):
        client = app.test_client()
        login(client, make_user(role))
        assert client.get("/scorm/kennismaking/scorm2004/voorbeeld/index.html").status_code == 403
