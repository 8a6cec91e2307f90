"""Dutch by default, English on request (``?lang=en`` or the profile setting), and a
complete English catalogue: every UI msgid in the source has an English translation."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from conftest import PASSWORD, login

from learn.extensions import db

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "learn" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd%]")
MODULE = "/modules/kennismaking"


def extracted_messages() -> dict:
    """Every msgid in the source, extracted as ``scripts/translations`` does (babel.cfg)."""
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(ROOT / "babel.cfg"))
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=lambda path: not Path(path).name.startswith((".", "_", "node_modules", "tests")),
    ):
        key = message[0] if isinstance(message, tuple) else message
        found.setdefault(key, (message, f"{filename}:{lineno}"))
    return found


@pytest.fixture(scope="module")
def catalogue():
    with open(CATALOGUE, "rb") as po:
        return read_po(po)


def test_the_extraction_finds_the_ui_strings():
    messages = extracted_messages()
    assert len(messages) > 300
    assert "Inloggen" in messages  # a template
    assert "Je bent uitgelogd." in messages  # a flash message in Python
    assert "Kies minstens %(n)s tekens." in messages  # a lazy form message


def test_every_ui_string_has_an_english_translation(catalogue):
    problems = []
    for key, (message, where) in sorted(extracted_messages().items()):
        entry = catalogue.get(key)
        if entry is None:
            problems.append(f"{where}: {key!r} is not in the catalogue (run scripts/translations)")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(strings):
            problems.append(f"{where}: {key!r} has no English translation{' (fuzzy)' if entry.fuzzy else ''}")
            continue
        originals = message if isinstance(message, tuple) else (message,)
        if sorted(PLACEHOLDER.findall(originals[0])) != sorted(PLACEHOLDER.findall(strings[0])) or (
            len(originals) > 1 and sorted(PLACEHOLDER.findall(originals[1])) != sorted(PLACEHOLDER.findall(strings[-1]))
        ):
            problems.append(f"{where}: {key!r} and its translation {strings!r} have different placeholders")
    assert not problems, "\n".join(problems)


def test_the_catalogue_has_no_fuzzy_or_untranslated_entries(catalogue):
    assert not [m.id for m in catalogue if m.id and (m.fuzzy or not m.string)]


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([a-z]+)"', html).group(1)


def test_dutch_by_default(client):
    html = page(client.get("/"))
    assert html_lang(html) == "nl"
    assert "Inloggen" in html and "Studietijd" in html
    assert 'href="?lang=en"' in html


def test_lang_en_renders_the_catalogue_in_english(client):
    html = page(client.get("/?lang=en"))
    assert html_lang(html) == "en"
    assert "Log in" in html and "Study time" in html and "about 0.5 hours" in html
    assert "Studietijd" not in html
    assert "Kennismaking met Leerpad" in html  # module content stays Dutch
    assert 'href="?lang=nl"' in html


def test_lang_en_renders_the_login_page_in_english(client):
    html = page(client.get("/inloggen?lang=en"))
    assert html_lang(html) == "en"
    assert "Email address" in html and "Password" in html and "Forgot your password?" in html
    assert "Wachtwoord" not in html


def test_the_chosen_language_sticks_for_the_visit_and_can_be_switched_back(client):
    client.get("/?lang=en")
    assert html_lang(page(client.get("/inloggen"))) == "en"
    html = page(client.get("/inloggen?lang=nl"))
    assert html_lang(html) == "nl" and "Wachtwoord vergeten?" in html
    assert html_lang(page(client.get("/"))) == "nl"


def test_an_unknown_language_falls_back_to_dutch(client):
    assert html_lang(page(client.get("/?lang=xx"))) == "nl"


def test_form_errors_follow_the_language(client):
    dutch = client.post("/registreren", data={"email": "geen-adres"}).get_data(as_text=True)
    english = client.post("/registreren?lang=en", data={"email": "geen-adres"}).get_data(as_text=True)
    assert "Er ging iets mis" in dutch and "Dit veld is vereist." in dutch
    assert "Something went wrong" in english and "This field is required." in english
    assert "Dit veld" not in english


def test_a_step_page_in_english(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    html = page(learner_client.get(f"{MODULE}/steps/welkom?lang=en"))
    assert html_lang(html) == "en"
    assert "Step 1 of 7" in html and "Next" in html
    assert "Stap 1 van 7" not in html
    assert "proefmodule" in html  # the step's own text is module content
    dutch = page(learner_client.get(f"{MODULE}/steps/welkom?lang=nl"))
    assert html_lang(dutch) == "nl" and "Stap 1 van 7" in dutch


def test_lang_on_the_login_post_sticks_after_the_redirect(client, learner):
    client.post("/inloggen?lang=en", data={"email": learner.email, "password": PASSWORD})
    html = page(client.get(MODULE))
    assert html_lang(html) == "en" and "Start this module" in html


def test_the_trainer_dashboard_in_english(client, make_user):
    login(client, make_user("trainer"))
    html = page(client.get("/trainer/evaluaties/?lang=en"))
    assert html_lang(html) == "en"
    assert "Module evaluations" in html and "Average grade" in html
    assert "Gemiddeld cijfer" not in html
    html = page(client.get("/trainer/evaluaties/kennismaking"))
    assert "Average grade per month" in html and "Gemiddeld cijfer per maand" not in html
    html = page(client.get("/trainer/quizzen"))
    assert "Test results" in html and "Toetsresultaten" not in html
    dutch = page(client.get("/trainer/evaluaties/?lang=nl"))
    assert html_lang(dutch) == "nl" and "Gemiddeld cijfer" in dutch


def test_the_profile_language_sticks_across_requests_and_devices(app, make_user):
    user = make_user("learner")
    phone = app.test_client()
    login(phone, user)
    assert html_lang(page(phone.get("/"))) == "nl"
    response = phone.post("/profiel", data={"name": user.name, "locale": "en"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.locale == "en"
    for path in ("/", "/profiel", "/mijn-reflecties", MODULE):
        assert html_lang(page(phone.get(path))) == "en", path

    laptop = app.test_client()  # another device: no language in its session yet
    login(laptop, user)
    html = page(laptop.get("/"))
    assert html_lang(html) == "en" and "Study time" in html

    phone.post("/profiel", data={"name": user.name, "locale": "nl"})
    assert html_lang(page(phone.get("/"))) == "nl"
    fresh = app.test_client()
    login(fresh, user)
    assert html_lang(page(fresh.get("/"))) == "nl"


def test_a_new_account_keeps_the_language_it_registered_in(client):
    from learn.auth.models import User

    client.get("/registreren?lang=en")
    client.post(
        "/registreren",
        data={"name": "New Learner", "email": "new@example.nl", "password": PASSWORD, "confirm": PASSWORD},
    )
    assert db.session.query(User).filter_by(email="new@example.nl").one().locale == "en"


def test_the_password_reset_mail_is_in_the_visitors_language(client, learner, monkeypatch):
    sent = []
    monkeypatch.setattr("learn.auth.mails.send_mail", lambda to, subject, body: sent.append((subject, body)))
    client.post("/wachtwoord-vergeten?lang=en", data={"email": learner.email})
    client.post("/wachtwoord-vergeten?lang=nl", data={"email": learner.email})
    (subject_en, body_en), (subject_nl, body_nl) = sent
    assert subject_en.startswith("New password for") and "Choose a new password" in body_en
    assert subject_nl.startswith("Nieuw wachtwoord voor") and "Kies een nieuw wachtwoord" in body_nl


def test_error_pages_follow_the_language(client):
    response = client.get("/bestaat-niet?lang=en")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert html_lang(html) == "en" and "This page does not exist" in html
    assert "Deze pagina bestaat niet" in client.get("/bestaat-niet?lang=nl").get_data(as_text=True)


def test_the_evaluation_csv_follows_the_language(client, make_user):
    from datetime import date

    from evaluation_helpers import MODULE_ID

    from learn.evaluation import records

    month = date.today().replace(day=1)
    for grade in (6, 7, 8, 9, 10):
        records.store_response(MODULE_ID, "1.0", "standaard", month, {"relevant": 4}, grade, 1.0, {})
    db.session.commit()
    login(client, make_user("trainer"))
    english = client.get(f"/trainer/evaluaties/{MODULE_ID}/export.csv?lang=en").get_data(as_text=True)
    dutch = client.get(f"/trainer/evaluaties/{MODULE_ID}/export.csv?lang=nl").get_data(as_text=True)
    # English: commas and points; Dutch: semicolons and commas. The questions keep the form's own words.
    assert english.lstrip("\ufeff").startswith("Month,Version,Welk cijfer geef je de module? (1-10),")
    assert dutch.lstrip("\ufeff").startswith("Maand;Versie;Welk cijfer geef je de module? (1-10);")
