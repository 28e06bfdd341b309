"""Issue 18 point 19: drag and drop in the schedule editor, in Chromium. Slots move and resize
in a time grid by mouse and by keyboard, a talk moves onto another contributed-talk slot; each
change posts the Edit page's own form (with its CSRF token) and the page then shows the same
warnings as a form save. Without JavaScript the table and its forms do all of it (the other
program tests)."""

import re

import pytest
from playwright.sync_api import expect

from reviewhub.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_event

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def editor(server):
    server.cli("demo", "--phase", "program", "--no-serve")
    return f"/{seed_event.SLUG}/program/manage/schedule"


def _organizer(browsing, editor):
    person = browsing.person("Olivia Organizer", DEMO_ACCOUNTS[0][0], DEMO_PASSWORD)
    person.login()
    person.go(editor)
    expect(person.page.locator("#schedule-grid .sg-slot").first).to_be_visible()
    return person


def _block(page, title: str, nth: int = 0):
    return page.locator("#schedule-grid .sg-slot").filter(has=page.locator(".sg-title", has_text=re.compile(f"^{re.escape(title)}$"))).nth(nth)


def _row_time(page, block) -> str:
    return page.locator(f"#slot-{block.get_attribute('data-slot')} td").first.inner_text().strip()


def _row_talk(page, block) -> str:
    return page.locator(f"#slot-{block.get_attribute('data-slot')}").get_attribute("data-talk")


def _drag(page, locator, dy: float, *, to=None, grip: str = "center"):
    locator.evaluate("element => element.scrollIntoView({block: 'center'})")  # the target in view too
    box = locator.bounding_box()
    x = box["x"] + box["width"] / 2
    y = box["y"] + (box["height"] - 2 if grip == "bottom" else min(6, box["height"] / 2))
    page.mouse.move(x, y)
    page.mouse.down()
    if to is not None:
        target = to.bounding_box()
        page.mouse.move(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2, steps=8)
    else:
        page.mouse.move(x, y + dy, steps=8)
    page.mouse.up()


class _saved:
    """`with _saved(page): ...`: the action's posts land and the editor reloads with the flash."""

    def __init__(self, page):
        self.page = page

    def __enter__(self):
        self.navigation = self.page.expect_navigation()
        self.navigation.__enter__()

    def __exit__(self, *exc):
        try:
            self.navigation.__exit__(*exc)
        except Exception as error:  # say what the page said instead of a bare timeout
            raise AssertionError(f"no reload: {self.page.locator('#grid-error').inner_text()!r} "
                                 f"{self.page.locator('#grid-status').inner_text()!r}") from error
        if exc[0] is None:
            expect(self.page.locator(".flash").first).to_contain_text("The slot is saved.")


def test_a_slot_moves_and_resizes_by_mouse_and_the_warnings_follow(browsing, editor):
    organizer = _organizer(browsing, editor)
    page = organizer.page
    round_table = _block(page, "Round Table Discussions")
    assert _row_time(page, round_table) == "17:00–18:00"
    with _saved(page):
        _drag(page, round_table.locator(".sg-time"), 45)  # 3 px a minute: a quarter of an hour later
    assert _row_time(page, _block(page, "Round Table Discussions")) == "17:15–18:15"
    expect(page.locator("main")).not_to_contain_text("“Panel Discussion” and “Round Table Discussions” overlap")
    # The panel's lower edge dragged half an hour down: it now runs into the round table,
    # and the editor warns as it does after a form save.
    with _saved(page):
        _drag(page, _block(page, "Panel Discussion").locator(".sg-resize"), 90, grip="bottom")
    assert _row_time(page, _block(page, "Panel Discussion")) == "16:00–17:30"
    expect(page.locator(".warnings")).to_contain_text("“Panel Discussion” and “Round Table Discussions” overlap")
    organizer.shot("schedule-editor-grid")
    browsing.check_clean()


def test_a_talk_moves_onto_another_talk_slot_by_mouse_and_they_change_places(browsing, editor):
    organizer = _organizer(browsing, editor)
    page = organizer.page
    first, second = _block(page, "Contributed Talk 1"), _block(page, "Contributed Talk 2")
    talk_one, talk_two = _row_talk(page, first), _row_talk(page, second)
    assert talk_one and talk_two and talk_one != talk_two
    with _saved(page):
        _drag(page, first.locator(".sg-talk"), 0, to=second)
    assert _row_talk(page, _block(page, "Contributed Talk 1")) == talk_two
    assert _row_talk(page, _block(page, "Contributed Talk 2")) == talk_one
    # A talk dropped on a break is refused in the page, and nothing is posted.
    _drag(page, _block(page, "Contributed Talk 1").locator(".sg-talk"), 0, to=_block(page, "Coffee Break"))
    expect(page.locator("#grid-error")).to_contain_text("only go into a contributed-talk slot")
    page.reload()
    assert _row_talk(page, _block(page, "Contributed Talk 1")) == talk_two
    browsing.check_clean()


def test_the_grid_works_from_the_keyboard(browsing, editor):
    organizer = _organizer(browsing, editor)
    page = organizer.page
    brk = _block(page, "Coffee Break", 1)
    before = _row_time(page, brk)
    assert before == "15:30–16:00"
    brk.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#grid-status")).to_contain_text("15:40–16:10")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Escape")  # cancelled: nothing saved
    expect(_block(page, "Coffee Break", 1).locator(".sg-time")).to_have_text("15:30–16:00")
    brk.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowDown")
    with _saved(page):
        page.keyboard.press("Enter")
    assert _row_time(page, _block(page, "Coffee Break", 1)) == "15:35–16:10"
    expect(page.locator(".warnings")).to_contain_text("“Coffee Break” and “Panel Discussion” overlap")
    # A talk picked up with Enter and put down with Enter on another talk slot.
    third, fourth = _block(page, "Contributed Talk 3"), _block(page, "Contributed Talk 4")
    talk_three, talk_four = _row_talk(page, third), _row_talk(page, fourth)
    third.locator(".sg-talk").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#grid-status")).to_contain_text("Picked up")
    fourth.focus()
    with _saved(page):
        page.keyboard.press("Enter")
    assert _row_talk(page, _block(page, "Contributed Talk 3")) == talk_four
    assert _row_talk(page, _block(page, "Contributed Talk 4")) == talk_three
    browsing.check_clean()
