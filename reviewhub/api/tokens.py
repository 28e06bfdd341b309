"""Token rules: create (the secret is returned once), authenticate, rate limit, revoke."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from reviewhub import audit
from reviewhub.accounts.models import LoginAttempt
from reviewhub.api.models import ApiToken
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.models_base import utcnow

TOKEN_START = "rh_"


def hash_secret(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class NewToken:
    token: ApiToken
    secret: str  # shown to the owner once, never stored


def create_token(user, *, name: str, expires_on, event=None, can_write=False) -> NewToken:
    if expires_on <= utcnow().date():
        raise DomainError("The expiry date must be in the future.")
    if expires_on > utcnow().date() + timedelta(days=366):
        raise DomainError("A token lives at most one year.")
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user_id=user.id, event_id=event.id if event else None, name=name.strip(), prefix=prefix,
                     secret_hash=hash_secret(secret), can_write=bool(can_write), expires_on=expires_on)
    db.session.add(token)
    db.session.flush()
    audit.record("api_token.created", actor=user, obj=token, event=event)
    return NewToken(token, secret)


def revoke_token(user, token: ApiToken) -> None:
    if token.user_id != user.id:
        raise DomainError("Not your token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("api_token.revoked", actor=user, obj=token, event=token.event)


def user_tokens(user) -> list[ApiToken]:
    return list(db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())))


def is_active(token: ApiToken, now=None) -> bool:
    now = now or utcnow()
    return token.revoked_at is None and token.expires_on >= now.date()


def authenticate(header: str | None) -> ApiToken | None:
    """The live token of an `Authorization: Bearer ...` header, or None (missing, unknown,
    revoked or expired alike). Marks it used."""
    if not header or not header.startswith("Bearer "):
        return None
    secret = header[len("Bearer "):].strip()
    if not secret.startswith(TOKEN_START):
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.secret_hash == hash_secret(secret)))
    if token is None or not is_active(token):
        return None
    token.last_used_at = utcnow()
    return token


def over_rate_limit(token: ApiToken) -> bool:
    """Counts requests per token in the table login rate limits use; True past the limit."""
    window = current_app.config.get("API_RATE_WINDOW", 60)
    limit = current_app.config.get("API_RATE_LIMIT", 300)
    key = f"api-token:{token.id}"
    since = utcnow() - timedelta(seconds=window)
    used = db.session.scalar(sa.select(sa.func.count()).where(LoginAttempt.key == key, LoginAttempt.at >= since))
    if used >= limit:
        return True
    db.session.add(LoginAttempt(key=key))
    return False
