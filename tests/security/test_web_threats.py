"""Threats at the HTTP layer: headers, cookies, CSRF, sessions, login limits, markup, CSV, mail headers."""

import csv
import io
import re

import pytest
import sqlalchemy as sa

from reviewhub import create_app
from reviewhub.extensions import csrf, db
from tests import factories as f
from tests.access.rules import all_rules
from tests.access.state import changed_tables, fingerprint
from tests.access.world import build_world
from tests.conftest import TEST_CONFIG
from tests.security.inert import PAYLOADS, script_problems

RULES = all_rules()


def _sample_gets(world) -> list[str]:
    """Every GET page of every blueprint that needs no prepared objects, as the organizer sees it."""
    values = world.values()
    return [r.path.format(**values) for r in RULES
            if r.method == "GET" and r.prepare is None and ("organizer" in r.allowed or "public" in r.allowed)]


def _assert_headers(response, url):
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())
    assert "'unsafe-inline'" not in directives.get("script-src", "") and directives.get("script-src"), url
    assert "'unsafe-eval'" not in policy, url
    assert directives.get("frame-ancestors") == "'none'" and headers.get("X-Frame-Options") == "DENY", url
    assert directives.get("object-src") == "'none'", url
    assert headers.get("X-Content-Type-Options") == "nosniff", url
    assert headers.get("Referrer-Policy") in ("same-origin", "no-referrer", "strict-origin-when-cross-origin"), url


def test_security_headers_and_no_inline_script_on_every_blueprints_pages(app, login_as):
    world = build_world()
    client = login_as(world.users["organizer"])
    urls = _sample_gets(world) + ["/no/such/page", f"/{world.slug}/decisions/submissions/999999",
                                  "/static/no-such.css"]
    blueprints = {r.endpoint.split(".")[0] for r in RULES}
    seen = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        _assert_headers(response, url)
        if response.mimetype == "text/html":
            assert not script_problems(response.get_data(as_text=True)), (url, script_problems(response.get_data(as_text=True)))
        seen.update(r.endpoint.split(".")[0] for r in RULES
                    if r.prepare is None and r.path.format(**world.values()) == url)
    _assert_headers(login_as(None).get(f"/{world.slug}/manage/settings"), "anonymous redirect")
    _assert_headers(login_as(world.users["stranger"]).get(f"/{world.slug}/manage/settings"), "403 page")
    # The security log is for site admins only (no role of the world): sampled as an admin.
    admin = f.make_admin()
    db.session.commit()
    response = login_as(admin).get("/admin/security/")
    assert response.status_code == 200
    _assert_headers(response, "/admin/security/")
    assert not script_problems(response.get_data(as_text=True))
    seen.add("security")
    # Saved searches only take POSTs (each redirects back to the list): sampled as one.
    response = client.post(f"/{world.slug}/manage/searches/", data={"q": "music", "name": "Music"})
    assert response.status_code == 302
    _assert_headers(response, "saved search")
    seen.add("search")
    # A person's page and the chunk API's offset take ids the world's rules prepare: one each.
    response = client.get(f"/{world.slug}/manage/people/{world.users['reviewer_assigned'].id}")
    assert response.status_code == 200
    _assert_headers(response, "person page")
    assert not script_problems(response.get_data(as_text=True))
    seen.add("people")
    from tests.access.rules_uploads import _upload

    token = _upload(world)["upload_token"]
    response = login_as(world.users["author"]).get(f"/{world.slug}/uploads/{token}")
    assert response.status_code == 200
    _assert_headers(response, "upload offset")
    seen.add("uploads")
    assert blueprints <= seen, f"blueprints without a sampled page: {blueprints - seen}"


def _login_cookie_headers(app) -> list[str]:
    db_user = f.make_user(email="cookie@example.org")
    db.session.commit()
    client = app.test_client()
    response = client.post("/account/login", data={"email": db_user.email, "password": f.PASSWORD, "remember": "y"})
    assert response.status_code == 302
    return response.headers.getlist("Set-Cookie")


@pytest.mark.parametrize("setting", [{"SECURE_COOKIES": True}, {"BASE_URL": "https://reviews.example.org"}])
def test_production_cookies_are_secure_httponly_samesite(database_url, tmp_path, setting):
    config = {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "UPLOAD_FOLDER": str(tmp_path)}
    config.pop("SERVER_NAME")
    production = create_app({**config, **setting})
    with production.app_context():
        try:
            cookies = _login_cookie_headers(production)
            session = [c for c in cookies if c.startswith("session=")]
            assert session, cookies
            for cookie in cookies:
                lowered = cookie.lower()
                assert "; secure" in lowered and "; httponly" in lowered, cookie
            assert "samesite=lax" in session[0].lower()
        finally:
            db.session.rollback()
            db.session.execute(sa.text("delete from users"))
            db.session.commit()
            db.engine.dispose()


def test_no_view_is_exempt_from_csrf(app):
    """Only the JSON API is exempt: it takes no cookies at all (a session-only request gets
    401, tests/api), so a cross-site page cannot ride a browser's login there."""
    assert not csrf._exempt_views
    assert {bp.name for bp in csrf._exempt_blueprints} <= {"api_v1"}


