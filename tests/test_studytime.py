"""Study time from real activity: the clock's rules, the heartbeat, the learner's overview and data
export, the admins' time per chapter, and the minimum share of the stated time for a certificate."""

import json
from datetime import datetime, timedelta

import pytest
from certificate_helpers import complete_module
from sqlalchemy import select, update

from learn.certificates.facts import facts_for, required_study_seconds
from learn.extensions import db
from learn.player.models import Enrolment
from learn.privacy import personal_data
from learn.studytime.clock import IDLE_CAP, Clock, tick
from learn.studytime.models import StepStudyTime
from learn.studytime.records import chapter_times, record_activity, seconds_per_step
from learn.studytime.text import studied

MODULE = "/modules/kennismaking"
T0 = datetime(2026, 3, 1, 10, 0)


# the clock


def test_the_gap_counts_for_the_step_the_learner_was_on():
    result = tick(Clock("welkom", T0), "samira", T0 + timedelta(seconds=90))
    assert (result.step_id, result.seconds) == ("welkom", 90)
    assert result.clock == Clock("samira", T0 + timedelta(seconds=90))


def test_an_idle_gap_counts_at_most_five_minutes():
    assert timedelta(minutes=5) == IDLE_CAP
    assert tick(Clock("welkom", T0), "welkom", T0 + timedelta(hours=3)).seconds == 300
    assert tick(Clock("welkom", T0), "welkom", T0 + timedelta(minutes=5)).seconds == 300


def test_a_hidden_tab_stops_the_clock_and_the_time_away_never_counts():
    hidden = tick(Clock("welkom", T0), "welkom", T0 + timedelta(seconds=40), running=False)
    assert hidden.seconds == 40 and hidden.clock.at is None
    back = tick(hidden.clock, "welkom", T0 + timedelta(hours=2))
    assert back.seconds == 0 and back.clock.at == T0 + timedelta(hours=2)


def test_a_first_activity_or_a_clock_going_back_counts_nothing():
    assert tick(Clock(None, None), "welkom", T0).seconds == 0
    assert tick(Clock("welkom", T0), "welkom", T0 - timedelta(seconds=5)).seconds == 0


@pytest.mark.parametrize(
    "seconds, spoken",
    [
        (0, "minder dan een minuut"),
        (59, "minder dan een minuut"),
        (60, "1 minuut"),
        (4320, "1 uur 12 minuten"),
        (7200, "2 uur"),
        (10_799, "2 uur 59 minuten"),
    ],
)
def test_study_time_as_people_say_it(app, seconds, spoken):
    with app.test_request_context():
        assert studied(seconds) == spoken


# records


@pytest.fixture
def enrolment(learner_client, learner):
    learner_client.post(f"{MODULE}/enrol")
    return db.session.scalar(select(Enrolment).filter_by(user_id=learner.id))


def test_activity_is_stored_per_step_and_in_the_module_total(enrolment):
    record_activity(enrolment, "welkom", T0)
    record_activity(enrolment, "samira", T0 + timedelta(seconds=100))
    record_activity(enrolment, "samira", T0 + timedelta(minutes=30))  # walked away on samira: 5 minutes count
    db.session.commit()
    assert seconds_per_step(enrolment) == {"welkom": 100, "samira": 300}
    assert enrolment.seconds_on_task == 400


def test_a_beat_whose_clock_another_request_moved_first_counts_nothing(enrolment):
    record_activity(enrolment, "welkom", T0)
    db.session.commit()
    assert enrolment.clock_at == T0  # this request read the clock at T0 ...
    # ... while another tab's beat moved it on and counted the gap
    table = Enrolment.__table__  # behind this session's back, as another request would
    db.session.execute(
        update(table).where(table.c.id == enrolment.id).values(clock_at=T0 + timedelta(seconds=60), seconds_on_task=60)
    )
    assert record_activity(enrolment, "welkom", T0 + timedelta(seconds=61)) == 0
    db.session.commit()
    assert enrolment.seconds_on_task == 60


def test_time_per_chapter_and_what_no_step_accounts_for(fixture_module):
    per_step = {"welkom": 60, "samira": 120, "eigen-praktijk": 600, "weg-uit-deze-versie": 30}
    chapters, unattributed = chapter_times(fixture_module, per_step, total=900)
    assert [(c.title, c.seconds) for c in chapters] == [("Begin", 180), ("Oefenen", 600), ("Afsluiting", 0)]
    assert unattributed == 120  # time counted before per-step study time, and on the dropped step


