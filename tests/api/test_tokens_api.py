"""Personal access tokens and the /api/v1 routes: lifecycle, scope, cookies refused, ETag,
pagination, rate limit, and the OpenAPI document covering every route."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.api import tokens
from reviewhub.api.models import ApiToken
from reviewhub.models_base import utcnow
from tests.factories import add_role, make_event, make_user


def _token(db, user, *, event=None, can_write=False, days=30):
    made = tokens.create_token(user, name="script", expires_on=utcnow().date() + timedelta(days=days),
                               event=event, can_write=can_write)
    db.session.commit()
    return made.secret


def _auth(secret):
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def two_events(db):
    organizer = make_user(email="org@example.org")
    first = make_event(slug="first", organizer=organizer)
    second = make_event(slug="second", organizer=organizer)
    db.session.commit()
    return organizer, first, second


def test_document_is_valid_openapi_31_and_lists_every_api_route(app, client):
    from openapi_spec_validator import validate

    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    documented = set(document["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            assert re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) in documented, rule.rule


def test_reference_page_is_served_locally(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "openapi.json" in html and "https://" not in html and "http://" not in html


def test_token_page_shows_secret_once_and_stores_only_its_hash(db, login_as, two_events):
    organizer, first, _ = two_events
    client = login_as(organizer)
    expiry = (utcnow().date() + timedelta(days=10)).isoformat()
    page = client.post("/account/tokens/", data={"name": "ci", "expires_on": expiry, "event": "first"})
    assert page.status_code == 200
    secret = re.search(r'id="new-token">(rh_[^<]+)<', page.get_data(as_text=True)).group(1)
    row = db.session.scalar(sa.select(ApiToken))
    assert row.secret_hash == tokens.hash_secret(secret) and secret not in (row.secret_hash, row.prefix)
    assert secret.startswith(f"rh_{row.prefix}_") and row.event_id == first.id and not row.can_write
    again = client.get("/account/tokens/").get_data(as_text=True)
    assert secret not in again and f"rh_{row.prefix}" in again and "never" in again
    assert client.get("/api/v1/events", headers=_auth(secret)).status_code == 200
    db.session.expire_all()
    assert db.session.get(ApiToken, row.id).last_used_at is not None
    assert client.post(f"/account/tokens/{row.id}/revoke").status_code == 302
    assert client.get("/api/v1/events", headers=_auth(secret)).status_code == 401


@pytest.mark.parametrize("data, message", [
    ({"name": "", "expires_on": "2099-01-01"}, "This field is required"),
    ({"name": "x", "expires_on": "tomorrow"}, "Give a date"),
    ({"name": "x", "expires_on": "2000-01-01"}, "must be in the future"),
    ({"name": "x", "expires_on": "2099-01-01"}, "at most one year"),
    ({"name": "x", "expires_on": "2099-01-01", "event": "not-mine"}, "Not a valid choice"),
])
def test_token_form_bad_input(db, login_as, two_events, data, message):
    page = login_as(two_events[0]).post("/account/tokens/", data=data)
    assert page.status_code == 400 and message in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_someone_elses_token_cannot_be_revoked(db, login_as, two_events):
    _token(db, two_events[0])
    row = db.session.scalar(sa.select(ApiToken))
    other = make_user(email="other@example.org")
    db.session.commit()
    assert login_as(other).post(f"/account/tokens/{row.id}/revoke").status_code == 404
    assert db.session.get(ApiToken, row.id).revoked_at is None


def test_cookie_only_missing_unknown_and_expired_tokens_get_401(db, login_as, two_events):
    organizer = two_events[0]
    session_client = login_as(organizer)
    assert session_client.get("/api/v1/events").status_code == 401
    assert session_client.get("/api/v1/events", headers={"Authorization": "Bearer rh_nope"}).status_code == 401
    secret = _token(db, organizer)
    row = db.session.scalar(sa.select(ApiToken))
    row.expires_on = utcnow().date() - timedelta(days=1)
    db.session.commit()
    assert session_client.get("/api/v1/events", headers=_auth(secret)).status_code == 401


def test_event_scoped_token_sees_only_its_event(db, client, two_events):
    organizer, first, second = two_events
    secret = _token(db, organizer, event=first)
    listed = client.get("/api/v1/events", headers=_auth(secret)).get_json()
    assert [e["slug"] for e in listed["items"]] == ["first"] and listed["total"] == 1
    assert client.get("/api/v1/events/first", headers=_auth(secret)).status_code == 200
    other = client.get("/api/v1/events/second", headers=_auth(secret))
    missing = client.get("/api/v1/events/nowhere", headers=_auth(secret))
    assert other.status_code == missing.status_code == 404


def test_events_are_only_the_owners_and_paginated(db, client, two_events):
    organizer = two_events[0]
    stranger = make_user(email="stranger@example.org")
    make_event(slug="third", organizer=stranger)
    member = make_user(email="member@example.org")
    add_role(two_events[2], member, "reviewer")
    db.session.commit()
    secret = _token(db, organizer)
    page = client.get("/api/v1/events?limit=1&page=2", headers=_auth(secret)).get_json()
    assert page["total"] == 2 and [e["slug"] for e in page["items"]] == ["second"]
    bad = client.get("/api/v1/events?limit=0", headers=_auth(secret))
    assert bad.status_code == 422 and "limit" in bad.get_data(as_text=True)
    assert [e["slug"] for e in client.get("/api/v1/events", headers=_auth(_token(db, member))).get_json()["items"]] \
        == ["second"]


def test_etag_gives_304(db, client, two_events):
    secret = _token(db, two_events[0])
    first = client.get("/api/v1/events/first", headers=_auth(secret))
    etag = first.headers["ETag"]
    again = client.get("/api/v1/events/first", headers={**_auth(secret), "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_rate_limit_per_token_gives_429(app, db, client, two_events):
    app.config["API_RATE_LIMIT"] = 3
    secret = _token(db, two_events[0])
    answers = [client.get("/api/v1/events", headers=_auth(secret)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get("/api/v1/events", headers=_auth(_token(db, two_events[0]))).status_code == 200
