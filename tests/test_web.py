"""Request-wide behaviour: CSRF (kept on here), security headers, secret key, error pages."""

import re
import time

import pytest
from itsdangerous import TimestampSigner

from reviewhub import create_app
from reviewhub.extensions import db
from tests import factories as f


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def _token(html: bytes) -> str:
    return re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1).decode()


def test_post_without_csrf_token_changes_nothing(csrf_app, login_as):
    user = f.make_user(name="Before")
    db.session.commit()
    response = login_as(user).post("/account/profile", data={"name": "After", "affiliation": ""})
    assert response.status_code == 400 and b"CSRF" in response.data
    db.session.expire_all()
    assert db.session.get(type(user), user.id).name == "Before"


def test_cross_site_logout_without_token_is_refused(csrf_app, login_as):
    user = f.make_user()
    db.session.commit()
    client = login_as(user)
    assert client.post("/account/logout").status_code == 400
    assert client.get("/account/profile").status_code == 200


def test_csrf_token_still_works_on_a_form_left_open_for_three_hours(csrf_app, login_as, monkeypatch):
    user = f.make_user(name="Before")
    db.session.commit()
    three_hours_ago = int(time.time()) - 3 * 3600
    with monkeypatch.context() as patch:
        # Log in and open the form as if it were three hours ago.
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: three_hours_ago)
        client = login_as(user)
        token = _token(client.get("/account/profile").data)
    response = client.post("/account/profile", data={"name": "After", "affiliation": "", "csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(user), user.id).name == "After"


def test_security_headers_on_every_response(client):
    for path in ("/", "/account/login", "/no-such-event/"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_missing_page_is_a_friendly_404(client):
    response = client.get("/no-such-event/")
    assert response.status_code == 404 and b"Back to the start page" in response.data


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWHUB_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("REVIEWHUB_SECRET_KEY", raising=False)
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second == (tmp_path / "secret_key").read_text().strip()
    assert len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_overrides_config(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWHUB_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("REVIEWHUB_LOGIN_MAX_FAILURES_PER_ACCOUNT", "7")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/d")
    app = create_app()
    assert app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] == 7
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/d"


def test_secure_cookies_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEWHUB_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("REVIEWHUB_SECURE_COOKIES", "true")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
