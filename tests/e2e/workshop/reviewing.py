"""The organizer prepares the review forms; reviewers bid; the assignment is run and applied;
reviewers review, see each other's reviews only after their own, and discuss."""

from playwright.sync_api import expect

from tests.e2e.browser import Person
from tests.e2e.workshop.cast import Story

EXTRA_QUESTION = "Is the use of generative AI documented well enough?"


def organizer_prepares_review_forms(story: Story) -> None:
    organizer = story.organizer
    organizer.go(f"{story.base}/")
    organizer.nav("Review forms")
    page = organizer.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Review forms")
    organizer.click("Create the default forms for types without one")
    expect(page.locator(".flash")).to_contain_text("Every submission type has a review form.")
    page.get_by_role("link", name="Edit “Paper review”").click()
    add = organizer.form("Add question")
    add.get_by_label("Kind", exact=True).select_option("text")
    add.get_by_label("Question", exact=True).fill(EXTRA_QUESTION)
    add.get_by_label("Required to submit", exact=True).uncheck()
    add.get_by_label("Who may read the answers", exact=True).select_option("reviewers")
    organizer.click("Add question")
    expect(page.locator(".flash")).to_contain_text("The question is added.")
    expect(page.get_by_role("row").filter(has_text=EXTRA_QUESTION)).to_contain_text("Reviewers and organizers")
    organizer.shot("05-organizer-review-form")


def reviewers_bid(story: Story) -> None:
    choices = [("Eager", "Willing"), ("Willing", "Eager")]
    for reviewer, (paper_bid, creative_bid) in zip(story.reviewers, choices, strict=True):
        reviewer.go(f"{story.base}/")
        reviewer.nav("Bidding")
        page = reviewer.page
        page.get_by_role("group", name=story.titles["paper"]).get_by_label(paper_bid, exact=True).check()
        page.get_by_role("group", name=story.titles["creative"]).get_by_label(creative_bid, exact=True).check()
        page.get_by_role("button", name="Save bids").first.click()
        expect(page.locator("#bid-count")).to_contain_text("2 of 2 bids made")
    story.reviewers[0].shot("06-reviewer-bidding")


def organizer_runs_the_assignment(story: Story) -> None:
    organizer = story.organizer
    organizer.go(f"{story.base}/")
    organizer.nav("Assignment")
    page = organizer.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Automatic assignment")
    organizer.click("Compute a preview")
    organizer.click("See the result", role="link")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assignment run #")
    changes = page.get_by_role("table").filter(has_text="Change")
    for reviewer in story.reviewers:
        expect(changes.get_by_role("row").filter(has_text=reviewer.name)).to_have_count(2)
    organizer.shot("07-organizer-assignment-preview")
    organizer.click("Apply this assignment")
    expect(page.locator(".flash")).to_contain_text("Applied: 4 added, 0 removed")
    expect(page.get_by_role("heading", level=1)).to_have_text("Current assignment")
    for reviewer in story.reviewers:
        mail = reviewer.inbox("new submissions to review")
        assert mail.subject.startswith("2 new submissions"), mail.subject


def _open_review_page(story: Story, reviewer: Person, title: str) -> None:
    reviewer.go(f"{story.base}/")
    reviewer.nav("My reviews")
    reviewer.page.get_by_role("link", name=title, exact=True).click()
    expect(reviewer.page.get_by_role("heading", level=1)).to_contain_text("Reviewing #")


def _write_review(reviewer: Person, overall: str, comments: str) -> None:
    page = reviewer.page
    reviewer.click("Write my review", role="link")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review of #")
    levels = {"Overall recommendation": overall, "Reviewer confidence": "4: confident"}
    for group in page.locator("fieldset").all():
        legend = group.locator("legend").inner_text()
        wanted = next((v for k, v in levels.items() if legend.startswith(k)), "4: very good")
        group.get_by_label(wanted, exact=True).check()
    page.get_by_label("Comments to the authors", exact=True).fill(comments)
    page.get_by_label("Confidential comments to the organizers (optional)", exact=True).fill(
        f"Confidential note from {reviewer.name}.")
    reviewer.click("Submit review")
    expect(page.locator(".flash")).to_contain_text("Your review is submitted.")


REVIEWS = {
    "Ravi Reviewer": ("5: strong accept", "A clear and well-argued paper; the listening study convinces."),
    "Rosa Reviewer": ("4: weak accept", "Original; the related work on co-creativity could be wider."),
}


def reviewers_review_and_discuss(story: Story) -> None:
    first, second = story.reviewers
    paper = story.titles["paper"]
    # The first reviewer sees no other review before writing one.
    _open_review_page(story, first, paper)
    first.sees("You will see the other reviews of this submission once you have submitted your own.")
    expect(first.page.get_by_text(story.authors[0].name)).to_have_count(0)  # double-blind
    _write_review(first, *REVIEWS[first.name])
    # The second reviewer does not see the first one's review yet ...
    _open_review_page(story, second, paper)
    second.sees("You will see the other reviews of this submission once you have submitted your own.")
    expect(second.page.get_by_text(REVIEWS[first.name][1])).to_have_count(0)
    second.shot("08-reviewer-before-own-review")
    _write_review(second, *REVIEWS[second.name])
    # ... and does once theirs is in.
    _open_review_page(story, second, paper)
    second.sees(REVIEWS[first.name][1])
    expect(second.page.get_by_text(f"Confidential note from {first.name}.")).to_have_count(0)
    second.page.get_by_label("Comment (Markdown)").fill("Agreed on accepting: a **talk**, I think.")
    second.click("Post comment")
    expect(second.page.locator("#discussion")).to_contain_text("Agreed on accepting: a talk, I think.")
    second.shot("09-reviewer-discussion")
    _open_review_page(story, first, paper)
    expect(first.page.locator("#discussion")).to_contain_text("Agreed on accepting")
    # The creative work gets its two reviews as well.
    for reviewer in story.reviewers:
        _open_review_page(story, reviewer, story.titles["creative"])
        _write_review(reviewer, "3: borderline", f"A striking piece ({reviewer.name}).")
