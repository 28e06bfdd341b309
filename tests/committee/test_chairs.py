"""AC assignment through the shared solver, preview and apply; by hand; SACs over ACs."""

import pytest
import sqlalchemy as sa

from reviewhub.assignment import preview
from reviewhub.assignment.models import Assignment, AssignmentRun, ReviewerProfile
from reviewhub.assignment.services import runs
from reviewhub.audit import AuditLog
from reviewhub.committee.models import AreaChairAssignment, SeniorAreaChairLink
from reviewhub.committee.services import chairs
from reviewhub.errors import DomainError
from reviewhub.events.models import Membership
from reviewhub.extensions import db
from tests import factories as f
from tests.assignment.helpers import TEXTS
from tests.committee.conftest import committee_event, make_senior


def _event_with_chairs(loads=(2, 2, 2)):
    event, organizer = committee_event()
    author = f.make_user(name="Author Person")
    subs = [f.make_submission(event, author=author, title=t, abstract_md=a) for t, a in TEXTS]
    acs = []
    for i, load in enumerate(loads):
        user = f.make_user(name=f"Chair {i}")
        membership = f.add_role(event, user, "area_chair")
        membership.max_load = load
        db.session.add(ReviewerProfile(user_id=user.id, expertise=TEXTS[i % len(TEXTS)][1]))
        acs.append(user)
    db.session.flush()
    return event, organizer, subs, acs


def _run(event, organizer, **params):
    run = runs.start_run(event, by=organizer, params={**chairs.default_run_params(event), **params},
                         role="area_chair")
    runs.compute(run)
    return run


def test_area_chair_run_gives_one_chair_per_submission_within_caps_and_conflicts(db):
    event, organizer, subs, acs = _event_with_chairs()
    f.make_conflict(subs[0], acs[0])
    run = _run(event, organizer)
    assert run.status == "preview" and run.role == "area_chair"
    assert run.summary["feasible"] and run.summary["optimal"]
    pairs = {(s, u) for s, u, _ in run.pairs}
    assert sorted(s for s, _ in pairs) == sorted(s.id for s in subs)
    assert (subs[0].id, acs[0].id) not in pairs
    assert max(sum(1 for _, u in pairs if u == ac.id) for ac in acs) <= 2
    view = preview.build(run, event, viewer=organizer)
    assert view.added_total == len(subs) and view.removed_total == 0
    counts = runs.apply_run(run, by=organizer)
    db.session.commit()
    assert counts["added"] == len(subs)
    assert chairs.current_pairs(event) == pairs
    # Reviewers' assignments are another target: untouched.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 0
    # The reviewers' runs page does not list AC runs.
    from reviewhub.assignment import queries
    assert queries.list_runs(event) == [] and queries.list_runs(event, role="area_chair") == [run]


def test_area_chair_run_with_too_little_capacity_says_so(db):
    event, organizer, subs, acs = _event_with_chairs(loads=(1, 1, 1))
    run = _run(event, organizer)
    assert not run.summary["feasible"] and run.summary["shortfall"]


def test_a_second_run_keeps_hand_set_chairs(db):
    event, organizer, subs, acs = _event_with_chairs()
    chairs.set_area_chair(subs[1], acs[2], by=organizer)
    run = _run(event, organizer)
    runs.apply_run(run, by=organizer)
    db.session.commit()
    assert (subs[1].id, acs[2].id) in chairs.current_pairs(event)
    assert len(chairs.current_pairs(event)) == len(subs)


def test_setting_a_chair_by_hand_refuses_conflicts_loads_and_non_chairs(db):
    event, organizer, subs, acs = _event_with_chairs(loads=(1, 2, 2))
    f.make_conflict(subs[0], acs[1])
    with pytest.raises(DomainError, match="conflict"):
        chairs.set_area_chair(subs[0], acs[1], by=organizer)
    chairs.set_area_chair(subs[0], acs[0], by=organizer)
    with pytest.raises(DomainError, match="load cap"):
        chairs.set_area_chair(subs[1], acs[0], by=organizer)
    with pytest.raises(DomainError, match="not an area chair"):
        chairs.set_area_chair(subs[1], organizer, by=organizer)
    chairs.set_area_chair(subs[0], acs[2], by=organizer)  # a change of chair
    db.session.commit()
    row = db.session.scalar(sa.select(AreaChairAssignment).where(AreaChairAssignment.submission_id == subs[0].id))
    assert row.user_id == acs[2].id and row.locked
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditLog.action == "committee.area_chair_set")) == 2


