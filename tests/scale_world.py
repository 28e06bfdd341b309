"""A small conference for the page-level tests (query counts, EXPLAIN): an event with
submissions (each with a coauthor, a file-less draft history), reviewers, assignments,
submitted reviews and a released public program; `grow` adds rows to see what scales."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing.models import Review
from tests import factories as f

PAGE_NAMES = [
    "organizer submission list", "organizer submission list, page 2", "organizer submission CSV",
    "ranking", "review progress", "reviewer dashboard", "reviewer's submission page",
    "author's submission page", "author's submissions", "public event page", "public schedule",
    "call for submissions", "organizer reviewers list", "organizer reviewers search", "person's mail log",
]


@dataclass
class World:
    event: object
    organizer: object
    author: object
    reviewers: list
    submissions: list = field(default_factory=list)

    def pages(self) -> dict[str, tuple[object, str]]:
        """name -> (who, path): the pages a conference serves most."""
        slug, sid = self.event.slug, self.submissions[0].id
        return {name: (who, path) for name, who, path in [
            ("organizer submission list", self.organizer, f"/{slug}/manage/submissions"),
            ("organizer submission list, page 2", self.organizer, f"/{slug}/manage/submissions?page=2"),
            ("organizer submission CSV", self.organizer, f"/{slug}/manage/submissions.csv"),
            ("ranking", self.organizer, f"/{slug}/reviews/ranking"),
            ("review progress", self.organizer, f"/{slug}/reviews/progress"),
            ("reviewer dashboard", self.reviewers[0], f"/{slug}/reviews/assignments"),
            ("reviewer's submission page", self.reviewers[0], f"/{slug}/reviews/{sid}"),
            ("author's submission page", self.author, f"/{slug}/submissions/{sid}"),
            ("author's submissions", self.author, f"/{slug}/submissions/mine"),
            ("public event page", None, f"/{slug}/"),
            ("public schedule", None, f"/{slug}/program/"),
            ("call for submissions", None, f"/{slug}/cfp"),
            ("organizer reviewers list", self.organizer, f"/{slug}/assignment/reviewers"),
            ("organizer reviewers search", self.organizer,
             f"/{slug}/assignment/reviewers?q=%23senior+OR+load:>=1+-late:yes+OR+topic:x"),
            ("person's mail log", self.organizer, f"/{slug}/manage/people/{self.reviewers[0].id}"),
        ]}


def build(n: int = 3) -> World:
    from reviewhub.reviewing.form_services import ensure_default_forms
    from reviewhub.submissions import services as submissions

    organizer, author = f.make_user(name="Olga Organizer"), f.make_user(name="Ada Author")
    event = f.make_event(organizer=organizer)
    submissions.ensure_default_types(event)
    reviewers = [f.make_user(name=f"Reviewer {i}") for i in range(3)]
    for reviewer in reviewers:
        f.add_role(event, reviewer, "reviewer")
    ensure_default_forms(event)
    world = World(event, organizer, author, reviewers)
    grow(world, n)
    _release_program(event)
    db.session.commit()
    return world


def grow(world: World, n: int) -> None:
    """n more submitted submissions by the author (with a coauthor), each reviewed by every
    reviewer; n more reviewers without assignments, tagged #senior, and a mail to each reviewer
    about each new submission."""
    from reviewhub.mail.models import OutboxMessage
    from reviewhub.tags import queries as tag_queries
    from reviewhub.tags import services as tag_services

    senior = tag_queries.find_by_name(world.event, world.organizer, "senior") or tag_services.create_tag(
        world.event, by=world.organizer, name="senior", colour="blue", private=False)
    for _ in range(n):
        extra = f.make_user()
        f.add_role(world.event, extra, "reviewer")
        tag_services.tag_reviewers(world.event, senior, [extra.id], by=world.organizer, add=True)
    for _ in range(n):
        sub = f.make_submission(world.event, author=world.author, coauthors=[f.make_user()])
        world.submissions.append(sub)
        for i, reviewer in enumerate(world.reviewers):
            assignment = f.make_assignment(sub, reviewer)
            db.session.add(Review(assignment_id=assignment.id, answers={"overall": i + 2, "confidence": 3},
                                  overall=i + 2, confidence=3, status="submitted", submitted_at=utcnow()))
            db.session.add(OutboxMessage(event_id=world.event.id, submission_id=sub.id, kind="test",
                                         to_email=reviewer.email, subject=f"About #{sub.number}", body_text="",
                                         dedupe_key=f"scale:{sub.id}:{reviewer.id}", message_id="<scale@test>"))
    db.session.commit()


def _release_program(event) -> None:
    from reviewhub.program import services

    event.event_date, event.program_public = date(2024, 12, 14), True
    services.start_from_seed_day(event, by=None)
    services.release_schedule(event, by=None)


@contextlib.contextmanager
def captured_statements():
    """Every SQL statement (with its parameters) run while the block runs."""
    statements: list[tuple[str, object]] = []

    def listener(_conn, _cursor, statement, parameters, _context, _executemany):
        statements.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
