"""The public pages on a phone (390x844): nothing scrolls sideways and the navigation works."""

import pytest
from playwright.sync_api import expect

from reviewhub.demo import seed_event

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


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