def test_senior_chairs_are_spread_evenly_and_editable(db):
    event, organizer, subs, acs = _event_with_chairs(loads=(2, 2, 2, 2))
    s1, s2 = make_senior(event, name="Senior One"), make_senior(event, name="Senior Two")
    assert chairs.assign_senior_chairs(event, by=organizer) == 4
    links = chairs.sac_links(event)
    assert sorted(list(links.values()).count(s) for s in (s1.id, s2.id)) == [2, 2]
    assert chairs.assign_senior_chairs(event, by=organizer) == 0  # all placed
    chairs.set_senior_chair(event, acs[0], s2, by=organizer)
    assert chairs.sac_links(event)[acs[0].id] == s2.id
    with pytest.raises(DomainError):
        chairs.set_senior_chair(event, acs[0], acs[1], by=organizer)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SeniorAreaChairLink)) == 4


def test_organizer_pages_run_and_set_by_hand(db, login_as):
    event, organizer, subs, acs = _event_with_chairs()
    db.session.commit()
    client = login_as(organizer)
    assert client.get(f"/{event.slug}/committee/chairs").status_code == 200
    response = client.post(f"/{event.slug}/committee/chairs/run", data={"mode": "max", "default_load": "2"})
    assert response.status_code == 302
    run = db.session.scalar(sa.select(AssignmentRun))
    assert run.role == "area_chair" and run.status == "preview"
    page = client.get(f"/{event.slug}/assignment/runs/{run.id}")
    assert page.status_code == 200
    response = client.post(f"/{event.slug}/assignment/runs/{run.id}/apply", data={})
    assert response.status_code == 302 and "/committee/chairs" in response.headers["Location"]
    assert len(chairs.current_pairs(event)) == len(subs)
    bad = client.post(f"/{event.slug}/committee/chairs/set", data={"number": "99", "area_chair": acs[0].id})
    assert bad.status_code == 400 and b"No submission of yours" in bad.data
    bad = client.post(f"/{event.slug}/committee/chairs/run", data={"mode": "max", "default_load": "-1"})
    assert bad.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) >= 4


def test_area_chairs_bid_on_the_reviewers_bid_page_and_the_run_uses_it(db, login_as):
    from reviewhub.assignment.models import Bid

    event, organizer, subs, acs = _event_with_chairs(loads=(4, 4, 4))
    db.session.commit()
    client = login_as(acs[0])
    assert client.get(f"/{event.slug}/assignment/bids").status_code == 200
    # Chair 0's profile matches submission 1; an eager bid on submission 4 pulls it there.
    response = client.post(f"/{event.slug}/assignment/bids", data={f"bid-{subs[3].number}": "eager"})
    assert response.status_code in (200, 302)
    assert db.session.scalar(sa.select(Bid.value).where(Bid.user_id == acs[0].id)) == "eager"
    run = _run(event, organizer, weights={"text": 0.0, "topic": 0.0, "eager": 1.0, "willing": 0.1,
                                          "not_willing": -0.3})
    assert (subs[3].id, acs[0].id) in {(s, u) for s, u, _ in run.pairs}
    assert run.objective > 0  # only the bid scores: without it every pair is worth 0


def test_chairs_see_reviewer_names_on_the_reviewing_page(world, login_as):
    from reviewhub.models_base import utcnow
    from reviewhub.reviewing.models import Review

    w = world
    db.session.add(Review(assignment_id=w["assignment"].id, answers={}, overall=3, status="submitted",
                          submitted_at=utcnow()))
    db.session.commit()
    page = login_as(w["chair"]).get(f"/{w['event'].slug}/reviews/{w['submission'].id}")
    assert page.status_code == 200 and b"Rita Reviewer" in page.data and b"Alice Author" not in page.data
