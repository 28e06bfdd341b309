"""Absolute links for mails, also outside a request (CLI, background jobs) via BASE_URL."""

from flask import current_app, has_request_context
from werkzeug.routing import BuildError

from reviewhub.web import url_if


def external_url(*endpoints: str, **values) -> str:
    """The absolute URL of the first endpoint that exists (pages of other domains may not)."""
    if has_request_context():
        return _first(endpoints, values)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return _first(endpoints, values)


def _first(endpoints, values) -> str:
    for endpoint in endpoints:
        url = url_if(endpoint, **{"_external": True, **values})
        if url:
            return url
    raise BuildError(endpoints[0], values, "GET")
