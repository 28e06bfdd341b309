"""Emailed links are built from BASE_URL, never from the Host header a client sends."""

from flask import url_for

from reviewhub import create_app
from reviewhub.extensions import db
from tests.conftest import TEST_CONFIG


def _app_without_server_name(database_url, tmp_path, base_url):
    config = {key: value for key, value in TEST_CONFIG.items() if key != "SERVER_NAME"}
    return create_app({**config, "BASE_URL": base_url, "SQLALCHEMY_DATABASE_URI": database_url,
                       "UPLOAD_FOLDER": str(tmp_path / "u"), "MAIL_FILE_DIR": str(tmp_path / "m")})


def test_confirmation_link_uses_base_url_not_the_request_host(app, database_url, tmp_path, outbox):
    other = _app_without_server_name(database_url, tmp_path, "https://reviews.example.org")
    response = other.test_client().post(
        "/account/register",
        data={"name": "Ada", "email": "ada@example.org", "affiliation": "",
              "password": "long-enough-pw", "password_again": "long-enough-pw"},
        headers={"Host": "attacker.example"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    [message] = outbox()
    assert "https://reviews.example.org/account/confirm/" in message.body_text
    assert "attacker.example" not in message.body_text


def test_links_built_outside_a_request_use_base_url_with_its_path(database_url, tmp_path):
    other = _app_without_server_name(database_url, tmp_path, "https://example.org/reviews/")
    with other.app_context():
        link = url_for("accounts.login", _external=True)
    assert link == "https://example.org/reviews/account/login"