def test_cross_site_posts_without_a_token_change_nothing(app, login_as):
    app.config["WTF_CSRF_ENABLED"] = True
    # Every refused post is a security event; past the alert threshold the organizers would
    # rightly be mailed (the outbox changes). That alert is tested in tests/security_log.
    app.config["SECURITY_ALERT_THRESHOLD"] = 10_000
    world = build_world()
    values = world.values()
    state = fingerprint()
    posted = set()
    for access_rule in RULES:
        if access_rule.method != "POST" or access_rule.prepare is not None or not access_rule.allowed:
            continue
        role = "organizer" if "organizer" in access_rule.allowed else sorted(access_rule.allowed)[0]
        response = login_as(world.users.get(role)).post(
            access_rule.path.format(**values), data=dict(access_rule.data),
            headers={"Origin": "https://evil.example", "Referer": "https://evil.example/form"})
        assert response.status_code == 400, (access_rule.id, response.status_code)
        posted.add(access_rule.endpoint.split(".")[0])
    assert not changed_tables(state, fingerprint())
    assert len(posted) >= 6, posted


def test_the_csrf_check_can_fail_a_post_with_the_token_goes_through(app):
    app.config["WTF_CSRF_ENABLED"] = True
    user = f.make_user(email="token@example.org")
    db.session.commit()
    client = app.test_client()
    page = client.get("/account/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/account/login", data={"csrf_token": token, "email": user.email, "password": f.PASSWORD})
    assert response.status_code == 302


def test_a_session_cookie_copied_before_logout_no_longer_works(app):
    user = f.make_user(email="copy@example.org")
    db.session.commit()
    client = app.test_client()
    assert client.post("/account/login", data={"email": user.email, "password": f.PASSWORD,
                                                "remember": "y"}).status_code == 302
    copied = {c.key: c.value for c in client._cookies.values()}
    assert client.get("/account/profile").status_code == 200
    assert client.post("/account/logout").status_code == 302
    thief = app.test_client()
    for name, value in copied.items():
        thief.set_cookie(name, value, domain="reviewhub.test")
    response = thief.get("/account/profile")
    assert response.status_code == 302 and "/account/login" in response.location


def _attempt(client, email, password, forged):
    return client.post("/account/login", data={"email": email, "password": password},
                       headers={"X-Forwarded-For": forged})


@pytest.mark.parametrize("proxies", [0, 1])
def test_login_rate_limit_holds_with_forged_forwarded_for(database_url, tmp_path, proxies):
    config = {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "UPLOAD_FOLDER": str(tmp_path),
              "TRUSTED_PROXY_COUNT": proxies, "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
              "LOGIN_MAX_FAILURES_PER_ADDRESS": 8}
    limited = create_app(config)
    with limited.app_context():
        try:
            victim = f.make_user(email="victim@example.org")
            other = f.make_user(email="other@example.org")
            db.session.commit()
            client = limited.test_client()
            real = "203.0.113.9" if proxies else "127.0.0.1"
            for n in range(5):  # per account, each try from a "new" address
                _attempt(client, victim.email, "wrong", f"10.0.{n}.1, {real}" if proxies else f"10.0.{n}.1")
            refused = _attempt(client, victim.email, f.PASSWORD, "10.9.9.9" + (f", {real}" if proxies else ""))
            assert refused.status_code != 302 and b"Too many" in refused.data
            for n in range(8):  # per address, other accounts
                _attempt(client, f"nobody{n}@example.org", "wrong", f"10.1.{n}.1" + (f", {real}" if proxies else ""))
            refused = _attempt(client, other.email, f.PASSWORD, "10.8.8.8" + (f", {real}" if proxies else ""))
            assert refused.status_code != 302 and b"Too many" in refused.data
        finally:
            db.session.rollback()
            for table in ("login_attempts", "users"):
                db.session.execute(sa.text(f"delete from {table}"))
            db.session.commit()
            db.engine.dispose()


def _hostile_world(login_as):
    """Hostile Markdown in an event description and call, abstracts, a bio, a review and a comment;
    the program released."""
    from reviewhub.program import services as program
    from reviewhub.program.models import Speaker
    from reviewhub.reviewing import services as reviewing
    from reviewhub.reviewing.form_services import ensure_default_forms
    from tests.access.rules_program import _draft

    world = build_world()
    world.event.description_md = world.event.call_md = PAYLOADS
    world.submission.abstract_md = world.other_submission.abstract_md = PAYLOADS
    world.extra.update(_draft(world))
    db.session.get(Speaker, world.extra["speaker_id"]).bio_md = PAYLOADS
    program.release_schedule(world.event, by=None)
    ensure_default_forms(world.event)
    reviewing.save_review(world.assignment, by=world.users["reviewer_assigned"], submit=True, expected_version=0,
                          raw={"overall": "4", "confidence": "3", "originality": "4", "technical_quality": "3",
                               "clarity": "4", "relevance": "5", "comments_to_authors": PAYLOADS})
    db.session.commit()
    organizer = login_as(world.users["organizer"])
    assert organizer.post(f"/{world.slug}/reviews/{world.submission.id}/comments",
                          data={"body": PAYLOADS, "visibility": "reviewers"}).status_code == 302
    return world, organizer


