"""Access rules of the API: /api/v1 answers bearer tokens only, so a session (every role of the
matrix) is refused there (401); API_RULES are the token side (tests/test_access_api.py). The
token page is every signed-in user's own."""

from datetime import date, timedelta

from tests.access.api_matrix import api_rule
from tests.access.rules import rule
from tests.access.world import ANY, LOGGED_IN, NOBODY


def _token(world):
    from reviewhub.api import tokens
    from reviewhub.extensions import db

    made = tokens.create_token(world.users["organizer"], name="matrix", expires_on=date.today() + timedelta(days=30))
    db.session.commit()
    return {"token_id": made.token.id}


RULES = [
    rule("api_tokens.index", "GET", "/account/tokens/", LOGGED_IN),
    rule("api_tokens.index", "POST", "/account/tokens/", LOGGED_IN,
         data={"name": "matrix", "expires_on": (date.today() + timedelta(days=30)).isoformat()}),
    rule("api_tokens.revoke", "POST", "/account/tokens/{token_id}/revoke", {"organizer"}, prepare=_token,
         note="only the token's owner; anyone else's attempt answers like a missing token"),
    rule("api_v1.events", "GET", "/api/v1/events", NOBODY),
    rule("api_v1.event", "GET", "/api/v1/events/{slug}", NOBODY),
    rule("api_v1.openapi", "GET", "/api/v1/openapi.json", ANY),
    rule("api_v1.docs", "GET", "/api/v1/docs", ANY),
]

def _other_event(world):
    return {}  # names the rule apart from the world's event's (pins are keyed by it)


# The token side (tests/test_access_api.py): every role through a token of every scope.
API_RULES = [
    api_rule("api_v1.events", "GET", "/api/v1/events", LOGGED_IN, event=None,
             note="each owner's own events; a scoped token lists only its event"),
    api_rule("api_v1.event", "GET", "/api/v1/events/{slug}", LOGGED_IN,
             note="public fields of any event; never through a token scoped to another event"),
    api_rule("api_v1.event", "GET", "/api/v1/events/{other_slug}", LOGGED_IN, event="other_event",
             prepare=_other_event, note="the other event: refused to a token scoped to the world's"),
    api_rule("api_v1.openapi", "GET", "/api/v1/openapi.json", ANY, event=None, public=True),
    api_rule("api_v1.docs", "GET", "/api/v1/docs", ANY, event=None, public=True),
]
