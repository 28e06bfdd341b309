"""A chair asks one more reviewer for their submission in a later round: the assignment is in
that round, the reviewer is mailed through the outbox, the action is audited; conflicts, load
caps, the first round, a passed round and bad input are refused with a message."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.assignment.models import Assignment
from reviewhub.audit import AuditLog
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing.process import settings
from tests import factories as f
from tests.committee.conftest import make_chair


@pytest.fixture
def later(world):
    w = world
    r1 = settings.add_round(w["event"], by=w["organizer"], name="R1", deadline_at=utcnow() - timedelta(days=1),
                            own_form=False)
    r2 = settings.add_round(w["event"], by=w["organizer"], name="R2", deadline_at=utcnow() + timedelta(days=7),
                            own_form=False)
    extra = f.make_user(name="Emma Expert")
    f.add_role(w["event"], extra, "reviewer")
    db.session.commit()
    return {**w, "r1": r1, "r2": r2, "extra": extra,
            "url": f"/{w['event'].slug}/committee/submissions/{w['submission'].id}/round-reviewer",
            "page": f"/{w['event'].slug}/reviews/{w['submission'].id}"}


def _assigned(user):
    return db.session.scalar(sa.select(Assignment).where(Assignment.user_id == user.id))


def test_chair_adds_a_reviewer_in_a_later_round_mailed_and_audited(later, login_as, outbox):
    w = later
    client = login_as(w["chair"])
    page = client.get(w["page"]).get_data(as_text=True)
    assert "Ask for an extra reviewer in a later round" in page and "Emma Expert" in page
    assert f'<option value="{w["r1"].id}"' not in page.split('id="chair-round-reviewer"')[1].split("</details>")[0]
    answer = client.post(w["url"], data={"reviewer": w["extra"].id, "round_id": w["r2"].id})
    assert answer.status_code == 302
    assignment = _assigned(w["extra"])
    assert assignment.review_round_id == w["r2"].id and assignment.submission_id == w["submission"].id
    assert any(m.to_email == w["extra"].email for m in outbox())
    entry = db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "committee.round_reviewer_added"))
    assert entry.actor_id == w["chair"].id and entry.details["round"] == "R2"
    assert "Emma Expert" in client.get(f"/{w['event'].slug}/committee/").get_data(as_text=True)
    # the senior chair above may too; a chair of other works may not
    other = make_chair(w["event"], name="Otto Other")
    db.session.commit()
    assert login_as(other).post(w["url"], data={"reviewer": w["extra"].id, "round_id": w["r2"].id}).status_code == 404


def test_conflicts_and_load_caps_are_refused(later, login_as):
    from reviewhub.events.models import Membership
    from reviewhub.submissions.models import Conflict

    w = later
    db.session.add(Conflict(submission_id=w["submission"].id, user_id=w["extra"].id, source="declared",
                            reason="Former student"))
    db.session.commit()
    client = login_as(w["senior"])
    answer = client.post(w["url"], data={"reviewer": w["extra"].id, "round_id": w["r2"].id}, follow_redirects=True)
    assert "conflict of interest" in answer.get_data(as_text=True) and _assigned(w["extra"]) is None
    capped = f.make_user(name="Full Up")
    f.add_role(w["event"], capped, "reviewer")
    db.session.execute(sa.update(Membership).where(Membership.user_id == capped.id).values(max_load=0))
    db.session.commit()
    answer = client.post(w["url"], data={"reviewer": capped.id, "round_id": w["r2"].id}, follow_redirects=True)
    assert "load cap" in answer.get_data(as_text=True) and _assigned(capped) is None


@pytest.mark.parametrize("data", [
    {}, {"reviewer": "x", "round_id": "y"}, {"reviewer": "999999"}, {"round_id": "1"},
    "first_round", "reviewer_on_it", "unknown_round",
])
def test_bad_input_is_refused_with_a_message(later, login_as, data):
    w = later
    data = {"first_round": {"reviewer": w["extra"].id, "round_id": w["r1"].id},
            "reviewer_on_it": {"reviewer": w["reviewer"].id, "round_id": w["r2"].id},
            "unknown_round": {"reviewer": w["extra"].id, "round_id": 999999}}.get(data, data) \
        if isinstance(data, str) else data
    answer = login_as(w["chair"]).post(w["url"], data=data, follow_redirects=True)
    assert answer.status_code == 200
    assert "Choose a reviewer not on this submission yet and a later round still open." in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 1


def test_a_passed_later_round_is_not_offered(later, login_as):
    w = later
    w["r2"].deadline_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    client = login_as(w["chair"])
    assert "Ask for an extra reviewer in a later round" not in client.get(w["page"]).get_data(as_text=True)
    answer = client.post(w["url"], data={"reviewer": w["extra"].id, "round_id": w["r2"].id}, follow_redirects=True)
    assert "a later round still open" in answer.get_data(as_text=True) and _assigned(w["extra"]) is None


def test_the_chairs_page_leads_back_to_their_console(later, login_as):
    page = login_as(later["chair"]).get(later["page"]).get_data(as_text=True)
    assert "← Area chair console" in page and "← My reviews" not in page
