"""SCORM packages: valid manifests, complete and self-contained, reproducible byte for byte."""

import io
import re
import zipfile
from pathlib import Path

import pytest
import xmlschema
from conftest import FIXTURE_MODULES
from lxml import etree

from learn.content.loader import load_library
from scorm_export import STANDARDS, build_package
from scorm_export.package import check_entry_name
from scorm_export.standards import SCHEMAS

pytestmark = pytest.mark.no_database

REPO = Path(__file__).resolve().parent.parent
SHARED_SCHEMAS = Path("/work/shared/scorm-schemas")
XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
ROOT_SCHEMA = {"1.2": "imscp_rootv1p1p2.xsd", "2004": "imscp_v1p1.xsd"}
# SCORM 1.2's ims_xml.xsd binds the xml namespace as the default namespace, which XML
# parsers refuse; validators use their built-in definition of xml:lang instead.
PORTABLE = re.compile(r"^[A-Za-z0-9_.]{1,250}$")  # letters, digits, _ and .: what every runtime accepts
KNOWN_SCHEMA_ERRORS = ("import of namespace 'http://www.w3.org/XML/1998/namespace' failed",)


def all_modules():
    modules = list(load_library(FIXTURE_MODULES))
    if (REPO / "modules").is_dir():
        modules += list(load_library(REPO / "modules"))
    return modules


MODULES = all_modules()
CASES = [pytest.param(module, key, id=f"{module.id}-{key}") for module in MODULES for key in STANDARDS]


@pytest.fixture(scope="module")
def packages():
    from conftest import make_app

    app = make_app("sqlite://")
    built = {}
    for module in MODULES:
        for key in STANDARDS:
            built[(module.id, key)] = build_package(module, key, app)
    return built


def unzip(package) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def schema_for(folder: Path, key: str, manifest: etree._ElementTree) -> xmlschema.XMLSchema:
    locations = manifest.getroot().get(XSI_LOCATION).split()
    pairs = list(zip(locations[::2], locations[1::2]))
    schema = xmlschema.XMLSchema(
        str(folder / ROOT_SCHEMA[key]),
        locations=[(namespace, str(folder / name)) for namespace, name in pairs[1:]],
        validation="lax",
    )
    unexpected = [str(e) for e in schema.all_errors if not str(e).startswith(KNOWN_SCHEMA_ERRORS)]
    assert not unexpected, unexpected
    return schema


@pytest.mark.parametrize("module, key", CASES)
def test_manifest_validates_against_the_shipped_schemas(packages, module, key, tmp_path):
    files = unzip(packages[(module.id, key)])
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    manifest = etree.parse(str(tmp_path / "imsmanifest.xml"))
    for _, name in zip(*[iter(manifest.getroot().get(XSI_LOCATION).split())] * 2):
        assert name in files, f"{name} named in schemaLocation but not in the package"
    schema = schema_for(tmp_path, key, manifest)
    errors = [str(e) for e in schema.iter_errors(str(tmp_path / "imsmanifest.xml"))]
    assert errors == []


def libxml2_schema(folder: Path, manifest: etree._ElementTree) -> etree.XMLSchema:
    """The schemas named in the manifest's schemaLocation as libxml2 (lxml, PHP's DOM) compiles them."""
    locations = manifest.getroot().get(XSI_LOCATION).split()
    imports = "".join(
        f'<xs:import namespace="{namespace}" schemaLocation="{(folder / name).as_uri()}"/>'
        for namespace, name in zip(locations[::2], locations[1::2])
    )
    wrapper = (
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:leerpad">{imports}</xs:schema>'
    )
    return etree.XMLSchema(etree.fromstring(wrapper.encode()))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_2004_manifest_validates_in_libxml2_too(packages, module, tmp_path):
    """A second validator, the one behind lxml and PHP LMSs, against the control files the package ships
    (exact copies of /work/shared/scorm-schemas, test_control_files_are_exact_copies). libxml2 cannot
    compile SCORM 1.2's IMS metadata schema itself (a content model it finds ambiguous), so 1.2 has
    xmlschema only."""
    files = unzip(packages[(module.id, "2004")])
    (tmp_path / "imsmanifest.xml").write_bytes(files["imsmanifest.xml"])
    manifest = etree.parse(str(tmp_path / "imsmanifest.xml"))
    schema = libxml2_schema(STANDARDS["2004"].schema_dir, manifest)
    assert schema.validate(manifest), [str(e) for e in schema.error_log]
    broken = files["imsmanifest.xml"].replace(b"<adlnav:hideLMSUI>exit<", b"<adlnav:hideLMSUI>quit<", 1)
    assert broken != files["imsmanifest.xml"]
    assert not schema.validate(etree.fromstring(broken).getroottree())


