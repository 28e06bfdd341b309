"""The cast of the access matrix: one event with a person in every role, and a second event."""

from dataclasses import dataclass, field

from reviewhub.extensions import db
from tests import factories as f

ROLES = (
    "public", "stranger", "author", "coauthor", "other_author", "reviewer_assigned",
    "reviewer_unassigned", "reviewer_conflicted", "organizer", "organizer_conflicted",
    "other_organizer", "sub_reviewer",
    "area_chair", "area_chair_conflicted", "senior_area_chair",  # the committee (issue 16)
)
# Shorthands for rules.
ANY = set(ROLES)
LOGGED_IN = ANY - {"public"}
ORGANIZERS = {"organizer", "organizer_conflicted"}
NOBODY: set[str] = set()
# The committee: area_chair chairs the world's submission, area_chair_conflicted chairs the other
# one and is conflicted with the world's; senior_area_chair is over both.
AREA_CHAIRS = {"area_chair", "area_chair_conflicted"}
CHAIRS = {"area_chair", "senior_area_chair"}  # the unconflicted chairs of the world's submission


@dataclass
class World:
    event: object
    other_event: object
    submission: object  # by author + coauthor; reviewer_assigned assigned; organizer_conflicted conflicted
    other_submission: object  # by other_author
    assignment: object  # reviewer_assigned's on submission
    users: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # ids that domain rules add through `prepare`

    @property
    def slug(self) -> str:
        return self.event.slug

    def values(self) -> dict:
        return {
            "slug": self.event.slug, "other_slug": self.other_event.slug,
            "sid": self.submission.id, "number": self.submission.number,
            "other_sid": self.other_submission.id, "assignment_id": self.assignment.id,
            "organizer_id": self.users["organizer"].id, **self.extra,
        }


def build_world() -> World:
    users = {role: f.make_user(name=role.replace("_", " ").title()) for role in ROLES if role != "public"}
    event = f.make_event(organizer=users["organizer"])
    other_event = f.make_event(organizer=users["other_organizer"])
    f.add_role(event, users["organizer_conflicted"], "organizer")
    for role in ("reviewer_assigned", "reviewer_unassigned", "reviewer_conflicted"):
        f.add_role(event, users[role], "reviewer")
    submission = f.make_submission(event, author=users["author"], coauthors=[users["coauthor"]])
    other_submission = f.make_submission(event, author=users["other_author"])
    assignment = f.make_assignment(submission, users["reviewer_assigned"])
    f.make_assignment(submission, users["reviewer_conflicted"])
    f.make_conflict(submission, users["reviewer_conflicted"], source="reviewer")
    f.make_conflict(submission, users["organizer_conflicted"], source="author")
    _committee(event, submission, other_submission, users)
    # Invited by reviewer_assigned to write the review of `assignment`, and accepted.
    f.make_subreview(assignment, users["sub_reviewer"])
    db.session.commit()
    return World(event, other_event, submission, other_submission, assignment, users)


def _committee(event, submission, other_submission, users) -> None:
    """ACs, a SAC and meta-reviews by ACs turned on in the world's event."""
    from reviewhub.committee.models import (
        AreaChairAssignment,
        CommitteeSettings,
        SeniorAreaChairLink,
    )

    db.session.add(CommitteeSettings(event_id=event.id, area_chairs=True, senior_area_chairs=True,
                                     meta_reviews=True, meta_review_writers="area_chairs",
                                     meta_review_to_authors=True, area_chair_load=35))
    for role in AREA_CHAIRS:
        f.add_role(event, users[role], "area_chair")
    f.add_role(event, users["senior_area_chair"], "senior_area_chair")
    db.session.add(AreaChairAssignment(submission_id=submission.id, user_id=users["area_chair"].id))
    db.session.add(AreaChairAssignment(submission_id=other_submission.id, user_id=users["area_chair_conflicted"].id))
    f.make_conflict(submission, users["area_chair_conflicted"], source="author")
    for role in AREA_CHAIRS:
        db.session.add(SeniorAreaChairLink(event_id=event.id, area_chair_id=users[role].id,
                                           senior_area_chair_id=users["senior_area_chair"].id))
    db.session.flush()
