"""Helpers for the review-process tests: turn the response period on around now."""

from datetime import timedelta

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing.process import settings


def open_response(event, *, by=None, limit=50, shows_scores=False, opens=-1, closes=24, **more):
    """A response period from `opens` to `closes` hours around now."""
    now = utcnow()
    row = settings.update_settings(
        event, by=by, response_enabled=True, response_opens_at=now + timedelta(hours=opens),
        response_deadline_at=now + timedelta(hours=closes), response_word_limit=limit,
        response_shows_scores=shows_scores, **more)
    db.session.commit()
    return row