def test_validation_catches_a_broken_manifest(packages, tmp_path):
    module = MODULES[0]
    files = unzip(packages[(module.id, "1.2")])
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    manifest = etree.parse(str(tmp_path / "imsmanifest.xml"))
    schema = schema_for(tmp_path, "1.2", manifest)
    broken = files["imsmanifest.xml"].decode().replace("<title>", "<titel>", 1).replace("</title>", "</titel>", 1)
    assert list(schema.iter_errors(broken))


@pytest.mark.parametrize("module, key", CASES)
def test_every_file_listed_and_every_listed_file_present(packages, module, key):
    files = unzip(packages[(module.id, key)])
    manifest = etree.fromstring(files["imsmanifest.xml"])
    assert not files["imsmanifest.xml"].startswith(b"\xef\xbb\xbf")
    listed = [f.get("href") for f in manifest.iter("{*}file")]
    assert len(listed) == len(set(listed))
    assert set(listed) == set(files) - {"imsmanifest.xml"}
    sco = [r for r in manifest.iter("{*}resource") if r.get("href")]
    assert len(sco) == 1 and sco[0].get("href") == "index.html" and "index.html" in files
    for name in files:
        check_entry_name(name)
        assert not name.startswith(".") and "/." not in name


@pytest.mark.parametrize("module, key", CASES)
def test_every_file_the_pages_refer_to_is_in_the_package(packages, module, key):
    from scorm_export.render import local_references

    files = unzip(packages[(module.id, key)])
    for name in [n for n in files if n.endswith(".html")]:
        missing = local_references(files[name].decode()) - set(files)
        assert not missing, f"{name} refers to {sorted(missing)}"


@pytest.mark.parametrize("module, key", CASES)
def test_manifest_identity_title_metadata_and_pass_mark(packages, module, key):
    manifest = etree.fromstring(unzip(packages[(module.id, key)])["imsmanifest.xml"])
    identifiers = [e.get("identifier") for e in manifest.iter() if e.get("identifier")]
    assert len(identifiers) == len(set(identifiers))
    assert module.id in manifest.get("identifier") and module.version in manifest.get("identifier")
    assert manifest.get("version") == module.version
    titles = [t.text for t in manifest.iter(f"{{{manifest.nsmap[None]}}}title")]
    assert titles and all(t == module.title for t in titles)
    quiz = module.final_quiz
    mark = (quiz.pass_mark if quiz and quiz.pass_mark is not None else module.pass_mark) if quiz else None
    if key == "1.2":
        assert manifest.find(".//{*}lom//{*}language").text == "nl"
        assert manifest.find(".//{*}lifecycle/{*}version/{*}langstring").text == module.version
        mastery = manifest.find(".//{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore")
        assert (mastery.text if mastery is not None else None) == (str(mark) if mark is not None else None)
    else:
        assert manifest.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"
        controls = manifest.find(".//{http://www.imsglobal.org/xsd/imsss}deliveryControls")
        assert controls.get("completionSetByContent") == "true" and controls.get("objectiveSetByContent") == "true"
        hidden = [e.text for e in manifest.iter("{http://www.adlnet.org/xsd/adlnav_v1p3}hideLMSUI")]
        assert hidden == ["previous", "continue", "exit", "abandon"]  # the package navigates itself
        objective = manifest.find(".//{http://www.imsglobal.org/xsd/imsss}primaryObjective").get("objectiveID")
        assert PORTABLE.match(objective), objective
        measure = manifest.find(".//{http://www.imsglobal.org/xsd/imsss}minNormalizedMeasure")
        if mark is None:
            assert measure is None
        else:
            assert float(measure.text) == mark / 100
            assert measure.getparent().get("satisfiedByMeasure") == "true"


@pytest.mark.parametrize("key", list(STANDARDS))
def test_control_files_are_exact_copies(packages, key):
    standard = STANDARDS[key]
    shared = SHARED_SCHEMAS / standard.schema_dir.name
    if shared.is_dir():
        assert sorted(p.name for p in shared.iterdir()) == [p.name for p in standard.schema_files]
        for path in standard.schema_files:
            assert path.read_bytes() == (shared / path.name).read_bytes(), path.name
    files = unzip(packages[(MODULES[0].id, key)])
    for path in standard.schema_files:
        assert files[path.name] == path.read_bytes()
    assert (SCHEMAS / "README.md").is_file()


NAMESPACE_DECLARATION = re.compile(rb'xmlns(?::\w+)?="[^"]*"')
EXTERNAL = re.compile(rb"""(?:https?:)?//(?!127\.0\.0\.1|localhost)[a-z0-9.-]+\.[a-z]{2,}""", re.I)


