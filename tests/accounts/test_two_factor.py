"""Two-factor sign-in: setup with a QR code, login's second step, replay, recovery codes,
rate limits, turning it off, and an event's requirement for its organizers."""

import re
import time

import pyotp
import pytest
import sqlalchemy as sa

from reviewhub.accounts import twofactor
from reviewhub.accounts.models import RecoveryCode, User
from reviewhub.extensions import db
from reviewhub.security.models import SecurityEvent
from tests import factories as f


def _code(user, steps_ahead: int = 0) -> str:
    """What the user's authenticator app shows (steps_ahead 30-second steps from now)."""
    return pyotp.TOTP(twofactor.secret_of(user)).at(time.time() + 30 * steps_ahead)


def _fresh(user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def _with_two_factor(email="bob@example.org", **kw):
    user = f.make_user(email=email, **kw)
    twofactor.start_setup(user)
    codes = twofactor.confirm_setup(user, _code(user))  # uses the current step
    db.session.commit()
    return user, codes


def _password(client, user, next_path=""):
    return client.post("/account/login" + (f"?next={next_path}" if next_path else ""),
                       data={"email": user.email, "password": f.PASSWORD})


def test_setup_shows_a_qr_code_and_turns_on_only_with_a_right_code(app, login_as):
    user = f.make_user()
    db.session.commit()
    client = login_as(user)
    assert b"Set up two-factor sign-in" in client.get("/account/two-factor").data
    assert client.post("/account/two-factor/setup").status_code == 302
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = twofactor.secret_of(_fresh(user))
    assert secret not in _fresh(user).totp_secret  # stored sealed
    assert '<svg' in page and 'class="segno"' in page and secret in page
    wrong = client.post("/account/two-factor/confirm", data={"code": "000000" if _code(_fresh(user)) != "000000" else "111111"})
    assert wrong.status_code == 400 and b"not right" in wrong.data and not _fresh(user).has_two_factor
    assert client.post("/account/two-factor/confirm", data={"code": "12 34"}).status_code == 400
    right = client.post("/account/two-factor/confirm", data={"code": _code(_fresh(user))})
    assert right.status_code == 200 and _fresh(user).has_two_factor
    codes = re.findall(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>", right.get_data(as_text=True))
    assert len(codes) == 10
    stored = list(db.session.scalars(sa.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)))
    assert len(stored) == 10 and not set(codes) & set(stored)  # only digests are kept
    assert not re.search(r"[a-z2-9]{4}-[a-z2-9]{4}-", client.get("/account/two-factor").get_data(as_text=True))


def test_login_asks_for_the_code_and_is_not_logged_in_before_it(app):
    user, _ = _with_two_factor()
    client = app.test_client()
    response = _password(client, user, "/somewhere/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/login/code")
    assert client.get("/account/profile").status_code == 302  # not logged in yet
    done = client.post("/account/login/code", data={"code": _code(user, 1)})
    assert done.status_code == 302 and done.headers["Location"] == "/somewhere/"
    assert client.get("/account/profile").status_code == 200


def test_a_wrong_code_is_refused_and_the_codes_are_rate_limited(app):
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 3
    user, _ = _with_two_factor()
    client = app.test_client()
    _password(client, user)
    right = _code(user, 1)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _ in range(3):
        response = client.post("/account/login/code", data={"code": wrong})
        assert response.status_code == 400 and b"not right" in response.data
    blocked = client.post("/account/login/code", data={"code": right})  # even the right one waits
    assert blocked.status_code == 429 and b"Too many wrong codes" in blocked.data
    assert client.get("/account/profile").status_code == 302
    assert db.session.scalar(sa.select(SecurityEvent.route).where(SecurityEvent.kind == "rate_limited")) == "accounts.login_code"


def test_a_code_used_once_is_refused_again_within_its_window(app):
    user, _ = _with_two_factor()
    code = _code(user, 1)
    first = app.test_client()
    _password(first, user)
    assert first.post("/account/login/code", data={"code": code}).status_code == 302
    thief = app.test_client()  # saw the code and the password
    _password(thief, user)
    replay = thief.post("/account/login/code", data={"code": code})
    assert replay.status_code == 400 and thief.get("/account/profile").status_code == 302
    # The code of the setup's own step is spent too: only later steps work.
    assert not twofactor.accept_code(_fresh(user), _code(user, 0))


def test_a_recovery_code_signs_in_once(app):
    user, codes = _with_two_factor()
    client = app.test_client()
    _password(client, user)
    assert client.post("/account/login/code", data={"code": codes[3].upper()}).status_code == 302
    assert client.get("/account/profile").status_code == 200
    again = app.test_client()
    _password(again, user)
    assert again.post("/account/login/code", data={"code": codes[3]}).status_code == 400
    assert again.post("/account/login/code", data={"code": codes[4]}).status_code == 302


def test_the_code_page_without_a_password_first_is_a_clear_400(app, client):
    user, _ = _with_two_factor()
    response = client.post("/account/login/code", data={"code": _code(user, 1)})
    assert response.status_code == 400 and b"log in with your password" in response.data


def test_the_code_must_follow_the_password_within_five_minutes(app, monkeypatch):
    user, _ = _with_two_factor()
    client = app.test_client()
    _password(client, user)
    later = time.time() + 301
    monkeypatch.setattr("reviewhub.accounts.signin.time.time", lambda: later)
    assert client.post("/account/login/code", data={"code": _code(user, 1)}).status_code == 400


def test_a_reset_link_does_not_skip_the_second_step(app, client, outbox):
    user, _ = _with_two_factor()
    client.post("/account/reset", data={"email": user.email})
    link = re.search(r"https?://\S+", outbox()[0].body_text).group(0).replace("http://reviewhub.test", "")
    response = client.post(link, data={"password": "a new password!", "password_again": "a new password!"})
    assert response.headers["Location"].endswith("/account/login/code")
    assert client.get("/account/profile").status_code == 302


def test_turning_it_off_needs_the_password_and_a_code(app, login_as):
    user, _ = _with_two_factor()
    client = login_as(user)
    no_password = client.post("/account/two-factor/disable", data={"password": "wrong one", "code": _code(user, 1)})
    assert no_password.status_code == 400 and b"not your current password" in no_password.data
    no_code = client.post("/account/two-factor/disable", data={"password": f.PASSWORD, "code": "123"})
    assert no_code.status_code == 400 and _fresh(user).has_two_factor
    assert client.post("/account/two-factor/disable", data={"password": f.PASSWORD, "code": ""}).status_code == 400
    done = client.post("/account/two-factor/disable", data={"password": f.PASSWORD, "code": _code(user, 1)})
    assert done.status_code == 302
    fresh = _fresh(user)
    assert not fresh.has_two_factor and fresh.totp_secret is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0
    assert _password(app.test_client(), fresh).headers["Location"] == "/"  # one step again


def test_new_recovery_codes_replace_the_old_ones(app, login_as):
    user, old = _with_two_factor()
    client = login_as(user)
    response = client.post("/account/two-factor/recovery-codes", data={"code": _code(user, 1)})
    assert response.status_code == 200
    assert not twofactor.use_recovery_code(_fresh(user), old[0])


@pytest.fixture
def strict_event(app):
    organizer = f.make_user(email="org@example.org")
    event = f.make_event(organizer=organizer, organizers_require_two_factor=True)
    db.session.commit()
    return event, organizer


def test_an_event_sends_its_organizers_without_two_factor_to_the_setup_first(app, login_as, strict_event):
    event, organizer = strict_event
    client = login_as(organizer)
    for path in (f"/{event.slug}/manage/settings", f"/{event.slug}/decisions/", f"/{event.slug}/reviews/progress"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/account/two-factor"), path
    assert client.get(f"/{event.slug}/").status_code == 200  # the public page stays open
    twofactor.start_setup(organizer)
    twofactor.confirm_setup(organizer, _code(organizer))
    db.session.commit()
    assert login_as(organizer).get(f"/{event.slug}/manage/settings").status_code == 200


def test_without_the_setting_organizers_need_no_second_factor(app, login_as, strict_event):
    event, organizer = strict_event
    event.organizers_require_two_factor = False
    db.session.commit()
    assert login_as(organizer).get(f"/{event.slug}/manage/settings").status_code == 200


def test_the_setting_is_saved_by_the_settings_form(app, login_as, strict_event):
    event, organizer = strict_event
    event.organizers_require_two_factor = False
    db.session.commit()
    client = login_as(organizer)
    page = client.get(f"/{event.slug}/manage/settings").get_data(as_text=True)
    assert "Organizers must use two-factor sign-in" in page
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    fields.update({name: text for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', page)})
    fields = {k: v for k, v in fields.items() if k not in ("double_blind", "cfp_open", "program_public",
                                                            "reviews_visible_to_authors",
                                                            "reviewers_see_others_after_submit")}
    fields["organizers_require_two_factor"] = "y"
    response = client.post(f"/{event.slug}/manage/settings", data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    assert db.session.get(type(event), event.id).organizers_require_two_factor is True


def test_the_secret_is_stored_sealed_and_a_plain_one_from_before_still_works_then_is_sealed(app):
    user, _ = _with_two_factor()
    stored = _fresh(user).totp_secret
    assert stored.startswith(twofactor.SEALED_PREFIX) and len(twofactor.secret_of(user)) == 32
    assert twofactor.secret_of(user) not in stored
    plain = pyotp.random_base32()
    db.session.execute(sa.update(User).where(User.id == user.id).values(totp_secret=plain, totp_last_step=None))
    db.session.commit()
    user = _fresh(user)
    assert twofactor.accept_code(user, pyotp.TOTP(plain).now())
    db.session.commit()
    assert _fresh(user).totp_secret.startswith(twofactor.SEALED_PREFIX) and twofactor.secret_of(_fresh(user)) == plain


def test_a_secret_sealed_with_another_key_makes_no_code_valid(app):
    user, _ = _with_two_factor()
    code = _code(user, steps_ahead=1)
    app.config["TOTP_KEY"] = "another-key"
    try:
        assert twofactor.secret_of(_fresh(user)) is None
        assert not twofactor.accept_code(_fresh(user), code)
    finally:
        app.config["TOTP_KEY"] = "test-totp-key"
