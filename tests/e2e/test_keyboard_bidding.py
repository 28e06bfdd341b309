"""A reviewer bids with the keyboard alone: Tab, the arrow keys, Space and Enter."""

import pytest
from playwright.sync_api import expect

from reviewhub.extensions import db
from tests import factories as f

pytestmark = pytest.mark.e2e

SLUG = "keyboard-bids"
TITLES = ["Diffusion for Dance", "Latent Poetry Machines", "Sampling Jazz Harmony"]


@pytest.fixture(scope="module")
def bidding_event(server):
    """An event with three submitted works and one reviewer (made directly: this test is
    about the bidding page, not about how the works got there)."""
    with server.app().app_context():
        event = f.make_event(slug=SLUG, name="Keyboard Workshop", cfp_open=False)
        reviewer = f.make_user(email="kim@reviewers.example", name="Kim Keys", password="keyboard-password")
        f.add_role(event, reviewer, "reviewer")
        authors = [f.make_user(name=f"Author {n}") for n in range(3)]
        for title, author in zip(TITLES, authors, strict=True):
            f.make_submission(event, author=author, title=title)
        db.session.commit()
    return SLUG


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const group = el && el.closest ? el.closest("fieldset") : null;
        return {tag: el ? el.tagName : null, type: el ? el.type : null, value: el ? el.value : null,
                text: el ? (el.innerText || "").trim() : "",
                legend: group && group.querySelector("legend") ? group.querySelector("legend").innerText : null};
    }""")


def _tab_until(page, wanted, limit: int = 60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reached the wanted element; last focus: {_focused(page)}")


def _is_radio_of(title: str):
    return lambda el: el["type"] == "radio" and el["legend"] and title in el["legend"]


def test_bidding_with_the_keyboard_only(browsing, bidding_event):
    kim = browsing.person("Kim Keys", "kim@reviewers.example", "keyboard-password")
    kim.login()
    kim.go(f"/{bidding_event}/")
    kim.nav("Bidding")
    page = kim.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Bidding")
    expect(page.locator("#bid-count")).to_contain_text("0 of 3 bids made")

    # The first Tab stop is the skip link; Enter takes the focus past the navigation.
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Skip to content"
    page.keyboard.press("Enter")

    # Tab into the first work's levels (the focus lands on the checked one: Neutral), then
    # the arrow keys move the choice: two up is Eager.
    focused = _tab_until(page, _is_radio_of(TITLES[0]))
    assert focused["value"] == "neutral"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert _focused(page)["value"] == "eager"

    # The next work: one down is Not willing.
    focused = _tab_until(page, _is_radio_of(TITLES[1]))
    page.keyboard.press("ArrowDown")
    assert _focused(page)["value"] == "not_willing"

    # The third: up to Willing and back down and up again, then Space keeps it.
    _tab_until(page, _is_radio_of(TITLES[2]))
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    assert _focused(page)["value"] == "willing"

    # Tab to the save button and press Enter.
    _tab_until(page, lambda el: el["tag"] == "BUTTON" and el["text"] == "Save bids")
    page.keyboard.press("Enter")
    # (assignment.js already saved each change in the background; the button saves the rest.)
    expect(page.locator(".flash").filter(has_text="Saved").last).to_be_visible()
    kim.shot("keyboard-bidding")

    # What was chosen is what is stored: a fresh load shows it.
    kim.page.reload()
    expect(page.locator("#bid-count")).to_contain_text("3 of 3 bids made")
    for title, level in zip(TITLES, ["Eager", "Not willing", "Willing"], strict=True):
        group = page.get_by_role("group", name=title)
        expect(group.get_by_role("radio", name=level, exact=True)).to_be_checked()
    browsing.check_clean()