@pytest.mark.parametrize("module, key", CASES)
def test_no_network_access_in_the_package(packages, module, key):
    files = unzip(packages[(module.id, key)])
    schema_names = {p.name for p in STANDARDS[key].schema_files} | {"imsmanifest.xml"}
    for name, content in files.items():
        if name in schema_names:
            continue  # namespace names and spec references, never fetched
        content = NAMESPACE_DECLARATION.sub(b"", content)  # an SVG portrait's xmlns is a name, never fetched
        if name.startswith("tools/") and name.endswith(".pdf"):
            assert content.startswith(b"%PDF-") and b"/URI" not in content  # its producer's address is metadata
            continue
        assert not EXTERNAL.search(content), f"{name}: {EXTERNAL.search(content).group(0)!r}"
        assert b"fetch(" not in content and b"XMLHttpRequest" not in content and b"sendBeacon" not in content
        assert b"@import" not in content and b"@font-face" not in content


@pytest.mark.parametrize("key", list(STANDARDS))
def test_same_module_version_gives_the_same_bytes(packages, key):
    from conftest import make_app

    module = MODULES[0]
    again = build_package(module, key, make_app("sqlite://"))
    assert again.data == packages[(module.id, key)].data
    with zipfile.ZipFile(io.BytesIO(again.data)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(2000, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("name", ["/etc/passwd", "../x", "a/../b", ".hidden", "with space.html", "a//b"])
def test_unsafe_entry_names_are_refused(name):
    with pytest.raises(ValueError, match="unsafe file name"):
        check_entry_name(name)


@pytest.mark.parametrize("module, key", CASES)
def test_steps_render_from_the_web_templates(packages, module, key):
    page = unzip(packages[(module.id, key)])["index.html"].decode()
    for step in module.steps:
        assert f'data-step="{step.id}"' in page
    assert "<form" not in page and 'type="submit"' not in page
    assert 'data-scenario="' in page or not any(s.type_name == "scenario" for s in module.steps)
    quiz = module.final_quiz
    if quiz:
        for question in quiz.questions:
            assert f'data-question="{question.id}"' in page


def test_the_package_runs_the_shared_client_runtime(packages):
    """Both players load the same modules: the package ships exact copies of learn/static/runtime/."""
    from scorm_export.render import RUNTIME, runtime_modules

    for key in STANDARDS:
        files = unzip(packages[(MODULES[0].id, key)])
        shipped = {name.removeprefix("runtime/"): data for name, data in files.items() if name.startswith("runtime/")}
        assert shipped == {name: (RUNTIME / name).read_bytes() for name in runtime_modules()}
        assert {"scorm.js", "sco.js", "scorm12.js", "scorm2004.js", "state.js", "scoring.js"} <= set(shipped)
        assert "web.js" not in shipped  # the web player's entry stays on the server
        assert b'<script type="module" src="runtime/scorm.js">' in files["index.html"]
    assert "keyboard.js" in set(runtime_modules("web.js")) & set(runtime_modules())


@pytest.mark.parametrize("module, key", CASES)
def test_identifier_table_maps_every_answer_to_a_token_every_runtime_accepts(packages, module, key):
    """identifiers.json: one interaction per final-test question, and each token read back to the module's id."""
    import json

    files = unzip(packages[(module.id, key)])
    table = json.loads(files["identifiers.json"])
    assert (table["module"], table["version"]) == (module.id, module.version)
    quiz = module.final_quiz
    by_question = {entry["question"]: entry for entry in table["interactions"]}
    assert list(by_question) == [q.id for q in quiz.questions]
    assert len({entry["id"] for entry in table["interactions"]}) == len(quiz.questions)
    for question in quiz.questions:
        entry = by_question[question.id]
        assert PORTABLE.match(entry["id"]) and entry["step"] == quiz.id
        expected = {
            "options": [o.id for o in question.options],
            "prompts": [p.id for p in question.prompts],
            "answers": [a.id for a in question.answers],
            "items": [i.id for i in question.items],
        }
        for kind, ids in expected.items():
            tokens = entry["responses"].get(kind, {})
            assert sorted(tokens.values()) == sorted(ids)  # every id has a token, no two the same
            for token in tokens:
                assert re.fullmatch(r"[0-9a-z]", token) if key == "1.2" else PORTABLE.match(token), token
    assert '"interactions":{' in files["module-data.js"].decode()  # the runtime reads the same table


def test_tokens_never_collide():
    from scorm_export.standards import lms_token

    ids = ["a-b", "a_b", "a__b", "a-_b", "a_-b", "a--b"]
    assert len({lms_token(i) for i in ids}) == len(ids)
    assert lms_token("minder-bereikt") == "minder.bereikt"
