"""Saving and deleting an organizer's searches (only queries that parse are kept)."""

import sqlalchemy as sa

from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.search.language import SearchError, parse
from reviewhub.search.models import SavedSearch


def save_search(event, *, by, name: str, query: str) -> SavedSearch:
    """Save (or replace, under the same name) one of `by`'s searches. DomainError when the
    name is empty or the query cannot be read."""
    name, query = name.strip()[:80], query.strip()
    if not name:
        raise DomainError("Give the search a name.")
    try:
        if parse(query) is None:
            raise DomainError("There is no search to save: type one in the search box first.")
    except SearchError as error:
        raise DomainError(f"The search cannot be read: {error}") from None
    saved = db.session.scalar(sa.select(SavedSearch).where(
        SavedSearch.event_id == event.id, SavedSearch.user_id == by.id, SavedSearch.name == name))
    if saved is None:
        saved = SavedSearch(event_id=event.id, user_id=by.id, name=name, query=query)
        db.session.add(saved)
    saved.query = query
    db.session.flush()
    return saved


def list_searches(event, user) -> list[SavedSearch]:
    return list(db.session.scalars(sa.select(SavedSearch).where(
        SavedSearch.event_id == event.id, SavedSearch.user_id == user.id).order_by(SavedSearch.name)))


def get_own(event, user, search_id: int) -> SavedSearch | None:
    return db.session.scalar(sa.select(SavedSearch).where(
        SavedSearch.id == search_id, SavedSearch.event_id == event.id, SavedSearch.user_id == user.id))
