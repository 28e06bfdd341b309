"""Access rules of the committee routes (area chairs, senior area chairs, meta-reviews)."""

from tests.access.rules import rule
from tests.access.world import AREA_CHAIRS, CHAIRS, ORGANIZERS


def _started_review(world):
    """A review started on the world's assignment: removing the reviewer is refused (302 with a
    message), so every allowed role gets the same answer."""
    from reviewhub.extensions import db
    from reviewhub.reviewing.models import Review

    db.session.add(Review(assignment_id=world.assignment.id, answers={}, status="draft"))
    db.session.commit()
    return {}


def _area_chair(world):
    return {"area_chair_id": world.users["area_chair"].id}


CONSOLE = AREA_CHAIRS | {"senior_area_chair"}
BASE = "/{slug}/committee"
RULES = [
    rule("committee.settings", "GET", BASE + "/settings", ORGANIZERS),
    rule("committee.settings", "POST", BASE + "/settings", ORGANIZERS, note="an empty form answers 400"),
    rule("committee.members", "GET", BASE + "/members", ORGANIZERS),
    rule("committee.members", "POST", BASE + "/members", ORGANIZERS, note="an empty form answers 400"),
    rule("committee.import_members", "POST", BASE + "/members/import", ORGANIZERS,
         note="an empty list answers 400"),
    rule("committee.set_load", "POST", BASE + "/members/area_chair/{area_chair_id}/load", ORGANIZERS,
         prepare=_area_chair),
    rule("committee.chairs_page", "GET", BASE + "/chairs", ORGANIZERS),
    rule("committee.start_run", "POST", BASE + "/chairs/run", ORGANIZERS, note="an empty form answers 400"),
    rule("committee.set_chair", "POST", BASE + "/chairs/set", ORGANIZERS, note="an empty form answers 400"),
    rule("committee.assign_seniors", "POST", BASE + "/chairs/seniors", ORGANIZERS),
    rule("committee.set_senior", "POST", BASE + "/chairs/senior", ORGANIZERS, note="an empty form answers 400"),
    rule("committee.console", "GET", BASE + "/", CONSOLE,
         note="every AC and SAC; a conflicted AC's console lists nothing of the conflicted submission"),
    rule("committee.remind", "POST", BASE + "/remind", CONSOLE),
    rule("committee.add_reviewer", "POST", BASE + "/submissions/{sid}/reviewers", CHAIRS,
         note="the conflicted AC gets 404; an empty form redirects with a message"),
    rule("committee.remove_reviewer", "POST", BASE + "/assignments/{assignment_id}/remove", CHAIRS,
         prepare=_started_review, note="a started review keeps its reviewer: refused with a message"),
    rule("committee.meta_review", "GET", BASE + "/submissions/{sid}/meta-review", CHAIRS | {"organizer"}),
    rule("committee.meta_review", "POST", BASE + "/submissions/{sid}/meta-review", {"area_chair"},
         note="the event's ACs write meta-reviews; an empty form answers 400"),
    rule("committee.edit_recommendation", "POST", BASE + "/submissions/{sid}/recommendation",
         {"senior_area_chair"}, note="no submitted meta-review yet: an empty form answers 400"),
    rule("committee.accept_recommendations", "POST", BASE + "/accept-recommendations", ORGANIZERS),
]
