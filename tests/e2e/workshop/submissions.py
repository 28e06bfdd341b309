"""Authors register, confirm by email and submit; one edits, one withdraws; the deadline passes.

TEMPORARY: until the submissions pages land on main, the works are created directly."""

from datetime import timedelta

from playwright.sync_api import expect

from tests.e2e.workshop.cast import Story, local

PAPER = "Diffusion Models as Co-Composers"
CREATIVE = "Latent Lullabies: an Audiovisual Piece"


def authors_submit(story: Story) -> None:
    for author in story.authors:
        author.register(affiliation="Royal College of Art")
        author.confirm_email()
    from reviewhub.events.models import Event
    from reviewhub.extensions import db
    from tests import factories as f

    with story.server.app().app_context():
        import sqlalchemy as sa

        from reviewhub.accounts.models import User

        event = db.session.scalar(sa.select(Event).where(Event.slug == story.base.strip("/")))
        ada = db.session.scalar(sa.select(User).where(User.email == story.authors[0].email))
        ben = db.session.scalar(sa.select(User).where(User.email == story.authors[1].email))
        f.get_type(event, "paper")
        f.get_type(event, "creative").allowed_kinds = ["image", "audio", "pdf"]
        f.make_submission(event, author=ada, title=PAPER, abstract_md="Music and diffusion models.")
        f.make_submission(event, author=ben, type_key="creative", title=CREATIVE,
                          abstract_md="Visual art and images generated with diffusion.")
        db.session.commit()
    story.titles.update(paper=PAPER, creative=CREATIVE)


def deadline_passes(story: Story) -> None:
    """The organizer moves the deadline into the past (the clock stays where it is)."""
    organizer = story.organizer
    organizer.go(f"{story.base}/")
    organizer.nav("Settings")
    page = organizer.page
    page.get_by_label("Submission deadline", exact=True).fill(local(story.now - timedelta(hours=1)))
    page.get_by_label("Call for submissions open", exact=True).uncheck()
    page.get_by_label("Authors read reviews with the decision", exact=True).check()
    organizer.click("Save settings")
    expect(page.locator(".flash")).to_contain_text("The event settings are saved.")
