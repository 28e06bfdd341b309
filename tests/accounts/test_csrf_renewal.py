"""The CSRF secret is renewed at login and logout: no token from before either works after it."""

import re

import pytest

from reviewhub.extensions import db
from tests import factories as f


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def _token(html: bytes) -> str:
    return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', html).group(1).decode()


def _login(client, email, token):
    return client.post("/account/login", data={"csrf_token": token, "email": email, "password": f.PASSWORD})


def test_a_token_from_before_the_login_is_refused_after_it(csrf_app):
    user = f.make_user(email="ada@example.org", name="Before")
    db.session.commit()
    client = csrf_app.test_client()
    before = _token(client.get("/account/login").data)
    assert _login(client, user.email, before).status_code == 302
    stale = client.post("/account/profile", data={"csrf_token": before, "name": "Planted", "affiliation": ""})
    assert stale.status_code == 400 and b"CSRF" in stale.data
    fresh = _token(client.get("/account/profile").data)
    assert fresh != before
    ok = client.post("/account/profile", data={"csrf_token": fresh, "name": "After", "affiliation": ""})
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(user), user.id).name == "After"


def test_a_token_planted_by_an_attacker_dies_at_the_victims_login(csrf_app):
    """Login CSRF / session fixation: the attacker's cookie and token, then the victim logs in."""
    user = f.make_user(email="victim@example.org")
    db.session.commit()
    client = csrf_app.test_client()
    planted = _token(client.get("/account/register").data)  # the attacker's own session and token
    assert _login(client, user.email, _token(client.get("/account/login").data)).status_code == 302
    response = client.post("/account/logout", data={"csrf_token": planted})
    assert response.status_code == 400
    assert client.get("/account/profile").status_code == 200  # still logged in


def test_a_token_from_before_the_logout_is_refused_after_it(csrf_app):
    user = f.make_user(email="bob@example.org")
    db.session.commit()
    client = csrf_app.test_client()
    assert _login(client, user.email, _token(client.get("/account/login").data)).status_code == 302
    during = _token(client.get("/account/profile").data)
    assert client.post("/account/logout", data={"csrf_token": during}).status_code == 302
    # The logged-out browser's old token opens no form: not even the login form.
    again = _login(client, user.email, during)
    assert again.status_code == 400 and b"CSRF" in again.data
    assert _login(client, user.email, _token(client.get("/account/login").data)).status_code == 302
