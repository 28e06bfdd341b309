"""The people of the story and what the story remembers between steps."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from tests.e2e.browser import Browsing, Person

SLUG = "genai-creativity"
NAME = "Generative AI and Creativity"
ZONE = "UTC"  # the test types every date in UTC: no arithmetic on Anywhere-on-Earth


def local(moment: datetime) -> str:
    """A datetime-local input's value."""
    return moment.strftime("%Y-%m-%dT%H:%M")


@dataclass
class Story:
    browsing: Browsing
    server: object
    organizer: Person
    reviewers: list[Person]
    authors: list[Person]
    visitor: Person
    now: datetime = field(default_factory=lambda: datetime.now(UTC).replace(second=0, microsecond=0))
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"/{SLUG}"


def cast(browsing: Browsing, server) -> Story:
    server.cli("create-user", "olivia@organizers.example", "--name", "Olivia Organizer",
               "--affiliation", "Université de Montréal", "--password", "organizer-password", "--admin")
    person = browsing.person
    return Story(
        browsing=browsing, server=server,
        organizer=person("Olivia Organizer", "olivia@organizers.example", "organizer-password"),
        reviewers=[person("Ravi Reviewer", "ravi@reviewers.example"),
                   person("Rosa Reviewer", "rosa@reviewers.example")],
        authors=[person("Ada Author", "ada@authors.example"),
                 person("Ben Author", "ben@authors.example")],
        visitor=person("Vera Visitor", "vera@visitors.example"),
    )
