"""Institutions and admins get SCORM packages from the platform and from the command line."""

import io
import zipfile

import pytest
from conftest import login

from scorm_export import build_package


@pytest.fixture(autouse=True)
def package_cache(app, tmp_path):
    app.config["SCORM_CACHE_PATH"] = str(tmp_path / "scorm-cache")
    return tmp_path / "scorm-cache"


def test_learners_and_trainers_cannot_reach_the_packages(client, make_user):
    assert client.get("/scorm/").status_code == 302  # to the login page
    for role in ("learner", "trainer"):
        user = make_user(role)
        login(client, user)
        assert client.get("/scorm/").status_code == 403
        assert client.get("/scorm/kennismaking/scorm12.zip").status_code == 403
        client.post("/uitloggen")


@pytest.mark.parametrize("role", ["institution", "admin"])
def test_institution_downloads_both_standards(client, make_user, fixture_module, role):
    login(client, make_user(role))
    page = client.get("/scorm/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "SCORM-pakketten" in html and fixture_module.title in html and fixture_module.version in html
    assert "/scorm/kennismaking/scorm12.zip" in html and "/scorm/kennismaking/scorm2004.zip" in html
    assert fixture_module.changelog[0].changes in html
    for slug, key in (("scorm12", "1.2"), ("scorm2004", "2004")):
        response = client.get(f"/scorm/kennismaking/{slug}.zip")
        assert response.status_code == 200
        assert response.mimetype == "application/zip"
        assert f"kennismaking-1.0-{slug}.zip" in response.headers["Content-Disposition"]
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            assert "imsmanifest.xml" in archive.namelist()
        assert response.data == build_package(fixture_module, key).data
        response.close()


def test_packages_are_cached_per_module_version(client, make_user, package_cache):
    login(client, make_user("institution"))
    first = client.get("/scorm/kennismaking/scorm2004.zip")
    cached = list(package_cache.rglob("*.zip"))
    assert [p.name for p in cached] == ["kennismaking-1.0-scorm2004.zip"]
    second = client.get("/scorm/kennismaking/scorm2004.zip")
    assert first.data == second.data
    first.close()
    second.close()


def test_unknown_module_or_standard_is_404(client, make_user):
    login(client, make_user("institution"))
    assert client.get("/scorm/bestaat-niet/scorm12.zip").status_code == 404
    assert client.get("/scorm/kennismaking/scorm13.zip").status_code == 404


def test_menu_shows_the_page_to_institutions_only(client, make_user):
    login(client, make_user("institution"))
    assert 'href="/scorm/"' in client.get("/").get_data(as_text=True)
    client.post("/uitloggen")
    login(client, make_user("learner"))
    assert 'href="/scorm/"' not in client.get("/").get_data(as_text=True)


def test_cli_exports_a_module(runner, fixture_module, tmp_path):
    target = tmp_path / "pakket.zip"
    result = runner.invoke(args=["export-scorm", "kennismaking", "--standard", "scorm12", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == build_package(fixture_module, "1.2").data
    result = runner.invoke(args=["export-scorm", "--all", "--standard", "scorm2004", "-o", str(tmp_path / "alle")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "alle" / "kennismaking-1.0-scorm2004.zip").is_file()


def test_cli_refuses_unknown_module_and_version(runner, tmp_path):
    result = runner.invoke(args=["export-scorm", "onbekend", "--standard", "scorm12", "-o", str(tmp_path / "x.zip")])
    assert result.exit_code != 0 and "onbekend" in result.output
    result = runner.invoke(
        args=["export-scorm", "kennismaking", "--standard", "scorm13", "-o", str(tmp_path / "x.zip")]
    )
    assert result.exit_code != 0


def test_the_page_says_what_scorm_cannot_protect_and_how_to_test(client, make_user):
    """Issue 18, point 5: the answer key and suspend_data are in the learner's hands; LTI for a secure test."""
    login(client, make_user("institution"))
    html = client.get("/scorm/").get_data(as_text=True)
    assert "De goede antwoorden zitten dus in het pakket" in html
    assert "kan iemand met wat technische kennis ook aanpassen" in html
    assert "LTI 1.3" in html
    assert "voorbeeldweergave (preview)" in html and "LMS meldt een fout" in html


def test_a_changed_runtime_module_gives_new_packages(app, tmp_path, monkeypatch):
    """The cache's fingerprint covers the shared runtime the package ships, not only scorm_export/."""
    import shutil

    from scorm_export import cache, render

    runtime = tmp_path / "runtime"
    shutil.copytree(render.RUNTIME, runtime)
    monkeypatch.setattr(render, "RUNTIME", runtime)
    before = cache._fingerprint()
    (runtime / "sco.js").write_text((runtime / "sco.js").read_text() + "\n// changed\n")
    assert cache._fingerprint() != before
