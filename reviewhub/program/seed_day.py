"""The seed workshop's (NeurIPS 2024 Generative AI and Creativity) planned day and people, as data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from reviewhub.program.snapshot import EventInfo, SpeakerInfo

AOE = "Etc/GMT+12"  # Anywhere on Earth (UTC-12); the POSIX sign is inverted

# (start, end, kind, title) in the event's local time, exactly as on the seed page.
SEED_PLAN: tuple[tuple[str, str, str, str], ...] = (
    ("9:00", "9:15", "intro", "Intro"),
    ("9:15", "9:45", "invited_talk", "Invited Talk 1"),
    ("9:45", "10:15", "invited_talk", "Invited Talk 2"),
    ("10:15", "10:45", "conversation", "In Conversation"),
    ("10:45", "11:00", "break", "Coffee Break"),
    ("11:00", "11:15", "contributed_talk", "Contributed Talk 1"),
    ("11:15", "11:30", "contributed_talk", "Contributed Talk 2"),
    ("11:30", "11:45", "contributed_talk", "Contributed Talk 3"),
    ("11:45", "12:00", "contributed_talk", "Contributed Talk 4"),
    ("12:00", "14:00", "poster_session", "Lunch Break & Poster Session"),
    ("14:00", "14:30", "invited_talk", "Invited Talk 3"),
    ("14:30", "15:00", "invited_talk", "Invited Talk 4"),
    ("15:00", "15:30", "invited_talk", "Invited Talk 5"),
    ("15:30", "16:00", "break", "Coffee Break"),
    ("16:00", "17:00", "panel", "Panel Discussion"),
    ("17:00", "18:00", "round_table", "Round Table Discussions"),
)

SEED_DESCRIPTION = """\
Welcome to the **Generative AI and Creativity** workshop at NeurIPS 2024!
This workshop aims to bridge the gap between AI researchers and creative professionals, \
fostering mutual understanding and collaboration to address the impact of generative AI on \
creative fields.

The workshop will cover a broad range of topics, including:

- Design of interactive, human-in-the-loop generative AI systems
- Detection of plagiarism and copying in image and text generation
- Tools to protect content creators from unwanted training
- Representational biases in training data and their effects
- Detection of AI-generated content and methods of evading detection
- Benchmarking "creativity" in generative AI systems
- Theories of data governance, provenance, and leverage
- Proposals for data licensing for AI training, especially for creative applications

We also invite creative submissions that critically engage with the use of AI in creative \
endeavors."""


@dataclass(frozen=True)
class SeedSlot:
    """One planned slot: the editor turns it into a draft ScheduleSlot (position orders them)."""

    position: int
    start: datetime
    end: datetime
    kind: str
    title: str


def _at(day: date, hhmm: str, zone: tzinfo) -> datetime:
    """Wall-clock time on the event day in the event's zone (aware)."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def seed_day_slots(day: date, tz: tzinfo | str = AOE) -> list[SeedSlot]:
    """The seed page's 16 slots on `day`, times aware in `tz` (an IANA name or a tzinfo)."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return [
        SeedSlot(i, _at(day, start, zone), _at(day, end, zone), kind, title)
        for i, (start, end, kind, title) in enumerate(SEED_PLAN, start=1)
    ]


def seed_event(day: date, tz: str = AOE) -> EventInfo:
    """The seed workshop's public facts, for the demo and for tests that rebuild its page."""
    return EventInfo(
        slug="neurips2024-genai-creativity",
        name="NeurIPS 2024 Workshop on Generative AI and Creativity",
        short_name="GenAI & Creativity",
        description_md=SEED_DESCRIPTION,
        venue="NeurIPS 2024",
        timezone=tz,
        contact_email="creativity.ai.neurips@gmail.com",
        url="",
        day=day,
        tagline="A dialogue between machine learning researchers and creative professionals",
    )


def seed_keynotes() -> list[SpeakerInfo]:
    """The keynote speaker announced on the seed page (bio shortened)."""
    return [
        SpeakerInfo(
            id=1,
            name="Anna Huang",
            affiliation="Google DeepMind",
            position="Research Scientist",
            bio_md=(
                "is currently a Research Scientist at Magenta in Google DeepMind, focusing on "
                "generative models and human-AI partnerships in music creation."
            ),
            photo_url="/static/speakers/anna_huang.jpeg",
            link="https://czhuang.github.io/",
            kinds=("keynote",),
        )
    ]


def seed_organizers() -> list[SpeakerInfo]:
    """The organizers listed on the seed page."""
    return [
        SpeakerInfo(id=101, name="Yaim Cooper", kinds=("organizer",)),
        SpeakerInfo(id=102, name="Holden Lee", kinds=("organizer",)),
        SpeakerInfo(
            id=103,
            name="Hugo Berard (He/Him)",
            affiliation="Chaire UNESCO en Paysage Urbain, Université de Montréal",
            position="Postdoc",
            photo_url="/static/speakers/hugo_berard.jpg",
            link="https://unesco-studio.umontreal.ca/team/hugo_berard.html",
            kinds=("organizer",),
        ),
    ]
