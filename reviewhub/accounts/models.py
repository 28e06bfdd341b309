"""Accounts: one user across events, and the login attempts that rate limiting counts."""

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    affiliation: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    email_confirmed_at: Mapped[datetime | None]
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Part of the login cookie; replaced on logout and password change so copied cookies die.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=new_session_token)
    # Two-factor sign-in (TOTP): the secret is made at setup and used once confirmed
    # (enabled_at set); the last accepted 30-second step refuses a code used twice.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(255))  # sealed: twofactor.seal
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def email_domain(self) -> str:
        return self.email.rsplit("@", 1)[-1].lower()

    @property
    def display(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class LoginAttempt(db.Model):
    """A failed login, counted per account and per client address within a window."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(300), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RecoveryCode(db.Model):
    """A single-use two-factor recovery code, stored as its SHA-256 (the codes are random
    80-bit strings, so a slow hash would add nothing but a slower login)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None]
