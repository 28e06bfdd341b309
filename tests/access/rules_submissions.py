"""Access rules of the submissions routes (the call, authors' pages, files, organizers' pages)."""

from tests.access.rules import rule
from tests.access.world import ANY, LOGGED_IN, ORGANIZERS

AUTHORS = {"author", "coauthor"}
READERS = AUTHORS | {"reviewer_assigned", "organizer"}  # the conflicted reviewer/organizer are not
ORGANIZER = {"organizer"}  # unconflicted with the world's submission


def _file(world):
    from reviewhub import storage
    from reviewhub.extensions import db
    from reviewhub.submissions.models import SubmissionFile
    from reviewhub.submissions.pdfgen import make_pdf

    data = make_pdf("Paper", "Text of the paper.", info={"Author": "Author"})
    stored = storage.save_bytes(data, suffix=".pdf")
    item = SubmissionFile(submission_id=world.submission.id, purpose="main", kind="pdf",
                          original_name="author-paper.pdf", content_type="application/pdf",
                          size=stored.size, sha256=stored.sha256, storage_key=stored.key)
    db.session.add(item)
    db.session.commit()
    return {"file_id": item.id}


def _found_conflict(world):
    from reviewhub.extensions import db
    from tests import factories as f

    conflict = f.make_conflict(world.submission, world.users["reviewer_unassigned"], source="email_domain",
                               reason="same mail domain")
    db.session.commit()
    return {"conflict_id": conflict.id}


def _type(world):
    return {"type_id": world.submission.type_id}


S = "/{slug}/submissions/{sid}"
T = "/{slug}/manage/submission-types"
RULES = [
    rule("submissions.cfp", "GET", "/{slug}/cfp", ANY),
    rule("submissions.mine", "GET", "/{slug}/submissions/mine", LOGGED_IN),
    rule("submissions.new", "GET", "/{slug}/submissions/new", LOGGED_IN),
    rule("submissions.new", "POST", "/{slug}/submissions/new?type=paper", LOGGED_IN,
         note="an empty form re-renders with messages"),
    rule("submissions.show", "GET", S, READERS),
    rule("submissions.edit", "GET", S + "/edit", AUTHORS),
    rule("submissions.edit", "POST", S + "/edit", AUTHORS, note="an empty form re-renders"),
    rule("submissions.submit", "POST", S + "/submit", AUTHORS, note="already submitted: no change"),
    rule("submissions.withdraw", "POST", S + "/withdraw", AUTHORS, data={"reason": "x" * 600},
         note="a too-long reason is refused, so the next role still finds it submitted"),
    rule("submissions.conflicts", "GET", S + "/conflicts", AUTHORS),
    rule("submissions.conflicts", "POST", S + "/conflicts", AUTHORS),
    rule("submissions.download", "GET", S + "/files/{file_id}", READERS, prepare=_file),
    rule("submissions.remove_file", "POST", S + "/files/{file_id}/remove", AUTHORS, prepare=_file,
         data={"version": "999"}, note="a stale version is refused, so the file stays"),
    rule("submissions.list", "GET", "/{slug}/manage/submissions", ORGANIZERS,
         note="the conflicted organizer sees the list without that submission"),
    rule("submissions.export", "GET", "/{slug}/manage/submissions.csv", ORGANIZERS),
    rule("submissions.extend_deadline", "GET", S + "/extend", ORGANIZER),
    rule("submissions.extend_deadline", "POST", S + "/extend", ORGANIZER),
    rule("submissions.override_conflict", "GET", S + "/conflicts/{conflict_id}/override", ORGANIZER,
         prepare=_found_conflict),
    rule("submissions.override_conflict", "POST", S + "/conflicts/{conflict_id}/override", ORGANIZER,
         prepare=_found_conflict, note="no reason: re-renders"),
    rule("submissions.types", "GET", T, ORGANIZERS),
    rule("submissions.type_defaults", "POST", T + "/defaults", ORGANIZERS),
    rule("submissions.type_new", "GET", T + "/new", ORGANIZERS),
    rule("submissions.type_new", "POST", T + "/new", ORGANIZERS),
    rule("submissions.type_edit", "GET", T + "/{type_id}/edit", ORGANIZERS, prepare=_type),
    rule("submissions.type_edit", "POST", T + "/{type_id}/edit", ORGANIZERS, prepare=_type),
    rule("submissions.type_delete", "POST", T + "/{type_id}/delete", ORGANIZERS, prepare=_type,
         note="the type is in use, so it stays"),
]
