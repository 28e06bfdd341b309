"""The whole life of the workshop in a real browser, as its four kinds of user, only through
what a person clicks and types and the links in the mail they receive."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SLUG = "genai-creativity"
NAME = "Generative AI and Creativity"
ZONE = "UTC"  # the test types every date in UTC, so no arithmetic on Anywhere-on-Earth


def local(moment: datetime) -> str:
    """A datetime-local input's value."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_workshop_life(browsing, server):
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    server.cli("create-user", "olivia@organizers.example", "--name", "Olivia Organizer",
               "--affiliation", "Université de Montréal", "--password", "organizer-password", "--admin")
    organizer = browsing.person("Olivia Organizer", "olivia@organizers.example", "organizer-password")
    visitor = browsing.person("Visitor", "visitor@nowhere.example")

    # The organizer creates the event through the form.
    organizer.login()
    organizer.go("/")
    organizer.click("Create an event", role="link")
    page = organizer.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an event")
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("Short name", exact=True).fill("GenAI Creativity")
    page.get_by_label("Short address", exact=True).fill(SLUG)
    page.get_by_label("Tagline", exact=True).fill("NeurIPS 2024 Workshop")
    page.get_by_label("Venue", exact=True).fill("Vancouver Convention Center, East Ballroom C")
    page.get_by_label("Contact email", exact=True).fill("genai-creativity@organizers.example")
    page.get_by_label("Description (Markdown)", exact=True).fill(
        "Generative AI and creative practice: *artists and researchers* in one room.")
    page.get_by_label("Call for submissions (Markdown)", exact=True).fill(
        "We invite **papers** and **creative works**.")
    page.get_by_label("Topics, one per line", exact=True).fill("Music generation\nVisual art\nCreative writing")
    page.get_by_label("Time zone", exact=True).fill(ZONE)
    page.get_by_label("Submissions open", exact=True).fill(local(now - timedelta(days=1)))
    page.get_by_label("Submission deadline", exact=True).fill(local(now + timedelta(days=14)))
    page.get_by_label("Review deadline", exact=True).fill(local(now + timedelta(days=35)))
    page.get_by_label("Notification", exact=True).fill(local(now + timedelta(days=42)))
    page.get_by_label("Camera-ready deadline", exact=True).fill(local(now + timedelta(days=50)))
    page.get_by_label("Event day", exact=True).fill((now + timedelta(days=60)).strftime("%Y-%m-%d"))
    page.get_by_label("Reviews per submission", exact=True).fill("2")
    page.get_by_label("Call for submissions open", exact=True).check()
    organizer.click("Create event")
    expect(page.locator(".flash")).to_contain_text("The event is created.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Settings of {NAME}")
    organizer.shot("01-organizer-event-settings")

    # A visitor finds it on the front page and reads it.
    visitor.go("/")
    visitor.click(NAME, role="link")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(NAME)
    visitor.sees("artists and researchers")
    expect(visitor.page.get_by_role("heading", name="Topics")).to_be_visible()
    visitor.sees("Music generation")
    visitor.sees("The schedule will be published here once it is confirmed.")
    visitor.shot("02-public-event-page")

    browsing.check_clean()
