"""Access rules of saved searches: organizers, each their own."""

from tests.access.rules import rule
from tests.access.world import ORGANIZERS


def _saved(world):
    from reviewhub.extensions import db
    from reviewhub.search import services

    saved = services.save_search(world.event, by=world.users["organizer"], name="Mine", query="music")
    db.session.commit()
    return {"search_id": saved.id}


RULES = [
    rule("search.save", "POST", "/{slug}/manage/searches/", ORGANIZERS, data={"q": "music", "name": "Music"}),
    rule("search.delete", "POST", "/{slug}/manage/searches/{search_id}/delete", ORGANIZERS, prepare=_saved,
         note="another organizer's saved search is left alone (the same redirect)"),
]