# the heartbeat and the pages


def test_the_heartbeat_counts_the_gap_and_a_hidden_tab_stops_it(learner_client, enrolment):
    url = f"{MODULE}/steps/welkom/studietijd"
    assert learner_client.post(url, data={"state": "active"}).status_code == 204
    enrolment.clock_at -= timedelta(seconds=45)  # 45 seconds of reading later
    db.session.commit()
    assert learner_client.post(url, data={"state": "hidden"}).status_code == 204
    db.session.refresh(enrolment)
    assert enrolment.clock_at is None and 45 <= seconds_per_step(enrolment)["welkom"] <= 47
    before = enrolment.seconds_on_task
    learner_client.post(url, data={"state": "active"})  # back after any time away: nothing counted
    db.session.refresh(enrolment)
    assert enrolment.seconds_on_task == before


def test_the_heartbeat_needs_an_enrolment_and_a_real_step(app, learner_client, enrolment, make_user):
    from conftest import login

    assert learner_client.post(f"{MODULE}/steps/bestaat-niet/studietijd").status_code == 404
    assert app.test_client().post(f"{MODULE}/steps/welkom/studietijd").status_code in (302, 401)
    stranger = app.test_client()
    login(stranger, make_user())
    assert stranger.post(f"{MODULE}/steps/welkom/studietijd").status_code == 404  # not enrolled


def test_moving_on_counts_the_time_on_the_step_left(learner_client, enrolment):
    learner_client.get(f"{MODULE}/steps/welkom")
    learner_client.post(f"{MODULE}/steps/welkom/studietijd", data={"state": "active"})
    enrolment.clock_at -= timedelta(seconds=80)
    db.session.commit()
    learner_client.post(f"{MODULE}/steps/welkom", data={"action": "next"})
    db.session.refresh(enrolment)
    assert 80 <= seconds_per_step(enrolment)["welkom"] <= 82 and enrolment.clock_step_id == "samira"


def test_the_overview_says_how_long_the_learner_studied(learner_client, enrolment):
    enrolment.seconds_on_task = 4320
    db.session.commit()
    page = learner_client.get(MODULE).get_data(as_text=True)
    assert "Je hebt 1 uur 12 minuten gestudeerd." in page


def test_study_time_is_in_the_personal_data_export(learner, enrolment):
    record_activity(enrolment, "welkom", T0)
    record_activity(enrolment, "samira", T0 + timedelta(seconds=30))
    db.session.commit()
    data = json.loads(personal_data(learner))
    assert [(r["module"], r["step"], r["seconds"]) for r in data["study_time"]] == [("kennismaking", "welkom", 30)]
    assert data["enrolments"][0]["seconds_on_task"] == 30


def test_admins_see_time_per_chapter_and_no_answers(app, learner, enrolment, make_user):
    from conftest import login

    db.session.add(StepStudyTime(enrolment_id=enrolment.id, step_id="eigen-praktijk", seconds=1500))
    enrolment.seconds_on_task = 1600
    db.session.commit()
    admin = app.test_client()
    login(admin, make_user(role="admin"))
    page = admin.get(f"/beheer/gebruikers/{learner.id}").get_data(as_text=True)
    assert "Oefenen" in page and "25 minuten" in page and "1 minuut" in page  # 100 s not per step
    trainer = app.test_client()
    login(trainer, make_user(role="trainer"))
    assert trainer.get(f"/beheer/gebruikers/{learner.id}").status_code == 403


# the minimum for a certificate


def test_a_certificate_needs_sixty_percent_of_the_stated_time(app, learner, fixture_module):
    assert fixture_module.min_study_percent == 60 and required_study_seconds(fixture_module) == 30 * 60 * 60 // 100
    enrolment = complete_module(learner, fixture_module, studied_minutes=10)
    with app.test_request_context():
        facts = facts_for(learner, fixture_module, enrolment)
        from learn.certificates.eligibility import STUDY_TIME, eligibility

        result = eligibility(facts, fixture_module.accreditations[1], T0.date(), allow_placeholder=True)
        assert result.kinds == {STUDY_TIME}
        (message,) = result.messages
        assert (
            "Je hebt 10 minuten gestudeerd" in message
            and "minstens 18 minuten" in message
            and "nog 8 minuten" in message
        )
        enrolment.seconds_on_task = 18 * 60
        assert eligibility(
            facts_for(learner, fixture_module, enrolment),
            fixture_module.accreditations[1],
            T0.date(),
            allow_placeholder=True,
        ).eligible
