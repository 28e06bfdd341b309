"""Two-factor sign-in: TOTP (RFC 6238, pyotp) with single-use recovery codes.

The secret is made at setup and counts only once confirmed with a code. A code is accepted
for the 30-second step before, at and after now, and only for a step later than the last one
accepted (an atomic UPDATE), so a code seen once cannot be replayed, even in its own window.
Recovery codes are random 80-bit strings shown once and stored as SHA-256 digests.
The TOTP secret is stored sealed (Fernet, from `cryptography`) with TOTP_KEY, so a copy of the
database alone cannot make codes; a secret stored plain by an older version still works and is
sealed the next time a code is accepted.
"""

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

import pyotp
import segno
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

from reviewhub import audit
from reviewhub.accounts.models import LoginAttempt, RecoveryCode, User
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.models_base import utcnow

ISSUER = "reviewhub"
RECOVERY_CODE_COUNT = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed from paper


SEALED_PREFIX = "f1:"


class TwoFactorRateLimited(DomainError):
    status_code = 429


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"reviewhub totp secret\0" + current_app.config["TOTP_KEY"].encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(secret: str) -> str:
    return SEALED_PREFIX + _fernet().encrypt(secret.encode()).decode()


def secret_of(user: User) -> str | None:
    """The user's TOTP secret in clear, or None (no secret, or one sealed with another key)."""
    stored = user.totp_secret
    if not stored or not stored.startswith(SEALED_PREFIX):
        return stored
    try:
        return _fernet().decrypt(stored[len(SEALED_PREFIX):].encode()).decode()
    except InvalidToken:
        return None


def start_setup(user: User) -> None:
    """A new secret, unused until confirm_setup. Refused while two-factor is on. Flushes."""
    if user.has_two_factor:
        raise DomainError("Two-factor sign-in is on already; turn it off first to set it up again.")
    user.totp_secret = seal(pyotp.random_base32())
    user.totp_last_step = None
    db.session.flush()


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(secret_of(user)).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(user: User) -> str:
    """The authenticator app's QR code as inline SVG (segno: pure Python, SVG native)."""
    return segno.make(provisioning_uri(user), error="m").svg_inline(scale=4, dark="#000", light="#fff")


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _step_of(user: User, code: str) -> int | None:
    """The 30-second step (now-1, now, now+1) whose code this is."""
    code = _normalise(code)
    secret = secret_of(user)
    if not secret or len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(utcnow())
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def accept_code(user: User, code: str) -> bool:
    """Whether `code` is the user's current code and not used before; marks its step used."""
    step = _step_of(user, code)
    if step is None:
        return False
    claimed = db.session.execute(
        sa.update(User).where(User.id == user.id, sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False)
    ).rowcount
    if claimed:
        user.totp_last_step = step
        if not user.totp_secret.startswith(SEALED_PREFIX):
            user.totp_secret = seal(user.totp_secret)  # stored plain by an older version
    return bool(claimed)


def _digest(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; returns the new ones (to show once). Flushes."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))
             for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_digest(code)) for code in codes)
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused recovery code (atomically: it works once, even for two requests)."""
    if len(_normalise(code)) != 16:
        return False
    spent = db.session.execute(
        sa.update(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _digest(code),
                                      RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    if spent:
        audit.record("account.recovery_code_used", actor=user, obj=user)
    return bool(spent)


def confirm_setup(user: User, code: str) -> list[str]:
    """Turn two-factor on with a first code from the app; returns the recovery codes. Flushes."""
    if user.has_two_factor or not user.totp_secret:
        raise DomainError("Start the setup first.")
    if not accept_code(user, code):
        raise DomainError("This code is not right. Enter the 6 digits your app shows now.")
    user.totp_enabled_at = utcnow()
    audit.record("account.two_factor_enabled", actor=user, obj=user)
    return new_recovery_codes(user)


def disable(user: User, *, password_ok: bool, code: str) -> None:
    """Turn two-factor off: needs the password and a code (or a recovery code). Flushes."""
    if not password_ok:
        raise DomainError("This is not your current password.")
    if not (accept_code(user, code) or use_recovery_code(user, code)):
        raise DomainError("This code is not right.")
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record("account.two_factor_disabled", actor=user, obj=user)
    db.session.flush()


def _recent_failures(key: str) -> int:
    since = utcnow() - timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    return db.session.scalar(sa.select(sa.func.count()).where(LoginAttempt.key == key, LoginAttempt.at >= since))


def check_second_step(user: User, code: str, *, address: str) -> None:
    """The login's second step: a TOTP code or a recovery code. Wrong codes count per account
    and per address like wrong passwords (the same limits and window). Raises DomainError
    (TwoFactorRateLimited past a limit); the caller commits either way."""
    config = current_app.config
    keys = {f"two-factor:{user.id}": config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
            f"address:{address}": config["LOGIN_MAX_FAILURES_PER_ADDRESS"]}
    if any(_recent_failures(key) >= limit for key, limit in keys.items()):
        minutes = config["LOGIN_WINDOW_SECONDS"] // 60
        raise TwoFactorRateLimited(f"Too many wrong codes. Try again in {minutes} minutes.")
    if accept_code(user, code) or use_recovery_code(user, code):
        return
    db.session.add_all(LoginAttempt(key=key) for key in keys)
    raise DomainError("This code is not right (or was used already). Enter the code your app shows now, "
                      "or one of your recovery codes.")
