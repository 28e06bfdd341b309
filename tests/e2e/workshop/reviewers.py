"""The organizer invites two reviewers; they accept through the emailed links, register and
fill in their profiles."""

from playwright.sync_api import expect

from tests.e2e.browser import Person
from tests.e2e.workshop.cast import NAME, Story

PROFILES = {
    "Ravi Reviewer": ("Symbolic and neural music generation; evaluation of generated audio.",
                      "music, audio, transformers", ["Music generation"]),
    "Rosa Reviewer": ("Generative image models and computational creativity in the visual arts.",
                      "diffusion, images, art", ["Visual art", "Creative writing"]),
}


def organizer_invites_reviewers(story: Story) -> None:
    organizer = story.organizer
    organizer.go(f"{story.base}/")
    organizer.nav("Reviewers")
    expect(organizer.page.get_by_role("heading", level=1)).to_have_text(f"Reviewers of {NAME}")
    for reviewer, affiliation in zip(story.reviewers, ["University of Toronto", "ETH Zürich"], strict=True):
        form = organizer.form("Send invitation")
        form.get_by_label("Name", exact=True).fill(reviewer.name)
        form.get_by_label("Email", exact=True).fill(reviewer.email)
        form.get_by_label("Affiliation", exact=True).fill(affiliation)
        organizer.click("Send invitation")
        expect(organizer.page.locator(".flash")).to_contain_text(f"{reviewer.email} is invited.")
    invitations = organizer.page.locator("table").filter(has_text="Invited")
    for reviewer in story.reviewers:
        expect(invitations.get_by_role("row").filter(has_text=reviewer.email)).to_contain_text("Pending")
    organizer.shot("03-organizer-invites-reviewers")


def _accept_invitation(story: Story, reviewer: Person) -> None:
    mail = reviewer.inbox("Will you review")
    assert NAME in mail.subject
    reviewer.follow(mail.links[0])
    page = reviewer.page
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Invitation to review for {NAME}")
    reviewer.click("Create an account", role="link")
    page.get_by_label("Full name").fill(reviewer.name)
    page.get_by_label("Email").fill(reviewer.email)
    page.get_by_label("Password", exact=True).fill(reviewer.password)
    page.get_by_label("Password again").fill(reviewer.password)
    reviewer.click("Create account")
    # The emailed confirmation link signs in and leads back to the invitation.
    reviewer.confirm_email()
    expect(page.get_by_text("You will take part as")).to_contain_text(reviewer.name)
    reviewer.click("Accept and join the reviewers")
    expect(page.locator(".flash")).to_contain_text(f"Welcome to the reviewers of {NAME}")


def _fill_profile(story: Story, reviewer: Person) -> None:
    expertise, keywords, topics = PROFILES[reviewer.name]
    reviewer.go(f"{story.base}/")
    reviewer.nav("Reviewer profile")
    page = reviewer.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reviewer profile")
    page.get_by_label("Expertise").fill(expertise)
    page.get_by_label("Keywords").fill(keywords)
    for topic in topics:
        page.get_by_label(topic, exact=True).check()
    reviewer.click("Save profile")
    expect(page.locator(".flash")).to_contain_text("Your reviewer profile is saved.")
    expect(page.get_by_label("Expertise")).to_have_value(expertise)
    for topic in topics:
        expect(page.get_by_label(topic, exact=True)).to_be_checked()


def reviewers_join(story: Story) -> None:
    for reviewer in story.reviewers:
        _accept_invitation(story, reviewer)
        _fill_profile(story, reviewer)
    story.reviewers[0].shot("04-reviewer-profile")
    organizer = story.organizer
    organizer.go(f"{story.base}/")
    organizer.nav("Reviewers")
    for reviewer in story.reviewers:
        expect(organizer.page.get_by_role("row").filter(has_text=reviewer.email).first).to_contain_text(
            reviewer.name)
    expect(organizer.page.get_by_role("heading", name="Reviewers (2)")).to_be_visible()
