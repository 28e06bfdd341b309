"""HTML mail parts link our own site's URLs (escaped); any other URL, which user text in a
template may carry, stays text, and no markup gets in."""

from lxml import html as lxml_html

from reviewhub.mail.rendering import render_message

BASE = "https://reviews.example.org"


def _anchors(body_html: str) -> list[tuple[str, str]]:
    tree = lxml_html.fromstring(body_html)
    return [(a.get("href"), a.text_content()) for a in tree.iter("a")]


def test_our_urls_become_links_and_others_stay_text():
    body = ("Confirm here: {{ link }}.\n\nOr see https://evil.example/phish and "
            "https://reviews.example.org.evil.example/x, then (https://reviews.example.org/a?b=1&c=<2>).")
    _subject, text, html = render_message("s", body, {"link": f"{BASE}/account/confirm/t0k"}, link_base=BASE)
    assert f"{BASE}/account/confirm/t0k." in text
    assert _anchors(html) == [(f"{BASE}/account/confirm/t0k", f"{BASE}/account/confirm/t0k"),
                              (f"{BASE}/a?b=1&c=", f"{BASE}/a?b=1&c=")]
    assert "&amp;c=" in html and "&lt;2&gt;" in html  # escaped, in the href too
    assert "https://evil.example/phish" in html and "evil.example/x" in html


def test_user_text_cannot_add_markup_or_a_link_of_its_own():
    body = 'Title: {{ title }}'
    title = f'<a href="https://evil.example">x</a> "{BASE}/ok" onmouseover="alert(1)"'
    _s, _t, html = render_message("s", body, {"title": title}, link_base=BASE)
    assert _anchors(html) == [(f"{BASE}/ok", f"{BASE}/ok")]
    assert "<a href=\"https://evil.example\"" not in html and "&lt;a href=" in html


def test_without_a_base_url_nothing_is_linked():
    _s, _t, html = render_message("s", f"See {BASE}/x", {})
    assert _anchors(html) == [] and f"{BASE}/x" in html


def test_queued_mail_links_the_confirmation_url(app, client, outbox):
    response = client.post("/account/register", data={
        "name": "Ada", "email": "ada@example.org", "affiliation": "",
        "password": "long-enough-pw", "password_again": "long-enough-pw"})
    assert response.status_code == 302
    [message] = outbox()
    links = [href for href, _text in _anchors(message.body_html)]
    assert len(links) == 1 and links[0].startswith("http://reviewhub.test/account/confirm/")
    assert links[0] in message.body_text
