"""The public-page cache on the real Redis: a stored page is served without the database,
every kind of change drops it at once, and nobody logged in (or with a session) gets one."""

import uuid
from datetime import date

import pytest
import sqlalchemy as sa
from redis import Redis

from reviewhub.extensions import db as _db
from reviewhub.pagecache import PageCache
from reviewhub.program import services as program
from reviewhub.program.models import ScheduleSlot
from tests import factories as f
from tests.conftest import running_app
from tests.scale_world import captured_statements

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def cached_app(database_url, tmp_path):
    """The app with the page cache on, under a key prefix of its own (deleted afterwards)."""
    prefix = f"test-pagecache-{uuid.uuid4().hex[:12]}"
    redis = Redis.from_url(REDIS_URL)
    with running_app(database_url, tmp_path, REDIS_URL=REDIS_URL, PUBLIC_CACHE_PREFIX=prefix, RQ_QUEUE=prefix,
                     PUBLIC_CACHE_SECONDS=60) as app:
        yield app
    keys = list(redis.scan_iter(f"{prefix}*"))
    if keys:
        redis.delete(*keys)


@pytest.fixture
def event(cached_app):
    organizer = f.make_user(name="Olga Organizer")
    event = f.make_event(organizer=organizer, name="Cached Workshop", event_date=date(2024, 12, 14),
                         program_public=True)
    program.start_from_seed_day(event, by=None)
    program.release_schedule(event, by=None)
    _db.session.commit()
    event.organizer = organizer
    return event


def _get(client, path, **kwargs):
    with captured_statements() as statements:
        response = client.get(path, **kwargs)
    return response, len(statements)


PUBLIC_PATHS = ["/{slug}/", "/{slug}/program/", "/{slug}/program/accepted", "/{slug}/program/schedule.ics",
                "/{slug}/program/schedule.json"]


@pytest.mark.parametrize("pattern", PUBLIC_PATHS)
def test_a_stored_public_page_is_served_without_the_database(cached_app, event, pattern):
    client, path = cached_app.test_client(), pattern.format(slug=event.slug)
    first, first_queries = _get(client, path)
    assert first.status_code == 200 and first.headers["X-Page-Cache"] == "miss" and first_queries > 0
    again, queries = _get(client, path)
    assert again.status_code == 200 and again.headers["X-Page-Cache"] == "hit" and queries == 0
    assert again.data == first.data and again.mimetype == first.mimetype
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "ETag"):
        assert again.headers[header] == first.headers[header]
    assert "Set-Cookie" not in again.headers
    revalidated, queries = _get(client, path, headers={"If-None-Match": first.headers["ETag"]})
    assert revalidated.status_code == 304 and queries == 0
    assert client.head(path).status_code == 200


def test_schedule_last_modified_still_answers_304_from_the_cache(cached_app, event):
    client, path = cached_app.test_client(), f"/{event.slug}/program/"
    first = client.get(path)
    since = first.headers["Last-Modified"]
    response, queries = _get(client, path, headers={"If-Modified-Since": since})
    assert response.status_code == 304 and queries == 0


def test_logged_in_users_and_sessions_never_get_or_make_a_stored_page(cached_app, event):
    path = f"/{event.slug}/"
    organizer = cached_app.test_client()
    with organizer.session_transaction() as session:
        session["_user_id"], session["_fresh"] = event.organizer.get_id(), True
    page, queries = _get(organizer, path)
    assert "X-Page-Cache" not in page.headers and queries > 0 and "Olga Organizer" in page.text
    assert "csrf_token" in page.text  # the log-out form: such a page must never be shared
    anonymous = cached_app.test_client()
    assert anonymous.get(path).headers["X-Page-Cache"] == "miss"
    assert anonymous.get(path).headers["X-Page-Cache"] == "hit"
    again, queries = _get(organizer, path)
    assert "X-Page-Cache" not in again.headers and queries > 0 and "Log out" in again.text
    assert "Log out" not in anonymous.get(path).text


def test_unknown_query_arguments_and_errors_are_not_stored(cached_app, event):
    client = cached_app.test_client()
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(f"/{event.slug}/?utm=1").headers
        assert client.get(f"/{event.slug}/program/talks/999999").status_code == 404
    topic = client.get(f"/{event.slug}/program/accepted?topic=Music")
    assert topic.headers["X-Page-Cache"] == "miss"
    assert client.get(f"/{event.slug}/program/accepted?topic=Music").headers["X-Page-Cache"] == "hit"
    assert client.get(f"/{event.slug}/program/accepted?topic=Text").headers["X-Page-Cache"] == "miss"


def _stored(client, path):
    client.get(path)
    assert client.get(path).headers["X-Page-Cache"] == "hit"


def test_an_event_edit_shows_at_once(cached_app, event):
    from reviewhub.events import services as events

    client = cached_app.test_client()
    _stored(client, f"/{event.slug}/")
    _stored(client, f"/{event.slug}/program/")
    events.update_event(event, by=None, name="Renamed Workshop", short_name="RW", topics=["Sound"])
    _db.session.commit()
    page = client.get(f"/{event.slug}/")
    assert page.headers["X-Page-Cache"] == "miss" and "Renamed Workshop" in page.text and "Sound" in page.text
    assert "RW" in client.get(f"/{event.slug}/program/").text  # the navigation of every page


