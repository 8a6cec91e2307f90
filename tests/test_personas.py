"""Personas with a face: an SVG portrait per persona, checked by the loader, shown by both players."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from module_helpers import errors_of, module_dir  # noqa: F401

from learn.content.loader import load_module

MODULE = "/modules/kennismaking"


def draw(folder: Path, svg: str) -> Path:
    path = folder / "images" / "samira.svg"
    path.write_text(svg, encoding="utf-8")
    return path


def test_a_portrait_and_a_speaking_persona_load(module_dir):
    module = load_module(module_dir)
    assert module.personas["samira"].portrait == "images/samira.svg"
    assert module.personas["samira"].alt.startswith("Getekend portret")
    scenario = module.step("casus-ouders")
    assert scenario.node("gesprek").persona == "samira"


@pytest.mark.parametrize(
    "svg, problem, line",
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">\n<script>alert(1)</script></svg>', "<script>", 2),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">\n\n<circle r="4" onclick="x()"/></svg>',
            "onclick",
            3,
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">\n<image href="https://example.org/a.png"/></svg>',
            "https://example.org/a.png",
            2,
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">\n<rect style="fill: url(https://x.nl/p)"/></svg>',
            "outside the file",
            2,
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">\n<foreignObject><p>hoi</p></foreignObject></svg>',
            "<foreignObject>",
            2,
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"></svg>', "viewBox", 1),
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">\n<circle r="4">\n</svg>', "not a valid SVG", 3),
    ],
    ids=["script", "event-handler", "external-image", "external-style", "embedded-html", "no-viewbox", "broken-xml"],
)
def test_an_unsafe_or_broken_portrait_is_refused_with_file_and_line(module_dir, svg, problem, line):
    path = draw(module_dir, svg)
    messages = errors_of(module_dir)
    assert any(m.startswith(f"{path}:{line}:") and problem in m and "samira" in m for m in messages), messages


def test_a_portrait_needs_alt_text_and_must_be_an_svg_in_images(module_dir):
    personas = module_dir / "personas.yaml"
    text = personas.read_text(encoding="utf-8")
    personas.write_text(text.replace("  alt: Getekend portret", "  title: x\n  alt_weg: Getekend"), encoding="utf-8")
    assert any("alt_weg" in m for m in errors_of(module_dir))
    personas.write_text(re.sub(r"  alt: .*\n", "", text), encoding="utf-8")
    assert any("no alt text" in m and f"{personas}:8:" in m for m in errors_of(module_dir))
    personas.write_text(text.replace("images/samira.svg", "images/wijk.png"), encoding="utf-8")
    assert any("must be an SVG" in m for m in errors_of(module_dir))
    personas.write_text(text.replace("images/samira.svg", "../samira.svg"), encoding="utf-8")
    assert any("not found" in m and "images/ folder" in m for m in errors_of(module_dir))


def test_a_scenario_node_naming_an_unknown_persona_is_an_error(module_dir):
    path = module_dir / "steps" / "04-casus.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("persona: samira\n    text: Ze", "persona: sam\n    text: Ze")
    )
    assert any(str(path) in m and "'sam' is not in personas.yaml" in m for m in errors_of(module_dir))


def test_the_persona_card_and_the_scenario_show_the_portrait(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    card = learner_client.get(f"{MODULE}/steps/samira").get_data(as_text=True)
    assert re.search(
        r'<img class="portrait" src="/modules/kennismaking/(steps/)?images/samira.svg" alt="Getekend portret', card
    )
    learner_client.post(f"{MODULE}/steps/casus-ouders", data={"choice": "begin:luisteren"})
    scenario = learner_client.get(f"{MODULE}/steps/casus-ouders").get_data(as_text=True)
    speaker = re.search(r'<p class="speaker">.*?</p>', scenario, re.S).group(0)
    assert "samira.svg" in speaker and "Samira" in speaker
    assert "Wat doe je?" in scenario


def test_a_portrait_is_served_as_an_svg_that_can_run_nothing(client):
    response = client.get(f"{MODULE}/images/samira.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"


def test_the_scorm_package_carries_and_shows_the_portrait(app, fixture_module):
    from scorm_export import build_package

    package = build_package(fixture_module, "scorm2004", app)
    with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
        names = set(archive.namelist())
        page = archive.read("index.html").decode()
    assert "images/samira.svg" in names
    assert 'src="images/samira.svg" alt="Getekend portret' in page
    assert '<p class="speaker"><img class="portrait" src="images/samira.svg"' in page
