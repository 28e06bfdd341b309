"""Access rules of the chunk API (issue 22): anyone signed in may start an upload (deadlines
and slots are the service's); only the user who started one may add to it or read its offset."""

from tests.access.rules import rule
from tests.access.world import LOGGED_IN


def _upload(world):
    from reviewhub.extensions import db
    from reviewhub.submissions.services import ensure_default_types
    from reviewhub.uploads import services

    kind = {t.key: t for t in ensure_default_types(world.event)}["paper"]
    upload = services.start(world.event, kind, by=world.users["author"], purpose="main", filename="p.pdf", size=10)
    db.session.commit()
    return {"upload_token": upload.token}


RULES = [
    rule("uploads.start", "POST", "/{slug}/uploads", LOGGED_IN),
    rule("uploads.status", "GET", "/{slug}/uploads/{upload_token}", {"author"}, prepare=_upload),
    rule("uploads.append", "PATCH", "/{slug}/uploads/{upload_token}", {"author"}, prepare=_upload),
]
