"""Issue 18 point 7: each demo phase tells one consistent story. Its dates follow from the
phase (and keep the settings' order); from "review" on the call is closed and the deadline
past; in "decided" and "program" the decisions are released and an accepted paper's page
shows its decision, not "days left", Edit and Withdraw."""

import re
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.demo import DEMO_ACCOUNTS, load_demo
from reviewhub.demo import seed_event as seed
from reviewhub.demo.phases import PHASES, call_open, phase_days
from reviewhub.events.dates import date_order_problems
from reviewhub.events.models import Event
from reviewhub.extensions import db
from reviewhub.models_base import utcnow

AUTHOR = DEMO_ACCOUNTS[4][0]


@pytest.mark.parametrize("phase", PHASES)
def test_each_phase_has_dates_in_the_settings_order(phase):
    days = phase_days(phase)
    as_dates = {name: datetime(2030, 1, 1) + timedelta(days=offset) for name, offset in days.items()}
    as_dates["event_date"] = as_dates["event_date"].date()
    assert date_order_problems(as_dates) == {}


def test_the_phases_move_forward_in_time():
    deadlines = [phase_days(phase)["submission_deadline_at"] for phase in PHASES]
    assert deadlines == sorted(deadlines, reverse=True)  # later phase: the deadline lies further back
    assert phase_days("cfp")["submission_deadline_at"] > 0 and call_open("cfp")
    for phase in ("review", "decided", "program"):
        assert phase_days(phase)["submission_deadline_at"] < 0 and not call_open(phase)
    for phase in ("decided", "program"):
        assert phase_days(phase)["review_deadline_at"] < 0 and phase_days(phase)["notification_at"] < 0
    assert phase_days("program")["camera_ready_at"] < 0 < phase_days("program")["event_date"]


def _author_client(login_as):
    return login_as(db.session.scalar(sa.select(User).where(User.email == AUTHOR)))


@pytest.mark.parametrize("phase", PHASES)
def test_what_an_author_sees_in_each_phase(app, login_as, phase):
    load_demo(phase)
    db.session.commit()
    event = db.session.scalar(sa.select(Event).where(Event.slug == seed.SLUG))
    now = utcnow()
    assert event.cfp_open is call_open(phase)
    assert (event.submission_deadline_at > now) is (phase == "cfp")
    assert (event.review_deadline_at < now) is (phase in ("decided", "program"))
    assert (event.notification_at < now) is (phase in ("decided", "program"))
    assert (event.camera_ready_at < now) is (phase == "program")
    assert event.event_date > now.date()
    assert date_order_problems({
        "submission_open_at": event.submission_open_at, "submission_deadline_at": event.submission_deadline_at,
        "review_deadline_at": event.review_deadline_at, "notification_at": event.notification_at,
        "camera_ready_at": event.camera_ready_at}) == {}
    # Every sample work went in before its deadline.
    from reviewhub.submissions.models import Submission

    late = db.session.scalar(sa.select(sa.func.count()).select_from(Submission).where(
        Submission.event_id == event.id, Submission.submitted_at > event.submission_deadline_at))
    assert late == 0

    client = _author_client(login_as)
    mine = client.get(f"/{seed.SLUG}/submissions/mine").get_data(as_text=True)
    cfp = client.get(f"/{seed.SLUG}/cfp").get_data(as_text=True)
    ids = sorted({int(x) for x in re.findall(rf"/{seed.SLUG}/submissions/(\d+)\"", mine)})
    assert ids
    pages = {sid: client.get(f"/{seed.SLUG}/submissions/{sid}").get_data(as_text=True) for sid in ids}
    if phase == "cfp":
        assert "The call is closed" not in cfp
        assert any("left" in page and ">Edit</a>" in page for page in pages.values())
        assert "Decision" not in mine
        return
    assert "The call is closed" in cfp
    assert all(" left" not in page and ">Edit</a>" not in page for page in pages.values())
    if phase == "review":
        assert "Accept" not in mine.replace("Accepted works", "")  # the menu's public link is no decision
        return
    accepted = [page for page in pages.values() if "Accept" in page and "Camera-ready upload" in page]
    assert accepted, "the demo author has an accepted paper"
    for page in accepted:
        assert "Withdraw this submission" not in page and ">Edit</a>" not in page
    assert "Accept" in mine and "My decisions" in mine
