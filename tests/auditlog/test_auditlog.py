"""The audit log viewer: filters, paging, CSV, bad input, and nothing about a conflicted
organizer's submissions (neither rows about it nor its id in rows about several)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub import audit
from reviewhub.audit import AuditLog
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions import services as submission_services
from reviewhub.tags import services as tag_services
from tests import factories as f


@pytest.fixture
def world(app):
    olga = f.make_user(name="Olga Organizer", email="olga@org.example.net")
    otto = f.make_user(name="Otto Organizer", email="otto@org.example.net")
    event = f.make_event(organizer=olga)
    f.add_role(event, otto, "organizer")
    public = f.make_submission(event, author=f.make_user(), title="Public work")
    ottos = f.make_submission(event, author=otto, title="Otto's own work")
    reviewer = f.make_user(name="Rita Reviewer")
    f.add_role(event, reviewer, "reviewer")
    assignment = f.make_assignment(ottos, reviewer)
    db.session.commit()
    submission_services.extend_deadline(public, until=utcnow() + timedelta(days=3), by=olga)
    submission_services.extend_deadline(ottos, until=utcnow() + timedelta(days=3), by=olga)
    audit.record("assignment.locked", event=event, actor=olga, obj=assignment)  # about otto's, via the assignment
    tag = tag_services.create_tag(event, by=olga, name="oral", colour="blue", private=False)
    tag_services.tag_submissions(event, tag, [public.id, ottos.id], by=olga, add=True)
    db.session.commit()
    return {"event": event, "olga": olga, "otto": otto, "public": public, "ottos": ottos,
            "path": f"/{event.slug}/manage/audit/"}


def test_rows_name_their_submission_from_the_object_or_its_assignment(world):
    rows = db.session.scalars(sa.select(AuditLog).where(AuditLog.action == "assignment.locked")).all()
    assert [r.submission_id for r in rows] == [world["ottos"].id]


def test_the_log_lists_who_did_what_and_filters(world, login_as):
    client = login_as(world["olga"])
    page = client.get(world["path"]).text
    assert "<code>submissions.deadline_extended</code>" in page and "<code>tags.added</code>" in page and "Olga Organizer" in page
    only = client.get(world["path"], query_string={"action": "tags."}).text
    assert "<code>tags.created</code>" in only and "<code>submissions.deadline_extended</code>" not in only
    by_number = client.get(world["path"], query_string={"submission": world["public"].number}).text
    assert "<code>submissions.deadline_extended</code>" in by_number and "<code>assignment.locked</code>" not in by_number
    assert "No entries match" in client.get(world["path"], query_string={"actor": "nobody"}).text
    tomorrow = (utcnow() + timedelta(days=2)).strftime("%Y-%m-%d")
    assert "No entries match" in client.get(world["path"], query_string={"since": tomorrow}).text


@pytest.mark.parametrize("args, message", [({"since": "yesterday"}, "since: give a date"),
                                          ({"until": "2024-13-40"}, "until: give a date"),
                                          ({"submission": "x1"}, "submission: give a submission number")])
def test_bad_filters_answer_400_saying_which(world, login_as, args, message):
    response = login_as(world["olga"]).get(world["path"], query_string=args)
    assert response.status_code == 400 and message in response.text


def test_a_conflicted_organizer_sees_nothing_about_their_submission(world, login_as):
    otto = login_as(world["otto"])
    page = otto.get(world["path"]).text
    assert "<code>assignment.locked</code>" not in page
    assert page.count("<code>submissions.deadline_extended</code>") == 1
    assert f"#{world['ottos'].number}<" not in page
    assert str(world["ottos"].id) not in page.split("<code>tags.added</code>")[1].split("</tr>")[0]
    csv = otto.get(world["path"] + "log.csv").text
    assert "assignment.locked" not in csv and csv.count("deadline_extended") == 1
    assert "No entries match" in otto.get(world["path"], query_string={"submission": world["ottos"].number}).text
    olga_csv = login_as(world["olga"]).get(world["path"] + "log.csv").text
    assert "assignment.locked" in olga_csv and olga_csv.count("deadline_extended") == 2


def test_the_page_is_paged_with_a_constant_number_of_queries(world, login_as):
    from tests.scale_world import captured_statements

    client = login_as(world["olga"])
    client.get(world["path"])
    db.session.expire_all()
    with captured_statements() as before:
        client.get(world["path"])
    for n in range(120):
        audit.record("test.filler", event=world["event"], actor=world["olga"], number=n)
    db.session.commit()
    db.session.expire_all()
    with captured_statements() as after:
        page = client.get(world["path"]).text
    assert "page 1 of 2" in page and len(after) == len(before)
    assert "page 2 of 2" in client.get(world["path"], query_string={"page": 2}).text
