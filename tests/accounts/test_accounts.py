"""Registration, confirmation, login, logout, rate limits, password reset and change."""

import re

import pytest
import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.accounts.services import hash_password
from reviewhub.extensions import db
from tests import factories as f

GOOD = {"name": "Ada Lovelace", "email": "ada@example.org", "affiliation": "Analytical Engines",
        "password": "a long enough password", "password_again": "a long enough password"}


def _link(row) -> str:
    return re.search(r"https?://\S+", row.body_text).group(0).replace("http://reviewhub.test", "")


def test_register_creates_account_and_queues_confirmation(client, outbox):
    response = client.post("/account/register", data=GOOD)
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "ada@example.org"))
    assert user is not None and user.email_confirmed_at is None
    assert user.password_hash.startswith("$argon2id$")
    [row] = outbox()
    assert row.to_email == "ada@example.org" and "/account/confirm/" in row.body_text


def test_confirmation_link_confirms_the_address(app, client, outbox):
    client.post("/account/register", data=GOOD)
    response = client.get(_link(outbox()[0]))
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.scalar(sa.select(User).where(User.email == "ada@example.org"))
    assert user.email_confirmed_at is not None


def test_bad_confirmation_link_is_a_clear_400(client):
    response = client.get("/account/confirm/garbage")
    assert response.status_code == 400 and b"not valid" in response.data


@pytest.mark.parametrize(
    "change, field_message",
    [
        ({"name": ""}, b"This field is required"),
        ({"name": "x" * 201}, b"Field cannot be longer than 200 characters"),
        ({"email": "not-an-email"}, b"Invalid email address"),
        ({"email": ""}, b"This field is required"),
        ({"password": "short", "password_again": "short"}, b"Use 10 to 200 characters"),
        ({"password_again": "something else entirely"}, b"The passwords differ"),
        ({"affiliation": "y" * 201}, b"Field cannot be longer than 200 characters"),
    ],
)
def test_register_bad_input_shows_messages_and_keeps_input(client, change, field_message):
    data = {**GOOD, **change}
    response = client.post("/account/register", data=data)
    assert response.status_code == 200
    assert field_message in response.data
    if data["name"] and len(data["name"]) <= 200:
        assert data["name"].encode() in response.data  # what was typed is kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_login_and_wrong_password(app):
    f.make_user(email="bob@example.org")
    db.session.commit()
    client = app.test_client()
    bad = client.post("/account/login", data={"email": "bob@example.org", "password": "wrong"})
    assert bad.status_code == 200 and b"not right" in bad.data
    good = client.post("/account/login", data={"email": "BOB@example.org", "password": f.PASSWORD})
    assert good.status_code == 302
    assert client.get("/account/profile").status_code == 200


def test_login_bad_input(client):
    response = client.post("/account/login", data={"email": "", "password": ""})
    assert response.status_code == 200 and b"This field is required" in response.data
    response = client.post("/account/login", data={"email": "a@b.c", "password": "p" * 500})
    assert response.status_code == 200 and b"cannot be longer" in response.data


def test_login_redirects_only_to_local_paths(app):
    f.make_user(email="bob@example.org")
    db.session.commit()
    client = app.test_client()
    response = client.post("/account/login?next=https://evil.example/", data={"email": "bob@example.org", "password": f.PASSWORD})
    assert response.headers["Location"] == "/"


def _login(client, email, password=f.PASSWORD, **kw):
    return client.post("/account/login", data={"email": email, "password": password}, **kw)


def test_copied_cookie_stops_working_after_logout(app):
    f.make_user(email="bob@example.org")
    db.session.commit()
    browser = app.test_client()
    _login(browser, "bob@example.org")
    cookie = browser.get_cookie("session", domain="reviewhub.test").value
    thief = app.test_client()
    thief.set_cookie("session", cookie, domain="reviewhub.test")
    assert thief.get("/account/profile").status_code == 200
    browser.post("/account/logout")
    assert thief.get("/account/profile").status_code == 302  # sent to the login page


def test_password_change_ends_other_sessions_and_keeps_this_one(app):
    f.make_user(email="bob@example.org")
    db.session.commit()
    laptop, phone = app.test_client(), app.test_client()
    _login(laptop, "bob@example.org")
    _login(phone, "bob@example.org")
    response = laptop.post("/account/password", data={
        "current_password": f.PASSWORD, "password": "a brand new password", "password_again": "a brand new password"})
    assert response.status_code == 302
    assert laptop.get("/account/profile").status_code == 200
    assert phone.get("/account/profile").status_code == 302