def test_a_new_address_drops_the_old_one(cached_app, event):
    from reviewhub.events import services as events

    client, old = cached_app.test_client(), event.slug
    _stored(client, f"/{old}/")
    events.update_event(event, by=None, slug="moved-workshop")
    _db.session.commit()
    assert client.get(f"/{old}/").status_code == 404
    assert client.get("/moved-workshop/").status_code == 200


def test_a_schedule_release_shows_at_once(cached_app, event):
    client = cached_app.test_client()
    for path in (f"/{event.slug}/", f"/{event.slug}/program/"):
        _stored(client, path)
    slot = _db.session.scalar(sa.select(ScheduleSlot).where(ScheduleSlot.event_id == event.id)
                              .order_by(ScheduleSlot.start_at))
    slot.title = "A session added late"
    program.release_schedule(event, by=None)
    _db.session.commit()
    for path in (f"/{event.slug}/", f"/{event.slug}/program/"):
        assert "A session added late" in client.get(path).text


def test_hiding_the_program_hides_it_at_once(cached_app, event):
    client = cached_app.test_client()
    _stored(client, f"/{event.slug}/program/")
    program.set_program_public(event, False, by=None)
    _db.session.commit()
    assert client.get(f"/{event.slug}/program/").status_code == 404
    program.set_program_public(event, True, by=None)
    _db.session.commit()
    assert client.get(f"/{event.slug}/program/").status_code == 200


def test_speaker_changes_show_at_once(cached_app, event):
    client, path = cached_app.test_client(), f"/{event.slug}/"
    _stored(client, path)
    person = program.create_speaker(event, by=None, name="Grace Keynote", kind="keynote")
    _db.session.commit()
    assert "Grace Keynote" in client.get(path).text
    _stored(client, path)
    fields = {"name": "Grace Hopper", "kind": "keynote", "affiliation": "Navy"}
    program.update_speaker(event, person, by=None, **fields)
    _db.session.commit()
    assert "Grace Hopper" in client.get(path).text
    _stored(client, path)
    program.delete_speaker(event, person, by=None)
    _db.session.commit()
    assert "Grace Hopper" not in client.get(path).text


def test_a_rolled_back_change_keeps_the_stored_page(cached_app, event):
    client, path = cached_app.test_client(), f"/{event.slug}/"
    _stored(client, path)
    program.create_speaker(event, by=None, name="Never Saved", kind="keynote")
    _db.session.rollback()
    assert client.get(path).headers["X-Page-Cache"] == "hit"


def test_withdrawal_and_decision_release_drop_the_stored_pages(cached_app, event):
    from reviewhub.decisions import services as decisions
    from reviewhub.submissions import services as submissions
    from tests.program.helpers import decide

    client, path = cached_app.test_client(), f"/{event.slug}/program/accepted"
    work = f.make_submission(event, author=f.make_user())
    decide(work, released=False)
    _db.session.commit()
    _stored(client, path)
    decisions.release(event, by=None)
    _db.session.commit()
    assert client.get(path).headers["X-Page-Cache"] == "miss"
    _stored(client, path)
    submissions.withdraw(work, by=None)
    _db.session.commit()
    assert client.get(path).headers["X-Page-Cache"] == "miss"


def test_without_redis_nothing_is_stored(app, client):
    event = f.make_event(name="Laptop Workshop")
    _db.session.commit()
    assert "pagecache" not in app.extensions
    for _ in range(2):
        response = client.get(f"/{event.slug}/")
        assert response.status_code == 200 and "X-Page-Cache" not in response.headers


def test_event_page_answers_304_to_its_etag(client, app):
    event = f.make_event(name="Laptop Workshop")
    _db.session.commit()
    first = client.get(f"/{event.slug}/")
    assert first.headers["ETag"] and "Cookie" in first.headers["Vary"]
    assert client.get(f"/{event.slug}/", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_a_visitor_with_a_flash_message_neither_gets_nor_leaves_a_stored_page(cached_app, event):
    path = f"/{event.slug}/"
    flashed = cached_app.test_client()
    with flashed.session_transaction() as session:
        session["_flashes"] = [("info", "Only for this visitor")]
    page = flashed.get(path)
    assert "Only for this visitor" in page.text and "X-Page-Cache" not in page.headers
    anonymous = cached_app.test_client()
    first = anonymous.get(path)
    assert first.headers["X-Page-Cache"] == "miss" and "Only for this visitor" not in first.text


def test_a_hit_is_answered_in_front_of_flask(cached_app, event):
    """No request context, session or hook runs for a stored page: that is what keeps a hit
    about as cheap as a bare route (bench/pages.py --redis)."""
    handled = []

    def count(response):
        handled.append(1)
        return response

    cached_app.after_request(count)
    client, path = cached_app.test_client(), f"/{event.slug}/program/"
    assert client.get(path).headers["X-Page-Cache"] == "miss" and handled == [1]
    assert client.get(path).headers["X-Page-Cache"] == "hit" and handled == [1]


def test_a_workers_own_copy_is_dropped_when_another_worker_changes_the_event(cached_app, event):
    """Each process keeps copies of pages it served; a version token replaced by any other
    process (another gunicorn worker, an RQ job) makes them unusable at once."""
    client, path = cached_app.test_client(), f"/{event.slug}/"
    client.get(path)
    assert client.get(path).headers["X-Page-Cache"] == "hit"  # now also held in this process
    cache = cached_app.extensions["pagecache"]
    PageCache(REDIS_URL, prefix=cache.prefix, seconds=cache.seconds).bump([event.slug])
    assert client.get(path).headers["X-Page-Cache"] == "miss"
    assert client.get(path).headers["X-Page-Cache"] == "hit"
