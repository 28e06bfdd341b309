"""Access rules of the publication list: every signed-in user's own; another person's staged
import or paper answers like a missing one (tests/publications)."""

from tests.access.rules import rule
from tests.access.world import LOGGED_IN

BIB = b"@article{a, title={Matrix paper}, author={Reviewer Assigned}, year={2024}}"


def _staged(world):
    from reviewhub.extensions import db
    from reviewhub.publications import services

    staged = services.stage(world.users["reviewer_assigned"], BIB, "a.bib")
    db.session.commit()
    return {"import_id": staged.id}


def _paper(world):
    import sqlalchemy as sa

    from reviewhub.extensions import db
    from reviewhub.publications import services
    from reviewhub.publications.models import Publication

    owner = world.users["reviewer_assigned"]
    services.apply(owner, services.stage(owner, BIB, "a.bib"))
    db.session.commit()
    return {"publication_id": db.session.scalar(sa.select(Publication.id).where(Publication.user_id == owner.id))}


RULES = [
    rule("publications.index", "GET", "/account/publications/", LOGGED_IN),
    rule("publications.index", "POST", "/account/publications/", LOGGED_IN,
         note="no file: every signed-in user gets the form back with the message (400)"),
    rule("publications.preview", "GET", "/account/publications/imports/{import_id}", {"reviewer_assigned"},
         prepare=_staged),
    rule("publications.apply", "POST", "/account/publications/imports/{import_id}/apply", {"reviewer_assigned"},
         prepare=_staged),
    rule("publications.remove", "POST", "/account/publications/{publication_id}/remove", {"reviewer_assigned"},
         prepare=_paper),
]
