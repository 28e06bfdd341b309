"""Access rules of the tag routes: organizers only (the conflicted one may use them, but tags on
their conflicted submission are neither shown nor applied: tests/tags)."""

from tests.access.rules import rule
from tests.access.world import ORGANIZERS


def _tag(world):
    from reviewhub.extensions import db
    from reviewhub.tags import services

    tag = services.create_tag(world.event, by=world.users["organizer"], name="oral", colour="blue", private=False)
    db.session.commit()
    return {"tag_id": tag.id}


BASE = "/{slug}/manage/tags"
RULES = [
    rule("tags.index", "GET", BASE + "/", ORGANIZERS),
    rule("tags.index", "POST", BASE + "/", ORGANIZERS, data={"name": "poster", "colour": "green"}),
    rule("tags.delete", "POST", BASE + "/{tag_id}/delete", ORGANIZERS, prepare=_tag),
    rule("tags.apply", "POST", BASE + "/apply", ORGANIZERS, data={"tag": "oral", "action": "add"}, prepare=_tag,
         note="no sid ticked: the organizers are sent back with a message"),
]
