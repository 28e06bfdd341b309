"""Threats against release: what authors and the public may see before organizers release it."""

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.program.models import ScheduleSlot
from tests import factories as f
from tests.access.world import build_world

REVIEW_TEXT = "Kestrel-marmalade remark"
PUBLIC_PATHS = ["/", "/{slug}/", "/{slug}/program/", "/{slug}/program/accepted", "/{slug}/program/schedule.ics",
                "/{slug}/program/schedule.xml", "/{slug}/program/schedule.json", "/{slug}/program/program.csv",
                "/{slug}/program/accepted.bib"]


def _reviewed_and_decided(world):
    from reviewhub.decisions import services as decisions
    from reviewhub.reviewing import services as reviewing
    from reviewhub.reviewing.form_services import ensure_default_forms

    ensure_default_forms(world.event)
    world.event.reviews_visible_to_authors = True
    reviewing.save_review(world.assignment, by=world.users["reviewer_assigned"], submit=True, expected_version=0,
                          raw={"overall": "2", "confidence": "3", "originality": "4", "technical_quality": "3",
                               "clarity": "4", "relevance": "5", "comments_to_authors": REVIEW_TEXT})
    outcome = decisions.ensure_default_outcomes(world.event)[0]
    decisions.decide(world.submission, outcome, by=world.users["organizer"], note="organizers-only note")
    db.session.commit()
    return outcome


def _author_pages(client, world) -> str:
    s, sid = world.slug, world.submission.id
    paths = [f"/{s}/decisions/mine", f"/{s}/", f"/{s}/reviews/{sid}", f"/{s}/decisions/submissions/{sid}",
             f"/{s}/submissions/{sid}", f"/{s}/submissions/mine", f"/{s}/submissions/{sid}/edit",
             f"/{s}/reviews/ranking", f"/{s}/reviews/ranking.csv", f"/{s}/reviews/progress"]
    return "\n".join(client.get(p).get_data(as_text=True) for p in paths)


def test_decisions_scores_and_reviews_are_invisible_to_authors_before_release(app, login_as):
    from reviewhub.decisions import services as decisions

    world = build_world()
    outcome = _reviewed_and_decided(world)
    for role in ("author", "coauthor"):
        shown = _author_pages(login_as(world.users[role]), world)
        assert REVIEW_TEXT not in shown and outcome.label not in shown, role
        assert "organizers-only note" not in shown and "Reviewer 1" not in shown
    decisions.release(world.event, by=world.users["organizer"])
    db.session.commit()
    shown = _author_pages(login_as(world.users["author"]), world)
    assert REVIEW_TEXT in shown and outcome.label in shown, "after release the author reads both"
    assert "organizers-only note" not in shown


def _program_with_hidden_works(world):
    """Released: the world's submission as a talk and other_submission as a poster. Also a rejected,
    a withdrawn and an unreleased accept, and a draft slot added after the release."""
    from reviewhub.program import services as program
    from tests.access.rules_program import _draft
    from tests.program.helpers import decide

    hidden = {
        "rejected": f.make_submission(world.event, author=world.users["stranger"], title="Rejected Zebra Work"),
        "withdrawn": f.make_submission(world.event, author=world.users["stranger"], title="Withdrawn Yak Work"),
        "undecided": f.make_submission(world.event, author=world.users["stranger"], title="Unreleased Xerus Work"),
    }
    decide(hidden["rejected"], "reject")
    decide(hidden["withdrawn"], "accept_poster")
    decide(hidden["undecided"], "accept_talk", released=False)
    values = _draft(world)
    program.release_schedule(world.event, by=None)
    hidden["withdrawn"].status = "withdrawn"
    db.session.add(ScheduleSlot(event_id=world.event.id, kind="other", title="Secret Draft Vole Slot",
                                start_at=f.utcnow(), end_at=f.utcnow()))
    db.session.commit()
    return values, [s.title for s in hidden.values()] + ["Secret Draft Vole Slot"]


def test_unreleased_schedule_rejected_and_withdrawn_works_never_appear_publicly(app, login_as):
    world = build_world()
    values, secrets = _program_with_hidden_works(world)
    public = login_as(None)
    stranger = login_as(world.users["other_author"])
    slots = db.session.scalars(sa.select(ScheduleSlot.id).where(ScheduleSlot.event_id == world.event.id)).all()
    paths = PUBLIC_PATHS + [f"/{{slug}}/program/talks/{i}" for i in slots] + [
        f"/{{slug}}/program/talks/{i}.ics" for i in slots]
    shown = []
    for client in (public, stranger):
        for path in paths:
            response = client.get(path.format(slug=world.slug))
            assert response.status_code in (200, 304, 404), path
            shown.append(response.get_data(as_text=True))
    text = "\n".join(shown)
    assert world.submission.title in text, "the released talk is public, so the check can fail"
    leaked = [title for title in secrets if title in text]
    assert not leaked, f"public pages show {leaked}"


def test_a_program_never_released_is_not_public(app, login_as):
    from tests.access.rules_program import _draft

    world = build_world()
    _draft(world)
    db.session.commit()
    public = login_as(None)
    for path in PUBLIC_PATHS[2:]:
        response = public.get(path.format(slug=world.slug))
        assert response.status_code == 404 or world.submission.title not in response.get_data(as_text=True), path
    assert "Contributed Talk" not in public.get(f"/{world.slug}/").get_data(as_text=True)
