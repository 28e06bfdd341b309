"""The demo: the seed workshop with demo accounts (and, per phase, sample data)."""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from reviewhub.accounts import services as accounts
from reviewhub.demo import seed_event as seed
from reviewhub.events import services as events
from reviewhub.events.models import Event, Role
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.timeutil import from_local

DEMO_PASSWORD = "demo-password-2024"
DEMO_ACCOUNTS = [
    ("organizer@demo.example.org", "Olivia Organizer", "Université de Montréal", "organizer"),
    ("reviewer1@demo.example.org", "Ravi Reviewer", "University of Toronto", "reviewer"),
    ("reviewer2@demo.example.org", "Rosa Reviewer", "ETH Zürich", "reviewer"),
    ("reviewer3@demo.example.org", "Remi Reviewer", "Sorbonne Université", "reviewer"),
    ("author1@demo.example.org", "Ada Author", "Royal College of Art", None),
    ("author2@demo.example.org", "Ben Author", "Stanford University", None),
]


def _demo_dates(today: date, phase: str = "cfp") -> dict:
    """The phase's dates around today (phases.PHASE_DAYS): deadlines at 23:59 Anywhere on
    Earth, the opening at midnight, the event day a date."""
    from reviewhub.demo.phases import phase_days

    def at(days: int, hour: int = 23, minute: int = 59) -> datetime:
        return from_local(datetime.combine(today + timedelta(days=days), time(hour, minute)), "Etc/GMT+12")

    days = phase_days(phase)
    dates = {name: at(offset) for name, offset in days.items() if name != "event_date"}
    dates["submission_open_at"] = at(days["submission_open_at"], 0, 0)
    dates["event_date"] = today + timedelta(days=days["event_date"])
    return dates


def set_phase_dates(event: Event, phase: str, today: date) -> None:
    """The event's dates as the phase tells them (every run: the story is the phase asked for)."""
    for name, value in _demo_dates(today, phase).items():
        setattr(event, name, value)


def ensure_user(email: str, name: str, affiliation: str, *, password: str = DEMO_PASSWORD):
    user = accounts.get_user_by_email(email)
    if user is None:
        user = accounts.create_user(
            email=email, name=name, affiliation=affiliation, password=password, confirmed=True
        )
    return user


def ensure_event() -> tuple[Event, bool]:
    """The seed workshop; created once, found afterwards. Returns (event, created)."""
    event = db.session.scalar(sa.select(Event).where(Event.slug == seed.SLUG))
    if event is not None:
        return event, False
    event = events.create_event(
        by=None,
        topics=seed.TOPICS,
        slug=seed.SLUG, name=seed.NAME, short_name=seed.SHORT_NAME, tagline=seed.TAGLINE,
        description_md=seed.DESCRIPTION, call_md=seed.CALL, venue=seed.VENUE,
        timezone=seed.TIMEZONE, contact_email=seed.CONTACT, double_blind=True,
        **_demo_dates(utcnow().date()),
    )
    _add_people(event)
    return event, True


def _add_people(event: Event) -> None:
    from reviewhub.demo.avatars import avatar_png
    from reviewhub.program.models import Speaker
    from reviewhub.storage import save_bytes

    groups = [("keynote", seed.KEYNOTES), ("panelist", seed.PANELISTS), ("organizer", seed.ORGANIZERS)]
    for kind, people in groups:
        for position, person in enumerate(people):
            photo_key = None
            if person.get("photo"):
                photo_key = save_bytes(avatar_png(person["name"]), suffix=".png").key
            db.session.add(Speaker(
                event_id=event.id, kind=kind, position=position, name=person["name"],
                position_title=person.get("position_title", ""),
                affiliation=person.get("affiliation", ""), link=person.get("link", ""),
                bio_md=person.get("bio_md", ""), photo_key=photo_key,
            ))


def load_demo(phase: str = "program") -> dict:
    """Create (once) the seed workshop and the demo accounts; returns what to print."""
    event, created = ensure_event()
    logins = []
    for email, name, affiliation, role in DEMO_ACCOUNTS:
        user = ensure_user(email, name, affiliation)
        if role is not None:
            events.add_member(event, user, Role(role), by=None)
        logins.append((role or "author", email))
    db.session.flush()
    from reviewhub.demo import phases

    set_phase_dates(event, phase, utcnow().date())
    event.cfp_open = True  # while the sample works are made, each at a moment before the deadline
    db.session.flush()
    phases.populate(event, phase)
    event.cfp_open = phases.call_open(phase)
    db.session.flush()
    return {"event": event, "created": created, "logins": logins, "password": DEMO_PASSWORD}
