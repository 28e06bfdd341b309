"""Access rules of issue 17's routes (closing an event, freezing and reverting reviews), and
the reviewer routes again on a closed event: reviewers lose them, authors and organizers keep
what they had."""

from tests.access.rules import rule
from tests.access.rules_reviewing import _file, _submitted_review
from tests.access.world import NOBODY, ORGANIZERS

READERS = {"author", "coauthor", "organizer"}  # the submission page of a closed event


def _close(world):
    from reviewhub.events import services
    from reviewhub.extensions import db

    services.close_event(world.event, by=world.users["organizer"])
    db.session.commit()
    return {}


def _closed_event(world):
    return _close(world)


def _closed_after_review(world):
    values = _submitted_review(world)
    _close(world)
    return values


def _closed_with_file(world):
    values = _file(world)
    _close(world)
    return values


def _freeze(world):
    from reviewhub.extensions import db
    from reviewhub.reviewing import incidents

    row = incidents.freeze(world.event, by=world.users["organizer"], reason="An incident")
    db.session.commit()
    return {"freeze_id": row.id}


R = "/{slug}/reviews"
RULES = [
    rule("events.close", "POST", "/{slug}/manage/close", ORGANIZERS),
    rule("events.reopen", "POST", "/{slug}/manage/reopen", ORGANIZERS, prepare=_closed_event),
    # A closed event: no reviewer reaches its submissions, reviews, discussion or bids.
    rule("reviewing.assignments", "GET", R + "/assignments", NOBODY, prepare=_closed_event),
    rule("reviewing.submission", "GET", R + "/{sid}", {"organizer"}, prepare=_closed_after_review),
    rule("reviewing.edit", "GET", R + "/{sid}/review", NOBODY, prepare=_closed_event),
    rule("reviewing.edit", "POST", R + "/{sid}/review", NOBODY, prepare=_closed_event,
         data={"action": "save", "version": "0", "overall": "3"}),
    rule("reviewing.comment", "POST", R + "/{sid}/comments", {"organizer"}, prepare=_closed_after_review,
         data={"body": "A point", "visibility": "reviewers"}),
    rule("reviewing.file", "GET", R + "/{sid}/files/{file_id}", {"organizer"}, prepare=_closed_with_file),
    rule("assignment.bids", "GET", "/{slug}/assignment/bids", NOBODY, prepare=_closed_event),
    rule("assignment.profile", "GET", "/{slug}/assignment/profile", NOBODY, prepare=_closed_event),
    rule("submissions.show", "GET", "/{slug}/submissions/{sid}", READERS, prepare=_closed_event,
         note="authors keep their own submission, organizers everything"),
    # Incidents: the organizers freeze, lift and revert; a frozen event refuses saves and comments.
    rule("reviewing.incident", "GET", R + "/incident", ORGANIZERS),
    rule("reviewing.freeze", "POST", R + "/incident/freeze", ORGANIZERS, data={"reason": "A leak"}),
    rule("reviewing.lift_freeze", "POST", R + "/incident/freezes/{freeze_id}/lift", ORGANIZERS, prepare=_freeze),
    rule("reviewing.revert", "GET", R + "/incident/revert?at=2020-01-01T00:00", ORGANIZERS),
    rule("reviewing.revert", "POST", R + "/incident/revert", ORGANIZERS, data={"at": "2020-01-01T00:00"}),
]
