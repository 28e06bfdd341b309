"""Reading the security log: filtered, newest first, a page at a time."""

import re
from dataclasses import dataclass

import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.extensions import db
from reviewhub.security.models import KINDS, SecurityEvent

PER_PAGE = 100


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    account: str = ""  # an account's id, or part of its email address
    address: str = ""
    route: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "Filters":
        def text(name: str, limit: int) -> str:  # control characters (PostgreSQL refuses NUL) go
            return re.sub(r"[\x00-\x1f\x7f]", "", args.get(name, "")).strip()[:limit]

        page = args.get("page", "1")
        return cls(
            kind=args.get("kind", "") if args.get("kind", "") in KINDS else "",
            account=text("account", 254), address=text("address", 64), route=text("route", 120),
            page=int(page) if page.isdigit() and 0 < int(page) < 10**6 else 1,
        )

    def query_args(self, **changes) -> dict:
        values = {"kind": self.kind, "account": self.account, "address": self.address,
                  "route": self.route, "page": self.page, **changes}
        return {key: value for key, value in values.items() if value not in ("", 1)}


def _where(filters: Filters) -> list:
    conditions = []
    if filters.kind:
        conditions.append(SecurityEvent.kind == filters.kind)
    if filters.account.isdigit():
        conditions.append(SecurityEvent.user_id == int(filters.account))
    elif filters.account:
        emails = sa.select(User.id).where(User.email.contains(filters.account.lower(), autoescape=True))
        conditions.append(SecurityEvent.user_id.in_(emails))
    if filters.address:
        conditions.append(SecurityEvent.address == filters.address)
    if filters.route:
        conditions.append(SecurityEvent.route.startswith(filters.route, autoescape=True))
    return conditions


def list_events(filters: Filters) -> tuple[list[tuple[SecurityEvent, str | None]], int]:
    """(rows of (event, the account's email), the number of matching rows): two queries."""
    conditions = _where(filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(SecurityEvent).where(*conditions))
    rows = db.session.execute(
        sa.select(SecurityEvent, User.email).outerjoin(User, User.id == SecurityEvent.user_id)
        .where(*conditions).order_by(SecurityEvent.id.desc())
        .limit(PER_PAGE).offset((filters.page - 1) * PER_PAGE)
    ).all()
    return [(event, email) for event, email in rows], total
