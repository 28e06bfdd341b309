"""What a browser session goes through when someone signs in or out: a fresh CSRF secret,
and (with two-factor sign-in) a pending step between the password and the session."""

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
