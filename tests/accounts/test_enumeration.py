"""Registration, login and the reset page tell nobody which addresses have accounts."""

import re
import statistics
import time

import sqlalchemy as sa

from reviewhub import config
from reviewhub.accounts.models import User
from reviewhub.extensions import db
from tests import factories as f

NEW = {"name": "Ada Lovelace", "email": "ada@example.org", "affiliation": "",
       "password": "a long enough password", "password_again": "a long enough password"}


def _flashes(client) -> list[str]:
    with client.session_transaction() as session:
        return [message for _, message in session.get("_flashes", [])]


def _answer(client, path, data):
    """What a requester sees: status, where it sends them, the message, and what they are then."""
    response = client.post(path, data=data)
    return (response.status_code, response.headers.get("Location"), _flashes(client),
            client.get("/account/profile").status_code)


def _link(row, part) -> str:
    return re.search(r"https?://\S+", row.body_text).group(0).replace("http://reviewhub.test", "")


def test_registering_a_taken_address_answers_like_a_new_one_and_mails_its_owner(app, outbox):
    owner = f.make_user(email="bob@example.org", name="Bob Owner")
    db.session.commit()
    before = owner.password_hash
    taken = _answer(app.test_client(), "/account/register?next=/x/", {**NEW, "email": "BOB@example.org"})
    new = _answer(app.test_client(), "/account/register?next=/x/", NEW)
    assert taken == new
    assert taken[0] == 302 and taken[3] == 302  # to the login page; nobody is signed in yet
    db.session.expire_all()
    assert db.session.get(User, owner.id).password_hash == before and db.session.get(User, owner.id).name == "Bob Owner"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    mails = {row.to_email: row for row in outbox()}
    assert set(mails) == {"bob@example.org", "ada@example.org"}
    assert "already" in mails["bob@example.org"].subject and "/account/reset/" in mails["bob@example.org"].body_text
    assert "/account/confirm/" in mails["ada@example.org"].body_text
    # The owner's reset link works.
    client = app.test_client()
    new_password = {"password": "bob's new password", "password_again": "bob's new password"}
    assert client.post(_link(mails["bob@example.org"], "reset"), data=new_password).status_code == 302


def test_registering_a_taken_address_again_soon_sends_no_second_mail(app, client, outbox):
    f.make_user(email="bob@example.org")
    db.session.commit()
    for _ in range(3):
        client.post("/account/register", data={**NEW, "email": "bob@example.org"})
    assert [row.to_email for row in outbox()] == ["bob@example.org"]


def test_a_new_account_signs_in_by_its_confirmation_link_once_and_not_by_password_before(app, outbox):
    client = app.test_client()
    client.post("/account/register?next=/some/page/", data=NEW)
    refused = app.test_client().post("/account/login", data={"email": NEW["email"], "password": NEW["password"]})
    wrong = app.test_client().post("/account/login", data={"email": NEW["email"], "password": "wrong password"})
    assert refused.status_code == 200 and refused.data == wrong.data  # unconfirmed fails like a wrong password
    link = _link(outbox()[0], "confirm")
    response = client.get(link)
    assert response.status_code == 302 and response.headers["Location"] == "/some/page/"
    assert client.get("/account/profile").status_code == 200
    again = app.test_client()
    assert again.get(link).status_code == 302 and again.get("/account/profile").status_code == 302
    assert app.test_client().post("/account/login", data={
        "email": NEW["email"], "password": NEW["password"]}).status_code == 302


def test_login_for_an_unknown_address_answers_like_a_wrong_password(app):
    f.make_user(email="bob@example.org")
    db.session.commit()
    unknown = app.test_client().post("/account/login", data={"email": "nobody@example.org", "password": "x" * 12})
    wrong = app.test_client().post("/account/login", data={"email": "bob@example.org", "password": "x" * 12})
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.data.replace(b"nobody@example.org", b"") == wrong.data.replace(b"bob@example.org", b"")


def test_login_for_an_unknown_address_takes_as_long_as_a_wrong_password(app):
    """With the production hash cost: the medians of 30 tries each, interleaved, agree."""
    app.config.update(PASSWORD_TIME_COST=config.PASSWORD_TIME_COST,
                      PASSWORD_MEMORY_COST_KIB=config.PASSWORD_MEMORY_COST_KIB,
                      PASSWORD_PARALLELISM=config.PASSWORD_PARALLELISM,
                      LOGIN_MAX_FAILURES_PER_ACCOUNT=10_000, LOGIN_MAX_FAILURES_PER_ADDRESS=10_000)
    f.make_user(email="bob@example.org")  # hashed at the production cost
    db.session.commit()
    client = app.test_client()
    client.post("/account/login", data={"email": "warm@example.org", "password": "warm-up password"})
    timings: dict[str, list[float]] = {"unknown": [], "wrong": []}
    for n in range(30):
        for kind, email in (("unknown", f"nobody{n}@example.org"), ("wrong", "bob@example.org")):
            start = time.perf_counter()
            response = client.post("/account/login", data={"email": email, "password": f"wrong password {n}"})
            timings[kind].append(time.perf_counter() - start)
            assert response.status_code == 200
    ratio = statistics.median(timings["unknown"]) / statistics.median(timings["wrong"])
    print(f"unknown/wrong median login time: {ratio:.3f} "
          f"({statistics.median(timings['unknown']) * 1000:.1f} / {statistics.median(timings['wrong']) * 1000:.1f} ms)")
    assert 0.7 <= ratio <= 1.4, timings


def test_reset_request_answers_alike_for_known_and_unknown_addresses(app, outbox):
    f.make_user(email="bob@example.org")
    db.session.commit()
    known = _answer(app.test_client(), "/account/reset", {"email": "bob@example.org"})
    unknown = _answer(app.test_client(), "/account/reset", {"email": "nobody@example.org"})
    assert known == unknown and known[0] == 302
    assert [row.to_email for row in outbox()] == ["bob@example.org"]
