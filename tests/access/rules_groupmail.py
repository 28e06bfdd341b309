"""Access rules of group mail: organizers (a search never reaches a conflicted organizer's
submission: tests/groupmail)."""

from tests.access.rules import rule
from tests.access.world import ORGANIZERS


def _mail(world):
    from reviewhub.extensions import db
    from reviewhub.groupmail import services

    mail = services.compose(world.event, by=world.users["organizer"], group="all_reviewers", query="",
                            subject="Hello", body="Dear {{ recipient_name }}")
    db.session.commit()
    return {"mail_id": mail.id}


BASE = "/{slug}/manage/group-mail"
RULES = [
    rule("groupmail.compose", "GET", BASE + "/", ORGANIZERS),
    rule("groupmail.compose", "POST", BASE + "/", ORGANIZERS,
         data={"group": "all_reviewers", "subject": "Hi", "body": "Dear {{ recipient_name }}"}),
    rule("groupmail.preview", "GET", BASE + "/{mail_id}", ORGANIZERS, prepare=_mail),
    rule("groupmail.send", "POST", BASE + "/{mail_id}/send", ORGANIZERS, prepare=_mail),
]