def test_password_change_needs_the_current_password(app, login_as):
    user = f.make_user()
    db.session.commit()
    response = login_as(user).post("/account/password", data={
        "current_password": "wrong wrong", "password": "a brand new password", "password_again": "a brand new password"})
    assert response.status_code == 400 and b"not your current password" in response.data


def test_login_is_rate_limited_per_account(app):
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 3
    f.make_user(email="bob@example.org")
    db.session.commit()
    client = app.test_client()
    for _ in range(3):
        _login(client, "bob@example.org", "wrong password")
    blocked = _login(client, "bob@example.org")  # even the right password waits now
    assert blocked.status_code == 429 and b"Too many failed logins" in blocked.data


def test_rate_limit_per_address_ignores_forged_forwarded_for(app):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    f.make_user(email="bob@example.org")
    db.session.commit()
    client = app.test_client()
    for n in range(3):
        _login(client, f"nobody{n}@example.org", "wrong", headers={"X-Forwarded-For": f"10.0.0.{n}"})
    blocked = _login(client, "bob@example.org", headers={"X-Forwarded-For": "10.9.9.9"})
    assert blocked.status_code == 429


def test_password_reset_by_emailed_link_is_single_use(app, client, outbox):
    f.make_user(email="bob@example.org")
    db.session.commit()
    client.post("/account/reset", data={"email": "bob@example.org"})
    link = _link(outbox()[0])
    new = {"password": "my new password!", "password_again": "my new password!"}
    assert client.post(link, data=new).status_code == 302
    assert _login(app.test_client(), "bob@example.org", "my new password!").status_code == 302
    again = client.post(link, data=new)
    assert again.status_code == 400 and b"used already" in again.data


def test_password_reset_link_expires(app, client, outbox):
    f.make_user(email="bob@example.org")
    db.session.commit()
    client.post("/account/reset", data={"email": "bob@example.org"})
    app.config["RESET_TOKEN_MAX_AGE"] = -1
    response = client.get(_link(outbox()[0]))
    assert response.status_code == 400 and b"expired" in response.data


def test_reset_request_says_the_same_for_unknown_addresses(client, outbox):
    response = client.post("/account/reset", data={"email": "nobody@example.org"})
    assert response.status_code == 302 and outbox() == []


def test_reset_form_bad_input(app, client, outbox):
    f.make_user(email="bob@example.org")
    db.session.commit()
    client.post("/account/reset", data={"email": "bob@example.org"})
    response = client.post(_link(outbox()[0]), data={"password": "short", "password_again": "other"})
    assert response.status_code == 200 and b"Use 10 to 200 characters" in response.data
    assert client.post("/account/reset", data={"email": "bad"}).status_code == 200


def test_profile_edit_and_bad_input(login_as):
    user = f.make_user()
    db.session.commit()
    client = login_as(user)
    assert client.post("/account/profile", data={"name": "New Name", "affiliation": "MIT"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "New Name"
    response = client.post("/account/profile", data={"name": "", "affiliation": "z" * 300})
    assert response.status_code == 200 and b"This field is required" in response.data


def test_production_password_hash_is_argon2id_at_owasp_strength(app):
    from reviewhub import config

    app.config.update(PASSWORD_TIME_COST=config.PASSWORD_TIME_COST,
                      PASSWORD_MEMORY_COST_KIB=config.PASSWORD_MEMORY_COST_KIB,
                      PASSWORD_PARALLELISM=config.PASSWORD_PARALLELISM)
    parameters = re.search(r"\$m=(\d+),t=(\d+),p=(\d+)\$", hash_password("x" * 12)).groups()
    memory, time_cost, _ = map(int, parameters)
    assert memory >= 19 * 1024 and time_cost >= 2  # OWASP: argon2id m>=19 MiB, t>=2


def test_register_without_an_affiliation_field(client):
    data = {k: v for k, v in GOOD.items() if k != "affiliation"}
    assert client.post("/account/register", data=data).status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "ada@example.org"))
    assert user.affiliation == ""
