"""The public pages on a phone (390x844): nothing scrolls sideways and the navigation works."""

import pytest
from playwright.sync_api import expect

from reviewhub.demo import seed_event

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 375, "height": 667}  # issue 18: the event page and schedule scrolled sideways here


@pytest.fixture(scope="module")
def demo_loaded(server):
    """The seed workshop at its most complete point, loaded the way `reviewhub demo` does."""
    server.cli("demo", "--phase", "program", "--no-serve")
    return seed_event.SLUG


def _no_sideways_scroll(person, path: str) -> None:
    person.go(path)
    width = person.page.evaluate("document.documentElement.scrollWidth")
    inner = person.page.evaluate("window.innerWidth")
    assert width <= inner, f"{path} scrolls sideways on a phone: {width} px wide in {inner} px"


def _public_paths(person, slug: str) -> list[str]:
    """The event page and every page its navigation offers a visitor."""
    person.go(f"/{slug}/")
    links = person.page.locator(".event-nav a").evaluate_all("links => links.map(a => a.pathname)")
    return ["/", "/account/login", "/account/register", *dict.fromkeys(links)]


def test_public_pages_fit_a_phone(browsing, demo_loaded):
    visitor = browsing.person("Phone visitor", "phone@visitors.example", viewport=PHONE,
                              is_mobile=True, has_touch=True, device_scale_factor=2)
    paths = _public_paths(visitor, demo_loaded)
    assert f"/{demo_loaded}/" in paths
    for path in paths:
        _no_sideways_scroll(visitor, path)
    visitor.go(f"/{demo_loaded}/")
    visitor.shot("phone-event-page")
    browsing.check_clean()


def test_phone_navigation_is_reachable_and_works(browsing, demo_loaded):
    visitor = browsing.person("Phone visitor", "phone2@visitors.example", viewport=PHONE,
                              is_mobile=True, has_touch=True)
    visitor.go(f"/{demo_loaded}/")
    for link in visitor.page.get_by_role("navigation").get_by_role("link").all():
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], \
            f"navigation link {link.inner_text()!r} sticks out of the screen: {box}"
    visitor.page.get_by_role("navigation").get_by_role("link", name="Log in").tap()
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text("Log in")
    visitor.page.get_by_role("link", name="reviewhub").tap()
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text("Events")
    browsing.check_clean()


def test_the_schedule_is_laid_out_for_a_375_px_phone(browsing, demo_loaded):
    """The schedule table needed 491 px: on a phone each row is a block (time, topic, speakers)
    inside the screen, and neither the event page nor the schedule page scrolls sideways."""
    visitor = browsing.person("Small phone", "small@visitors.example", viewport=SMALL_PHONE,
                              is_mobile=True, has_touch=True, device_scale_factor=2)
    for path in (f"/{demo_loaded}/", f"/{demo_loaded}/program/", f"/{demo_loaded}/program/people"):
        _no_sideways_scroll(visitor, path)
    for path in (f"/{demo_loaded}/", f"/{demo_loaded}/program/"):
        visitor.go(path)
        table = visitor.page.locator("table.schedule")
        box = table.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"], \
            f"{path}: the schedule is {box} on a {SMALL_PHONE['width']} px screen"
        # Each row keeps its time above its topic, all of it on screen.
        rows = table.locator("tbody tr")
        assert rows.count() >= 10
        for index in range(rows.count()):
            time_box = rows.nth(index).locator("td.time").bounding_box()
            topic_box = rows.nth(index).locator("td").nth(1).bounding_box()
            assert time_box["x"] + time_box["width"] <= SMALL_PHONE["width"]
            assert topic_box["y"] >= time_box["y"] + time_box["height"] - 1, f"{path} row {index}: not stacked"
        expect(table.get_by_role("columnheader", name="Time")).to_have_count(1)  # still a table to screen readers
    visitor.shot("phone-375-schedule")
    browsing.check_clean()
