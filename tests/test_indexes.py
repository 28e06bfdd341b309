"""PostgreSQL finds every single-row lookup and every query of the busiest pages through an
index (EXPLAIN with sequential scans priced out: a Seq Scan left means no usable index)."""


import pytest
import sqlalchemy as sa

from reviewhub.assignment.models import Assignment
from reviewhub.decisions.models import Decision
from reviewhub.extensions import db
from reviewhub.jobs import Job
from reviewhub.mail.models import OutboxMessage
from reviewhub.models_base import utcnow
from reviewhub.program.models import ScheduleSlot, Speaker, slot_speakers
from reviewhub.reviewing.models import Review
from reviewhub.submissions.models import (
    Authorship,
    Conflict,
    Submission,
    SubmissionFile,
    submission_topics,
)
from tests import scale_world

pytestmark = pytest.mark.postgres

# Tables that grow with a conference: a sequential scan over them is a page that slows with it.
BIG = {"submissions", "reviews", "assignments", "authorships", "decisions", "users", "conflicts",
       "bids", "outbox_messages", "memberships", "comments", "submission_files", "audit_log",
       "review_versions", "schedule_slots", "speakers", "slot_speakers", "submission_topics", "jobs"}

LOOKUPS = {
    "submission by (event, number)": sa.select(Submission).where(Submission.event_id == 1, Submission.number == 7),
    "reviews by assignment": sa.select(Review).where(Review.assignment_id == 1),
    "assignments by user": sa.select(Assignment).where(Assignment.user_id == 1),
    "assignments by submission": sa.select(Assignment).where(Assignment.submission_id == 1),
    "assignments by run": sa.select(Assignment).where(Assignment.run_id == 1),
    "decision by submission": sa.select(Decision).where(Decision.submission_id == 1),
    "due outbox": sa.select(OutboxMessage.id).where(OutboxMessage.status == "pending",
                                                    OutboxMessage.next_attempt_at <= utcnow()),
    "authorships by user": sa.select(Authorship).where(Authorship.user_id == 1),
    "authorships by email, any case": sa.select(Authorship).where(sa.func.lower(Authorship.email) == "a@b.org"),
    "authorships by submission": sa.select(Authorship).where(Authorship.submission_id == 1),
    "conflicts by user": sa.select(Conflict).where(Conflict.user_id == 1),
    "files by submission": sa.select(SubmissionFile).where(SubmissionFile.submission_id == 1),
    "submissions by topic": sa.select(submission_topics).where(submission_topics.c.topic_id == 1),
    "slots by submission": sa.select(ScheduleSlot).where(ScheduleSlot.submission_id == 1),
    "speakers by submission": sa.select(Speaker).where(Speaker.submission_id == 1),
    "speakers by user": sa.select(Speaker).where(Speaker.user_id == 1),
    "slots of a speaker": sa.select(slot_speakers).where(slot_speakers.c.speaker_id == 1),
    "running jobs": sa.select(Job).where(Job.status == "running"),
}


@pytest.fixture
def postgres(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("EXPLAIN plans are checked on PostgreSQL (set REVIEWHUB_TEST_DATABASE_URL)")


def unindexed_reads(connection, statement: str, parameters) -> set[str]:
    """Tables the plan reads whole, with sequential scans priced out: a Seq Scan, or an index
    scanned end to end (no Index Cond) to filter its rows."""
    plan = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar()
    found: set[str] = set()

    def walk(node: dict) -> None:
        kind, table = node.get("Node Type", ""), node.get("Relation Name")
        if table and (kind == "Seq Scan" or (kind in ("Index Scan", "Index Only Scan")
                                             and "Index Cond" not in node and "Filter" in node)):
            found.add(table)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


@pytest.mark.parametrize("name", sorted(LOOKUPS))
def test_single_row_lookup_uses_an_index(postgres, name):
    compiled = LOOKUPS[name].compile(dialect=db.engine.dialect)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        assert not unindexed_reads(connection, str(compiled), compiled.params), f"{name}: no usable index"


@pytest.mark.parametrize("name", scale_world.PAGE_NAMES)
def test_page_queries_use_indexes(postgres, login_as, name):
    world = scale_world.build(3)
    who, path = world.pages()[name]
    client = login_as(who)
    with scale_world.captured_statements() as statements:
        assert client.get(path).status_code == 200
    problems = []
    with db.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            scanned = unindexed_reads(connection, statement, parameters) & BIG
            if scanned:
                problems.append(f"{sorted(scanned)}: {statement}")
        connection.rollback()
    assert not problems, f"{name} ({path}) scans whole tables:\n" + "\n\n".join(problems)