def test_markdown_with_script_links_and_handlers_renders_inert_everywhere(app, login_as):
    world, organizer = _hostile_world(login_as)
    s, v = world.slug, world.extra
    public = login_as(None)
    pages = {
        "event page": public.get(f"/{s}/"),
        "schedule": public.get(f"/{s}/program/"),
        "talk": public.get(f"/{s}/program/talks/{v['slot_id']}"),
        "speaker bio": public.get(f"/{s}/program/speakers/{v['speaker_id']}"),
        "accepted abstracts": public.get(f"/{s}/program/accepted"),
        "review page (abstract, review, comment)": organizer.get(f"/{s}/reviews/{world.submission.id}"),
        "reviewer's view": login_as(world.users["reviewer_assigned"]).get(f"/{s}/reviews/{world.submission.id}"),
        "template preview": organizer.post(f"/{s}/mail/templates/decisions/reject",
                                           data={"subject": "Hi", "body": PAYLOADS, "preview": "Preview"}),
    }
    for name, response in pages.items():
        html = response.get_data(as_text=True)
        assert response.status_code == 200, name
        if name != "schedule":
            assert "raw link" in html, f"{name} does not show the planted text at all"
        assert not script_problems(html), (name, script_problems(html))


def test_the_inertness_check_can_fail():
    assert script_problems('<p><a href="javascript:alert(1)">x</a><img src=x onerror=y></p><script>z</script>')


CSV_ROUTES = {  # endpoint -> path (filled from the world)
    "reviewing.ranking_csv": "/{slug}/reviews/ranking.csv",
    "program.csv": "/{slug}/program/program.csv",
    "submissions.export": "/{slug}/manage/submissions.csv",
    "reviewing.quality_csv": "/{slug}/reviews/quality.csv",  # plants the formula in a reviewer's name
    "auditlog.export": "/{slug}/manage/audit/log.csv",  # the reviewer's name as an actor
}
FORMULAS = ("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)")


def test_every_csv_route_is_checked(app):
    routes = {r.endpoint for r in app.url_map.iter_rules() if r.rule.endswith(".csv")}
    assert routes == set(CSV_ROUTES), f"CSV routes without a formula-escaping test: {routes ^ set(CSV_ROUTES)}"


def test_csv_exports_escape_cells_that_start_a_formula(app, login_as):
    from reviewhub.program import services as program
    from tests.access.rules_program import _draft

    world = build_world()
    world.submission.title, world.other_submission.title = FORMULAS[0], FORMULAS[1]
    world.users["reviewer_assigned"].name = FORMULAS[0]
    world.extra.update(_draft(world))
    from reviewhub.program.models import ScheduleSlot

    slots = db.session.scalars(sa.select(ScheduleSlot).where(
        ScheduleSlot.event_id == world.event.id, ScheduleSlot.submission_id.is_(None)).order_by(ScheduleSlot.id))
    for slot, text in zip(list(slots)[:2], FORMULAS[2:], strict=True):
        slot.title = text
    program.release_schedule(world.event, by=None)
    from reviewhub import audit

    audit.record("test.planted", event=world.event, actor=world.users["reviewer_assigned"])
    db.session.commit()
    client = login_as(world.users["organizer"])
    for endpoint, path in CSV_ROUTES.items():
        response = client.get(path.format(**world.values()))
        assert response.status_code == 200, endpoint
        assert response.mimetype == "text/csv" and response.headers["X-Content-Type-Options"] == "nosniff"
        cells = [cell for row in csv.reader(io.StringIO(response.get_data(as_text=True))) for cell in row]
        assert any(FORMULAS[0] in cell for cell in cells), f"{endpoint} does not export the planted title"
        if endpoint == "program.csv":
            assert any(FORMULAS[2] in cell for cell in cells), "the planted slot title is not exported"
        dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert not dangerous, (endpoint, dangerous)


@pytest.mark.parametrize("path", ["/a%00b", "/a%00b/call", "/?q=a%00b", "/api/v1/events?page=1%00"])
def test_a_nul_character_in_an_address_is_a_400_not_a_database_error(app, path):
    """PostgreSQL cannot hold a NUL: a slug or parameter with one is refused before any query."""
    response = app.test_client().get(path)
    assert response.status_code == 400
    assert b"NUL" in response.data


def test_a_nul_character_in_a_form_field_or_json_is_a_400(app, login_as):
    world = build_world()
    client = login_as(world.users["organizer"])
    path = f"/{world.event.slug}/manage/tags/"
    before = fingerprint()
    response = client.post(path, data={"name": "a\x00b", "colour": "green"})
    assert response.status_code == 400 and b"NUL" in response.data
    response = client.post("/api/v1/events", data='{"name": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400
    assert not changed_tables(before, fingerprint())
    assert client.post(path, data={"name": "fine", "colour": "green"}).status_code in (200, 302)
