"""Access rules of the integrity routes: organizers only, and per pair not the conflicted ones."""

from tests.access.rules import rule
from tests.access.world import ORGANIZERS


def _flags(world):
    """A text pair of the world's submission (organizer_conflicted is conflicted with it) and
    the other submission, and an image pair with its two files."""
    from reviewhub import storage
    from reviewhub.extensions import db
    from reviewhub.integrity.models import SimilarityFlag
    from reviewhub.submissions.models import SubmissionFile
    from tests.integrity.helpers import encoded, picture

    files = []
    for submission in (world.submission, world.other_submission):
        stored = storage.save_bytes(encoded(picture(1)), suffix=".png")
        files.append(SubmissionFile(submission_id=submission.id, purpose="media", kind="image",
                                    original_name="a.png", content_type="image/png", size=stored.size,
                                    sha256=stored.sha256, storage_key=stored.key))
    db.session.add_all(files)
    db.session.flush()
    common = dict(event_id=world.event.id, submission_a_id=world.submission.id,
                  submission_b_id=world.other_submission.id, similarity=0.9)
    text = SimilarityFlag(kind="text", details={"containment": 0.9, "passages": []}, **common)
    image = SimilarityFlag(kind="image", details={"files": [[files[0].id, files[1].id, 0, 0]]}, **common)
    db.session.add_all([text, image])
    db.session.commit()
    return {"flag_id": text.id, "image_flag_id": image.id, "file_id": files[0].id}


PAIR = {"organizer"}  # organizer_conflicted is conflicted with one submission of the pair

RULES = [
    rule("integrity.overview", "GET", "/{slug}/integrity/", ORGANIZERS),
    rule("integrity.run", "POST", "/{slug}/integrity/run", ORGANIZERS),
    rule("integrity.ai_use", "GET", "/{slug}/integrity/ai-use", ORGANIZERS),
    rule("integrity.show", "GET", "/{slug}/integrity/pairs/{flag_id}", PAIR, prepare=_flags),
    rule("integrity.show", "POST", "/{slug}/integrity/pairs/{flag_id}", PAIR, prepare=_flags,
         data={"status": "investigate", "note": "look"}),
    rule("integrity.image", "GET", "/{slug}/integrity/pairs/{image_flag_id}/images/{file_id}.png", PAIR,
         prepare=_flags),
]
