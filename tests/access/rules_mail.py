"""Access rules of the mail routes."""

from tests.access.rules import rule
from tests.access.world import ORGANIZERS


def _failed_row(world):
    from reviewhub.extensions import db
    from reviewhub.mail.models import OutboxMessage

    row = OutboxMessage(event_id=world.event.id, kind="decisions/reject", to_email="a@example.org",
                        subject="s", body_text="b", dedupe_key="access-failed", message_id="<m@x>",
                        status="failed", last_error="550")
    db.session.add(row)
    db.session.commit()
    return {"row_id": row.id}


RULES = [
    rule("mail.outbox", "GET", "/{slug}/mail/", ORGANIZERS),
    rule("mail.retry", "POST", "/{slug}/mail/{row_id}/retry", ORGANIZERS, prepare=_failed_row),
    rule("mail.log", "GET", "/{slug}/mail/submissions/{sid}", {"organizer"},
         note="organizer_conflicted is conflicted with the world's submission"),
    rule("mail.templates", "GET", "/{slug}/mail/templates", ORGANIZERS),
    rule("mail.edit_template", "GET", "/{slug}/mail/templates/decisions/reject", ORGANIZERS),
    rule("mail.edit_template", "POST", "/{slug}/mail/templates/decisions/reject", ORGANIZERS,
         note="an empty form answers 400 with messages"),
    rule("mail.reset_template", "POST", "/{slug}/mail/templates/decisions/reject/reset", ORGANIZERS),
]
