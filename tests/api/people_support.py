"""What the people API tests share: the access matrix's world, tokens for its cast, requests."""

from datetime import timedelta

from reviewhub.api import tokens
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from tests.access.world import build_world

# Names no page or payload uses otherwise: finding one in a reviewer's answer is a leak.
SECRET_AUTHORS = {"author": ("Zelda Quillfeather", "zelda@hidden-univ.example.org", "Hidden University of Nowhere"),
                  "coauthor": ("Oskar Brightwater", "oskar@secret-lab.example.org", "Secret Lab of Elsewhere"),
                  "other_author": ("Ines Moonvale", "ines@covert.example.org", "Covert Institute")}
SECRETS = [x for person in SECRET_AUTHORS.values() for x in person]


def token(user, *, event=None, write=True) -> dict:
    """Authorization headers of a fresh token of `user` (scoped to `event` when given)."""
    made = tokens.create_token(user, name="test", expires_on=utcnow().date() + timedelta(days=30),
                               event=event, can_write=write)
    db.session.commit()
    return {"Authorization": f"Bearer {made.secret}"}


def blind_world():
    """The matrix's world with author names, addresses and affiliations no one else has."""
    from reviewhub.submissions.models import Authorship

    world = build_world()
    for role, (name, email, affiliation) in SECRET_AUTHORS.items():
        user = world.users[role]
        for authorship in db.session.query(Authorship).filter_by(user_id=user.id):
            authorship.name, authorship.email, authorship.affiliation = name, email, affiliation
        user.name, user.email, user.affiliation = name, email, affiliation
    db.session.commit()
    return world
