"""The cast of the access matrix: one event with a person in every role, and a second event."""

from dataclasses import dataclass, field

from reviewhub.extensions import db
from tests import factories as f

ROLES = (
    "public", "stranger", "author", "coauthor", "other_author", "reviewer_assigned",
    "reviewer_unassigned", "reviewer_conflicted", "organizer", "organizer_conflicted",
    "other_organizer", "sub_reviewer",
)
# Shorthands for rules.
ANY = set(ROLES)
LOGGED_IN = ANY - {"public"}
ORGANIZERS = {"organizer", "organizer_conflicted"}
NOBODY: set[str] = set()


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
    # Invited by reviewer_assigned to write the review of `assignment`, and accepted.
    f.make_subreview(assignment, users["sub_reviewer"])
    db.session.commit()
    return World(event, other_event, submission, other_submission, assignment, users)
