"""Meta-reviews: the AC writes one, the SAC changes its recommendation, organizers accept the
recommendations in bulk, and the authors read it with the released decision (no AC name)."""

import sqlalchemy as sa

from reviewhub.audit import AuditLog
from reviewhub.committee.models import MetaReview
from reviewhub.committee.services import metareviews
from reviewhub.decisions import services as decisions
from reviewhub.decisions.models import Decision
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage


def _post_meta(client, w, **data):
    body = {"recommendation": w["outcomes"][0].id, "text_to_authors": "Strong, clear work.",
            "text_confidential": "Reviewer 2 was harsh.", **data}
    return client.post(f"/{w['event'].slug}/committee/submissions/{w['submission'].id}/meta-review", data=body)


def test_area_chair_writes_and_submits_a_meta_review(world, login_as):
    w = world
    client = login_as(w["chair"])
    assert client.get(f"/{w['event'].slug}/committee/submissions/{w['submission'].id}/meta-review").status_code == 200
    assert _post_meta(client, w).status_code == 302
    meta = db.session.scalar(sa.select(MetaReview))
    assert meta.status == "draft" and not metareviews.has_submitted_meta_review(w["submission"])
    assert _post_meta(client, w, submit_it="y", version=meta.version).status_code == 302
    db.session.refresh(meta)
    assert meta.status == "submitted" and meta.author_id == w["chair"].id
    assert metareviews.has_submitted_meta_review(w["submission"])
    actions = set(db.session.scalars(sa.select(AuditLog.action)))
    assert {"meta_review.saved", "meta_review.submitted"} <= actions


def test_bad_meta_review_input_is_refused_by_the_field(world, login_as):
    w = world
    client = login_as(w["chair"])
    response = _post_meta(client, w, recommendation="999999")
    assert response.status_code == 400 and b"Not a valid choice" in response.data
    response = _post_meta(client, w, text_to_authors="", submit_it="y")
    assert response.status_code == 400 and b"Write the text to authors" in response.data
    response = _post_meta(client, w, text_to_authors="x" * 20001)
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MetaReview)) == 0


def test_stale_meta_review_edit_is_refused(world, login_as):
    w = world
    client = login_as(w["chair"])
    _post_meta(client, w)
    _post_meta(client, w, text_to_authors="second", version=1)
    response = _post_meta(client, w, text_to_authors="stale", version=1)
    assert response.status_code == 400 and b"Someone saved" in response.data
    assert db.session.scalar(sa.select(MetaReview.text_to_authors)) == "second"


def test_others_cannot_write_the_meta_review(world, login_as):
    w = world
    for who in ("reviewer", "author", "senior", "organizer"):
        response = _post_meta(login_as(w[who]), w)
        assert response.status_code in (403, 404), who
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MetaReview)) == 0


def test_senior_area_chair_changes_the_recommendation_with_a_note(world, login_as):
    w = world
    _post_meta(login_as(w["chair"]), w, submit_it="y")
    client = login_as(w["senior"])
    url = f"/{w['event'].slug}/committee/submissions/{w['submission'].id}/recommendation"
    assert client.post(url, data={"sac-recommendation": w["outcomes"][-1].id, "sac-note": ""}).status_code == 400
    assert client.post(url, data={"sac-recommendation": w["outcomes"][-1].id,
                                  "sac-note": "Two reviews find the proof wrong."}).status_code == 302
    meta = db.session.scalar(sa.select(MetaReview))
    assert meta.recommendation_id == w["outcomes"][-1].id and "proof wrong" in meta.sac_note
    assert login_as(w["chair"]).post(url, data={"sac-recommendation": w["outcomes"][0].id,
                                                "sac-note": "no"}).status_code == 404


def test_decisions_page_shows_recommendations_and_accepts_them_in_bulk(world, login_as):
    w = world
    _post_meta(login_as(w["chair"]), w, submit_it="y")
    client = login_as(w["organizer"])
    page = client.get(f"/{w['event'].slug}/decisions/")
    assert b"Recommendation" in page.data and w["outcomes"][0].label.encode() in page.data
    assert b"Strong, clear work." in page.data and b"Accept all AC recommendations" in page.data
    response = client.post(f"/{w['event'].slug}/committee/accept-recommendations", data={})
    assert response.status_code == 302
    decision = db.session.scalar(sa.select(Decision))
    assert decision.outcome_id == w["outcomes"][0].id and decision.released_at is None
    # Pressing again changes nothing: every decision already follows its recommendation.
    client.post(f"/{w['event'].slug}/committee/accept-recommendations", data={})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 1


def test_decision_mail_and_author_page_carry_the_meta_review_without_the_ac_name(world, login_as):
    w = world
    _post_meta(login_as(w["chair"]), w, submit_it="y")
    decisions.decide(w["submission"], w["outcomes"][0], by=w["organizer"])
    decisions.release(w["event"], by=w["organizer"])
    db.session.commit()
    mail = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.to_email == w["author"].email))
    assert "Strong, clear work." in mail.body_text and "Ada Chair" not in mail.body_text
    assert "Reviewer 2 was harsh" not in mail.body_text
    page = login_as(w["author"]).get(f"/{w['event'].slug}/decisions/mine")
    assert b"Meta-review" in page.data and b"Strong, clear work." in page.data
    assert b"Ada Chair" not in page.data and b"harsh" not in page.data


def test_meta_review_not_sent_when_the_event_keeps_it_from_authors(world, login_as):
    w = world
    from reviewhub.committee.services.settings import get_settings

    get_settings(w["event"]).meta_review_to_authors = False
    db.session.commit()
    _post_meta(login_as(w["chair"]), w, submit_it="y")
    decisions.decide(w["submission"], w["outcomes"][0], by=w["organizer"])
    decisions.release(w["event"], by=w["organizer"])
    db.session.commit()
    mail = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.to_email == w["author"].email))
    assert "Strong, clear work." not in mail.body_text
    assert b"Strong, clear work." not in login_as(w["author"]).get(f"/{w['event'].slug}/decisions/mine").data


def test_workshop_organizers_write_meta_reviews_without_area_chairs(db, login_as):
    from reviewhub.decisions.services import ensure_default_outcomes
    from tests import factories as f
    from tests.committee.conftest import committee_event

    event, organizer = committee_event(writers="organizers")
    outcomes = ensure_default_outcomes(event)
    conflicted = f.make_user(name="Conflicted Organizer")
    f.add_role(event, conflicted, "organizer")
    sub = f.make_submission(event, author=f.make_user())
    f.make_conflict(sub, conflicted, source="author")
    db.session.commit()
    url = f"/{event.slug}/committee/submissions/{sub.id}/meta-review"
    client = login_as(organizer)
    assert b"/committee/submissions/" in client.get(f"/{event.slug}/decisions/").data  # a link to write one
    response = client.post(url, data={"recommendation": outcomes[0].id, "text_to_authors": "Nice.",
                                      "submit_it": "y"})
    assert response.status_code == 302 and metareviews.has_submitted_meta_review(sub)
    assert login_as(conflicted).get(url).status_code == 404
