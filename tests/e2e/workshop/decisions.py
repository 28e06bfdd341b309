"""The organizer ranks, decides and releases with emails; authors read the decision and the
reviews, upload the camera-ready version and confirm their presentation."""

from playwright.sync_api import expect

from tests.e2e import media
from tests.e2e.browser import Person
from tests.e2e.workshop.cast import Story

TALK, POSTER = "Accept — contributed talk", "Accept — poster"


def organizer_ranks_and_decides(story: Story) -> None:
    organizer = story.organizer
    organizer.go(f"{story.base}/")
    organizer.nav("Ranking")
    page = organizer.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Ranking")
    rows = page.get_by_role("row")
    # The paper (5 and 4) ranks above the creative work (3 and 3).
    expect(rows.nth(1)).to_contain_text(story.titles["paper"])
    expect(rows.nth(2)).to_contain_text(story.titles["creative"])
    organizer.shot("10-organizer-ranking")

    organizer.nav("Decisions")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decisions")
    # The outcomes page offers the usual three (the decide form has none before).
    page.get_by_role("link", name="Outcomes", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decision outcomes")
    for outcome in (TALK, POSTER, "Reject"):
        expect(page.get_by_role("link", name=outcome, exact=True)).to_be_visible()
    page.get_by_role("link", name="Back to decisions").click()
    for title, outcome in [(story.titles["paper"], TALK), (story.titles["creative"], POSTER)]:
        page.get_by_role("link", name=title, exact=True).click()
        page.get_by_label("Outcome", exact=True).select_option(label=outcome)
        organizer.click("Save decision")
        expect(page.locator(".flash")).to_contain_text("Decision saved; authors see it once you release.")
        page.get_by_role("link", name="All decisions").click()
    for title, outcome in [(story.titles["paper"], TALK), (story.titles["creative"], POSTER)]:
        expect(page.get_by_role("row").filter(has_text=title)).to_contain_text(outcome)
    organizer.shot("11-organizer-decisions")


def organizer_releases_decisions(story: Story) -> None:
    organizer = story.organizer
    page = organizer.page
    # Before the release the authors see nothing.
    author = story.authors[0]
    author.go(f"{story.base}/decisions/mine")
    author.sees("No decision on a submission of yours has been released yet.")

    organizer.click("Review and release…", role="link")
    expect(page.get_by_role("heading", level=1)).to_have_text("Release decisions")
    expect(page.get_by_text("2 decisions, 3 emails in all.")).to_be_visible()
    organizer.click("Release and send 3 emails")
    expect(page.locator(".flash")).to_contain_text("Released:")


def _author_reads_and_confirms(story: Story, author: Person, title: str, outcome: str, final) -> None:
    mail = author.inbox("is accepted")
    assert title in mail.text and outcome in mail.text
    author.follow(mail.link(story.server.url))
    page = author.page
    section = page.get_by_role("region", name=title)
    expect(section).to_contain_text(f"Decision: {outcome}")
    expect(section).to_contain_text("Reviews")
    expect(page.get_by_text("Confidential note from")).to_have_count(0)  # organizers only
    upload = author.form("Upload")
    purpose, name, data = final
    upload.get_by_label("What it is", exact=True).select_option(label=purpose)
    upload.get_by_label("File", exact=True).set_input_files(files=[{"name": name, "mimeType": "", "buffer": data}])
    author.click("Upload")
    expect(page.locator(".flash").first).to_be_visible()
    expect(page.get_by_role("region", name=title)).to_contain_text(name)
    confirm = author.form("Save answer")
    confirm.get_by_label("Yes, we will present it", exact=True).check()
    confirm.get_by_label("Presenter's name (required for talks)", exact=True).fill(author.name)
    author.click("Save answer")
    expect(page.get_by_role("region", name=title)).to_contain_text("Your answer: confirmed")


def authors_read_decisions_and_confirm(story: Story) -> None:
    ada, ben = story.authors
    paper_pdf = media.pdf_bytes(story.titles["paper"], ["Camera-ready version."])
    _author_reads_and_confirms(story, ada, story.titles["paper"], TALK,
                               ("Camera-ready PDF", "camera-ready.pdf", paper_pdf))
    ada.sees("A clear and well-argued paper; the listening study convinces.")
    ada.shot("12-author-decision-and-reviews")
    _author_reads_and_confirms(story, ben, story.titles["creative"], POSTER,
                               ("Final media (image, audio or video)", "final-still.png", media.png_bytes(3)))
