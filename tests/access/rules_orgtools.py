"""Access rules of issue 21's organizer tools: reviewer tags and the reviewers search, bulk
assign/remove and mail from the submissions list, each person's mail log. A conflicted
organizer may use them, never on or about their conflicted submission (tests/assignment/
test_bulk_edit.py, tests/people); a person's mail across events is the site admins' (no role
of the world is one)."""

from tests.access.rules import rule
from tests.access.world import NOBODY, ORGANIZERS


def _tag(world):
    from reviewhub.extensions import db
    from reviewhub.tags import services

    tag = services.create_tag(world.event, by=world.users["organizer"], name="senior", colour="blue", private=False)
    db.session.commit()
    return {"tag_id": tag.id, "person_id": world.users["reviewer_unassigned"].id}


def _person(world):
    return {"person_id": world.users["reviewer_assigned"].id}


def _mail(submission):
    def prepare(world):
        from reviewhub.extensions import db
        from reviewhub.mail.models import OutboxMessage

        person = world.users["reviewer_assigned"]
        row = OutboxMessage(event_id=world.event.id, submission_id=world.submission.id if submission else None,
                            kind="test", to_email=person.email, subject="A message", body_text="Hello",
                            dedupe_key=f"access:{submission}", message_id="<access@test>")
        db.session.add(row)
        db.session.commit()
        return {"person_id": person.id, "row_id": row.id}

    prepare.__name__ = "_mail_about_submission" if submission else "_mail"
    return prepare


BULK = "/{slug}/manage/submissions/bulk"
PEOPLE = "/{slug}/manage/people/{person_id}"
RULES = [
    rule("assignment.reviewers", "GET", "/{slug}/assignment/reviewers?q=load:>=0+OR+-late:yes", ORGANIZERS),
    rule("tags.apply_reviewers", "POST", "/{slug}/manage/tags/apply-reviewers", ORGANIZERS, prepare=_tag,
         data={"tag": "senior", "action": "add", "uid": "{person_id}"},
         note="uid is not formatted: no reviewer is ticked, the organizers are sent back with a message"),
    rule("submissions.bulk_assign", "POST", BULK + "/assign", ORGANIZERS,
         data={"reviewer": "nobody@example.org", "change": "assign"},
         note="an unknown reviewer: the organizers are sent back with a message"),
    rule("submissions.bulk_mail", "POST", BULK + "/mail", ORGANIZERS, data={"group": "authors", "scope": "result"}),
    rule("people.show", "GET", PEOPLE, ORGANIZERS, prepare=_person),
    rule("people.message", "GET", PEOPLE + "/mail/{row_id}", ORGANIZERS, prepare=_mail(False)),
    rule("people.message", "GET", PEOPLE + "/mail/{row_id}", {"organizer"}, prepare=_mail(True),
         note="mail about the world's submission: not for the organizer conflicted with it"),
    rule("people.admin_show", "GET", "/admin/people/{person_id}", NOBODY, prepare=_person),
]
