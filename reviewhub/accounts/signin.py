"""What a browser session goes through when someone signs in or out: a fresh CSRF secret,
and (with two-factor sign-in) a pending step between the password and the session."""

import time

from flask import current_app, g, session
from flask_login import user_logged_in, user_logged_out


def renew_csrf_secret(*_args, **_kwargs) -> None:
    """Forget the session's CSRF secret (Flask-WTF makes a new one for the next form): a token
    planted before a login (login CSRF, a fixed session) or read before a logout works no more."""
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session.pop(name, None)
    g.pop(name, None)  # the signed token Flask-WTF caches for the rest of this request


def connect_signals() -> None:
    """Every login_user/logout_user renews the secret, whichever view calls it."""
    user_logged_in.connect(renew_csrf_secret)
    user_logged_out.connect(renew_csrf_secret)


# --- two-factor: the step between the password and the session ----------------------------

PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 300  # the code must follow the password within five minutes


def sign_in(user, next_path: str) -> str:
    """Log `user` in and return where to go; with two-factor on, only note that the password
    (or a mailed link) was right and return the code page: the session stays logged out."""
    from flask import url_for
    from flask_login import login_user

    if not user.has_two_factor:
        login_user(user)
        return next_path
    renew_csrf_secret()  # the code form gets a token of its own
    session[PENDING_KEY] = {"id": user.id, "token": user.session_token, "next": next_path, "at": time.time()}
    return url_for("accounts.login_code")


def pending_user():
    """The user whose password was right a moment ago in this browser, or None."""
    from reviewhub.accounts.models import User
    from reviewhub.extensions import db

    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    user = db.session.get(User, int(pending.get("id", 0)))
    if user is None or user.session_token != pending.get("token") or not user.has_two_factor:
        return None
    return user


def finish_pending(user) -> str:
    """The code was right: log in; returns where the login was going."""
    from flask_login import login_user

    pending = session.pop(PENDING_KEY, {})
    login_user(user)
    return pending.get("next") or "/"
