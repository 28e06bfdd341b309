"""Account rules: registration, confirmation, login with rate limits, sessions, resets."""

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from reviewhub import audit
from reviewhub.accounts.models import LoginAttempt, User, new_session_token
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.mail import services as mail
from reviewhub.models_base import utcnow


class RateLimited(DomainError):
    status_code = 429


class BadToken(DomainError):
    status_code = 400


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["PASSWORD_TIME_COST"],
        memory_cost=config["PASSWORD_MEMORY_COST_KIB"],
        parallelism=config["PASSWORD_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    """argon2id with the configured cost."""
    return _hasher().hash(password)


_DUMMY_HASHES: dict[tuple, str] = {}


def _dummy_hash() -> str:
    """A hash of a random password with the configured cost, made once per cost: checking an
    unknown address (or an account without a password) against it costs what a wrong
    password costs, so the time of a failed login tells nothing about which addresses exist."""
    config = current_app.config
    cost = (config["PASSWORD_TIME_COST"], config["PASSWORD_MEMORY_COST_KIB"], config["PASSWORD_PARALLELISM"])
    if cost not in _DUMMY_HASHES:
        _DUMMY_HASHES[cost] = _hasher().hash(secrets.token_urlsafe(24))
    return _DUMMY_HASHES[cost]


def check_password(user: User | None, password: str) -> bool:
    """Whether `password` is the user's; for no user (or no password) a dummy hash is checked
    all the same, so every failure takes the same time."""
    stored = user.password_hash if user is not None else None
    try:
        return _hasher().verify(stored or _dummy_hash(), password) and bool(stored)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login's loader: the id and the current session token must both match."""
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token:
        return None
    return user


def create_user(*, email: str, name: str, affiliation: str = "", password: str | None,
                confirmed: bool = False, is_admin: bool = False) -> User:
    """A new account; refuses an email address already taken. Flushes."""
    email = normalise_email(email)
    if get_user_by_email(email) is not None:
        raise DomainError("An account with this email address exists already.")
    user = User(
        email=email,
        name=(name or "").strip(),
        affiliation=(affiliation or "").strip(),
        password_hash=hash_password(password) if password else None,
        email_confirmed_at=utcnow() if confirmed else None,
        is_admin=is_admin,
    )
    db.session.add(user)
    db.session.flush()
    return user


def register(*, email: str, name: str, affiliation: str, password: str, next_path: str = "") -> User | None:
    """A new address: the account, and the confirmation mail (its link signs in once, then
    goes to `next_path`). A taken address: no change, and a mail to that address saying it
    has an account, with a reset link; the password is hashed all the same, so neither the
    answer nor its time tells the requester which happened (the view answers alike).
    Flushes; returns the new user, or None for a taken address."""
    existing = get_user_by_email(email)
    if existing is not None:
        hash_password(password)  # the work a new account costs
        notify_existing_account(existing)
        return None
    user = create_user(email=email, name=name, affiliation=affiliation, password=password)
    audit.record("account.registered", actor=user, obj=user)
    send_confirmation(user, next_path=next_path)
    return user


# At most one "you already have an account" mail per address in this many seconds: someone
# registering a stranger's address over and over must not flood their inbox.
EXISTING_ACCOUNT_MAIL_INTERVAL = 600


def notify_existing_account(user: User) -> None:
    """Tell the owner of an address someone tried to register that they have an account."""
    link = url_for("accounts.reset", token=reset_token(user), _external=True)
    window = int(time.time() // EXISTING_ACCOUNT_MAIL_INTERVAL)
    mail.enqueue(
        "accounts/already_registered",
        to=[mail.Recipient(user.email, user.name)],
        context={"name": user.name, "link": link, "minutes": current_app.config["RESET_TOKEN_MAX_AGE"] // 60},
        dedupe_key=f"already-registered:{user.id}:{window}",
    )


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def confirmation_token(user: User, next_path: str = "") -> str:
    return _serializer("confirm-email").dumps({"id": user.id, "email": user.email, "next": next_path or ""})


def send_confirmation(user: User, *, next_path: str = "") -> None:
    link = url_for("accounts.confirm", token=confirmation_token(user, next_path), _external=True)
    mail.enqueue(
        "accounts/confirm",
        to=[mail.Recipient(user.email, user.name)],
        context={"name": user.name, "link": link},
        dedupe_key=f"confirm:{user.id}:{utcnow().isoformat()}",
    )


@dataclass(frozen=True)
class Confirmation:
    user: User
    first: bool  # this link confirmed the address now (it signs in only then)
    next_path: str


def confirm_email(token: str) -> Confirmation:
    """Mark the address confirmed. Raises BadToken for a bad or expired link."""
    try:
        data = _serializer("confirm-email").loads(
            token, max_age=current_app.config["CONFIRM_TOKEN_MAX_AGE"]
        )
    except SignatureExpired as error:
        raise BadToken("This confirmation link has expired; log in to get a new one.") from error
    except BadSignature as error:
        raise BadToken("This confirmation link is not valid.") from error
    user = db.session.get(User, data.get("id"))
    if user is None or user.email != data.get("email"):
        raise BadToken("This confirmation link is not valid.")
    first = user.email_confirmed_at is None
    if first:
        user.email_confirmed_at = utcnow()
        audit.record("account.confirmed", actor=user, obj=user)
    return Confirmation(user, first, str(data.get("next") or ""))


# --- login --------------------------------------------------------------------------------


def _recent_failures(key: str) -> int:
    since = utcnow() - timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    return db.session.scalar(
        sa.select(sa.func.count()).where(LoginAttempt.key == key, LoginAttempt.at >= since)
    )


def authenticate(*, email: str, password: str, address: str) -> User:
    """The user for these credentials, or DomainError. Failures count per account and per
    client address; past either limit every attempt is refused until the window passes.
    An unknown address, a wrong password and an unconfirmed address fail alike, in the same
    time (a dummy hash is checked), so a login tells nobody which addresses have accounts."""
    email = normalise_email(email)
    keys = {f"account:{email}": "LOGIN_MAX_FAILURES_PER_ACCOUNT",
            f"address:{address}": "LOGIN_MAX_FAILURES_PER_ADDRESS"}
    for key, limit in keys.items():
        if _recent_failures(key) >= current_app.config[limit]:
            minutes = current_app.config["LOGIN_WINDOW_SECONDS"] // 60
            raise RateLimited(f"Too many failed logins. Try again in {minutes} minutes.")
    user = get_user_by_email(email)
    if not check_password(user, password) or user.email_confirmed_at is None:
        db.session.add_all(LoginAttempt(key=key) for key in keys)
        raise DomainError(LOGIN_FAILED)
    return user


LOGIN_FAILED = ("The email address or password is not right (or the address is not confirmed "
                "yet: open the link we mailed you).")


def update_profile(user: User, *, name: str, affiliation: str) -> None:
    user.name, user.affiliation = name.strip(), affiliation.strip()
    audit.record("account.profile_updated", actor=user, obj=user)


def end_all_sessions(user: User) -> None:
    """Every cookie issued so far stops working (logout, password change)."""
    user.session_token = new_session_token()


def change_password(user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    audit.record("account.password_changed", actor=user, obj=user)


# --- password reset -----------------------------------------------------------------------


def reset_token(user: User) -> str:
    # The hash's tail makes the link single-use: it dies once the password changes.
    return _serializer("reset-password").dumps({"id": user.id, "h": (user.password_hash or "")[-16:]})


def request_password_reset(email: str) -> None:
    """Queue a reset link when the account exists; say nothing either way."""
    user = get_user_by_email(email)
    if user is None:
        return
    link = url_for("accounts.reset", token=reset_token(user), _external=True)
    minutes = current_app.config["RESET_TOKEN_MAX_AGE"] // 60
    mail.enqueue(
        "accounts/reset",
        to=[mail.Recipient(user.email, user.name)],
        context={"name": user.name, "link": link, "minutes": minutes},
        dedupe_key=f"reset:{user.id}:{utcnow().isoformat()}",
    )


def user_for_reset_token(token: str) -> User:
    try:
        data = _serializer("reset-password").loads(
            token, max_age=current_app.config["RESET_TOKEN_MAX_AGE"]
        )
    except SignatureExpired as error:
        raise BadToken("This reset link has expired. Ask for a new one.") from error
    except BadSignature as error:
        raise BadToken("This reset link is not valid.") from error
    user = db.session.get(User, data.get("id"))
    if user is None or (user.password_hash or "")[-16:] != data.get("h"):
        raise BadToken("This reset link has been used already or is not valid.")
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    change_password(user, new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()  # the link proved the address
    return user
