"""Module tools: a handout in the module's own files becomes a branded, reproducible A4 PDF, offered on
the overview and on the step that links to it, inside the SCORM package too; a broken tool is named with file and line."""

import io
import re
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import FIXTURE_MODULES, make_app
from module_helpers import errors_of, module_dir  # noqa: F401
from pypdf import PdfReader

from learn.content.loader import load_module
from learn.tools import pdf as tools_pdf
from scorm_export import build_package

MODULE = "/modules/kennismaking"
TOOL_URL = f"{MODULE}/tools/gesprekskaart.pdf"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_overview_offers_every_tool_to_anyone(client):
    page = client.get(MODULE).get_data(as_text=True)
    assert f'href="{TOOL_URL}"' in page
    assert "Gesprekskaart" in page and "Vragen voor je eerste gesprek" in page


def test_the_step_that_links_a_tool_offers_it_and_its_link_downloads_the_pdf(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    step_url = f"{MODULE}/steps/eigen-praktijk"
    page = learner_client.get(step_url).get_data(as_text=True)
    assert f'href="{TOOL_URL}"' in page, "the download box under the step"
    (relative,) = re.findall(r'href="(tools/[^"]+)"', page)  # the author's link in the step text
    response = learner_client.get(urljoin(f"http://leerpad.test{step_url}", relative))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data == learner_client.get(TOOL_URL).data
    assert TOOL_URL not in learner_client.get(f"{MODULE}/steps/welkom").get_data(as_text=True)


def test_an_unknown_tool_is_not_found(client):
    assert client.get(f"{MODULE}/tools/bestaat-niet.pdf").status_code == 404
    assert client.get("/modules/bestaat-niet/tools/gesprekskaart.pdf").status_code == 404


def test_the_pdf_is_one_branded_a4_page_with_the_tool_and_its_attribution(database_url):
    app = make_app(database_url, ACADEMY_NAME="Academie Noorderlicht")
    data = app.test_client().get(TOOL_URL).data
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert any("DejaVuSans" in str(font.get_object()["/BaseFont"]) for font in fonts.values())
    text = pdf_text(data)
    for expected in (
        "Gesprekskaart",
        "Vragen voor je eerste gesprek, om naast je te leggen.",
        "Kies een rustige plek.",
        "Wat hoorde je?",
        "eerst de ideeën van de jongere",
        "Gemaakt voor de proefmodule van Leerpad.",
        "Kennismaking met Leerpad, versie 1.0",
        "Academie Noorderlicht",
    ):
        assert expected in text, expected


def test_an_empty_table_cell_prints_as_a_box_to_write_in(app, fixture_module):
    with app.test_request_context("/"):
        html = tools_pdf.tool_html(fixture_module, fixture_module.tools[0])
    assert html.count('<td class="blank">') == 2 and "<td></td>" not in html
    assert "<td>Hoe gaat het met je?</td>" in html


def test_a_rebuild_gives_the_same_bytes(app, fixture_module, monkeypatch):
    with app.test_request_context("/"):
        first = tools_pdf.tool_pdf(fixture_module, fixture_module.tools[0])
        monkeypatch.setattr(tools_pdf, "_rendered", {})
        again = tools_pdf.tool_pdf(fixture_module, fixture_module.tools[0])
    assert again == first


@pytest.fixture(scope="module")
def package_files():
    app = make_app("sqlite://")
    module = load_module(FIXTURE_MODULES / "kennismaking")
    package = build_package(module, "2004", app)
    with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    with app.test_request_context("/"):
        web_pdf = app.test_client().get(TOOL_URL).data
    return files, web_pdf


def test_the_scorm_package_carries_the_pdf_and_links_it_for_download(package_files):
    files, web_pdf = package_files
    assert files["tools/gesprekskaart.pdf"] == web_pdf, "the same PDF as on the web, rendered at export time"
    assert b'href="tools/gesprekskaart.pdf"' in files["imsmanifest.xml"]
    launch = files["index.html"].decode()
    links = re.findall(r'<a [^>]*href="tools/gesprekskaart.pdf"[^>]*>', launch)
    assert len(links) == 3, "the step text, the step's download box and the table of contents"
    for link in links:
        assert " download" in link, "a tool opened in the SCO's own frame would end the LMS session"


# --- a broken tool is refused with its file and line ------------------------------------------


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if fragment in line)


def test_a_missing_tool_file_names_its_line_in_module_yaml(module_dir):
    (module_dir / "tools" / "gesprekskaart.md").unlink()
    meta = module_dir / "module.yaml"
    (message,) = errors_of(module_dir)
    assert (
        message
        == f"{meta}:{line_of(meta, 'file: tools/gesprekskaart.md')}: tool file 'tools/gesprekskaart.md' not found"
    )


def test_a_tool_outside_the_tools_folder_is_refused(module_dir):
    meta = module_dir / "module.yaml"
    meta.write_text(meta.read_text().replace("file: tools/gesprekskaart.md", "file: steps/07-slot.md"))
    messages = errors_of(module_dir)
    assert f"{meta}:{line_of(meta, 'file: steps/07-slot.md')}: tool 'steps/07-slot.md': put it in tools/" in messages[0]


def test_a_tool_without_attribution_is_refused(module_dir):
    meta = module_dir / "module.yaml"
    meta.write_text(meta.read_text().replace("    attribution: Gemaakt voor de proefmodule van Leerpad.\n", ""))
    messages = errors_of(module_dir)
    assert any("tools.0.attribution" in m and m.startswith(f"{meta}:") for m in messages), messages


def test_a_link_to_an_undeclared_tool_names_the_step_and_line(module_dir):
    step = module_dir / "steps" / "07-slot.md"
    step.write_text(step.read_text() + "\nPrint de [stoplichtkaart](tools/stoplicht.pdf).\n")
    (message,) = errors_of(module_dir)
    assert message.startswith(f"{step}:{line_of(step, 'tools/stoplicht.pdf')}: link to 'tools/stoplicht.pdf'")
    assert "tools/gesprekskaart.pdf" in message, "the message names the tools that do exist"


@pytest.mark.parametrize(
    "broken, problem",
    [
        ("# Gesprekskaart\n", "start headings at '##'"),
        ("![Een jongere](images/wijk.png)\n", "image 'images/wijk.png': a tool is text only"),
    ],
)
def test_a_tool_file_with_a_problem_names_its_line(module_dir, broken, problem):
    tool = module_dir / "tools" / "gesprekskaart.md"
    tool.write_text(tool.read_text() + "\n" + broken, encoding="utf-8")
    (message,) = errors_of(module_dir)
    assert message.startswith(f"{tool}:{line_of(tool, broken.strip())}: {problem}")


def test_a_tool_that_is_not_utf8_names_the_line(module_dir):
    tool = module_dir / "tools" / "gesprekskaart.md"
    tool.write_bytes("Regel een\n\nIdee\xebn van de jongere\n".encode("latin-1"))
    (message,) = errors_of(module_dir)
    assert message == f"{tool}:3: not UTF-8 text: save the file as UTF-8"


def test_check_modules_reports_a_broken_tool_and_counts_good_ones(runner, module_dir):
    assert "tools: 1" in runner.invoke(args=["check-modules", str(module_dir.parent)]).output
    (module_dir / "tools" / "gesprekskaart.md").write_text("  \n", encoding="utf-8")
    result = runner.invoke(args=["check-modules", str(module_dir.parent)])
    assert result.exit_code == 1
    assert f"{module_dir / 'tools' / 'gesprekskaart.md'}:1: the tool is empty" in result.output
