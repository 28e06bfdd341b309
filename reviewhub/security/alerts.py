"""The alert mail: too many refusals by one account or address, to the site's admins and the
organizers of the event it happened in, at most once per clock hour per account or address."""

import sqlalchemy as sa
from flask import url_for

from reviewhub.accounts.models import User
from reviewhub.extensions import db
from reviewhub.mail import services as mail
from reviewhub.security.models import SecurityEvent


def _recipients(row: SecurityEvent) -> list[mail.Recipient]:
    from reviewhub.events.models import Event, Membership

    admins = sa.select(User.email, User.name).where(User.is_admin.is_(True))
    slug = (row.object.split("slug=", 1)[1].split(" ", 1)[0]) if "slug=" in row.object else None
    query = admins
    if slug:
        organizers = (sa.select(User.email, User.name).join(Membership, Membership.user_id == User.id)
                      .join(Event, Event.id == Membership.event_id)
                      .where(Event.slug == slug, Membership.role == "organizer"))
        query = sa.union(admins, organizers)
    return [mail.Recipient(email, name) for email, name in db.session.execute(query)]


def send_alert(row: SecurityEvent, *, scope: tuple[str, str], threshold: int, minutes: int) -> bool:
    """Queue the alert for this hour unless it was queued already. Flushes; True if written."""
    recipients = _recipients(row)
    if not recipients:
        return False
    who = scope[1]
    if scope[0] == "account":
        user = db.session.get(User, row.user_id)
        who = f"the account {user.name} <{user.email}>" if user else f"the account #{row.user_id}"
    else:
        who = f"the address {row.address}"
    hour = row.at.strftime("%Y-%m-%dT%H")
    link = url_for("security.list", **{scope[0]: scope[1]}, _external=True)
    written = mail.enqueue(
        "security/alert", to=recipients,
        context={"who": who, "threshold": threshold, "minutes": minutes, "route": row.route,
                 "path": row.path, "link": link},
        dedupe_key=f"security-alert:{scope[0]}:{scope[1]}:{hour}",
    )
    return bool(written)
