"""The organizer creates the event; a visitor finds it."""

from datetime import timedelta

from playwright.sync_api import expect

from tests.e2e.workshop.cast import NAME, SLUG, ZONE, Story, local


def organizer_creates_the_event(story: Story) -> None:
    organizer, now = story.organizer, story.now
    organizer.login()
    organizer.go("/")
    organizer.click("Create an event", role="link")
    page = organizer.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an event")
    fill = {
        "Name": NAME, "Short name": "GenAI Creativity", "Short address": SLUG,
        "Tagline": "NeurIPS 2024 Workshop", "Venue": "Vancouver Convention Center, East Ballroom C",
        "Contact email": "genai-creativity@organizers.example",
        "Description (Markdown)": "Generative AI and creative practice: *artists and researchers* in one room.",
        "Call for submissions (Markdown)": "We invite **papers** and **creative works**.",
        "Topics, one per line": "Music generation\nVisual art\nCreative writing",
        "Time zone": ZONE,
        "Submissions open": local(now - timedelta(days=1)),
        "Submission deadline": local(now + timedelta(days=14)),
        "Review deadline": local(now + timedelta(days=35)),
        "Notification": local(now + timedelta(days=42)),
        "Camera-ready deadline": local(now + timedelta(days=50)),
        "Event day": (now + timedelta(days=60)).strftime("%Y-%m-%d"),
        "Reviews per submission": "2",
    }
    for label, value in fill.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Call for submissions open", exact=True).check()
    page.get_by_label("Double-blind review", exact=True).check()
    organizer.click("Create event")
    expect(page.locator(".flash")).to_contain_text("The event is created.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Settings of {NAME}")
    organizer.shot("01-organizer-event-settings")


def visitor_finds_the_event(story: Story) -> None:
    visitor = story.visitor
    visitor.go("/")
    visitor.click(NAME, role="link")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(NAME)
    visitor.sees("artists and researchers")
    expect(visitor.page.get_by_role("heading", name="Topics")).to_be_visible()
    visitor.sees("Music generation")
    visitor.sees("The schedule will be published here once it is confirmed.")
    # The program is not public yet: the navigation offers no schedule that would be a 404.
    expect(visitor.page.get_by_role("navigation").get_by_role("link", name="Schedule")).to_have_count(0)
    visitor.shot("02-public-event-page")
