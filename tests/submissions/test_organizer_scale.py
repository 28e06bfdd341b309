"""The organizer's list chart and CSV at conference size: days counted in SQL in the event's
zone, and a CSV whose query count does not grow with its rows."""

import csv
import io
from datetime import UTC, datetime

import pytest

from reviewhub.extensions import db
from reviewhub.submissions import queries, services
from reviewhub.submissions.core import Upload
from tests import factories as f
from tests.scale_world import captured_statements
from tests.submissions.helpers import draft, pdf


def _submitted_at(cast, *instants):
    """Works marked submitted at these UTC instants (set directly: the clock is the point)."""
    works = []
    for i, at in enumerate(instants):
        work = draft(cast.event, f.make_user(email=f"at{i}-{at:%H%M}@lab.example.org"), title=f"At {at:%H:%M}")
        work.status, work.submitted_at = "submitted", at
        works.append(work)
    db.session.commit()
    return works


@pytest.mark.parametrize("zone, last_minute_utc, first_minute_utc", [
    ("Asia/Kolkata", (18, 29), (18, 30)),   # UTC+5:30: local midnight is 18:30 UTC
    ("Asia/Kathmandu", (18, 14), (18, 15)),  # UTC+5:45: a quarter-hour offset
    ("America/New_York", (4, 59), (5, 0)),   # UTC-5 in winter
])
def test_per_day_chart_counts_in_the_event_zone_across_midnight(cast, zone, last_minute_utc, first_minute_utc):
    cast.event.timezone = zone
    day = datetime(2026, 3, 1, tzinfo=UTC)
    _submitted_at(cast, day.replace(hour=last_minute_utc[0], minute=last_minute_utc[1], second=59),
                  day.replace(hour=first_minute_utc[0], minute=first_minute_utc[1]),
                  day.replace(hour=first_minute_utc[0], minute=first_minute_utc[1], second=1))
    before, after = ("2026-02-28", "2026-03-01") if zone.startswith("America") else ("2026-03-01", "2026-03-02")
    assert queries.per_day(cast.event, cast.organizer) == [(before, 1), (after, 2)]


def test_per_day_chart_on_the_page_and_its_query_count(cast, login_as):
    client = login_as(cast.organizer)
    url = f"/{cast.event.slug}/manage/submissions"
    _submitted_at(cast, datetime(2026, 3, 1, 18, 29, tzinfo=UTC))  # Asia/Kolkata: 23:59 on March 1
    client.get(url)
    with captured_statements() as few:
        assert "2026-03-01: 1" in client.get(url).text
    _submitted_at(cast, *(datetime(2026, 3, d, h, tzinfo=UTC) for d in (2, 3, 4) for h in (1, 12, 20)))
    with captured_statements() as more:
        page = client.get(url).text
    assert "2026-03-01: 1; 2026-03-02: 2; 2026-03-03: 3; 2026-03-04: 3; 2026-03-05: 1" in page
    assert len(more) == len(few)


def _full_work(cast, i):
    person = f.make_user(name=f"Person {i}", email=f"p{i}@lab{i}.example.org", affiliation=f"Lab {i}")
    work = draft(cast.event, person, title=f"Work {i}", coauthors=[(f"Co {i}", f"co{i}@x.example.org", "Co Lab")],
                 topic_ids=(cast.event.topics[i % 3].id, cast.event.topics[(i + 1) % 3].id))
    services.attach_file(work, Upload("main", "paper.pdf", pdf(pages=2)), by=person)
    db.session.commit()
    return work


def _export(client, cast):
    url = f"/{cast.event.slug}/manage/submissions.csv"
    with captured_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.text))), len(statements)


def test_csv_lists_everything_in_a_constant_number_of_queries(cast, login_as):
    client = login_as(cast.organizer)
    _full_work(cast, 0)
    client.get(f"/{cast.event.slug}/manage/submissions.csv")
    rows, few = _export(client, cast)
    for i in range(1, 8):
        _full_work(cast, i)
    rows, more = _export(client, cast)
    assert more == few, (few, more)
    assert [r["title"] for r in rows] == [f"Work {i}" for i in range(8)]
    third = rows[3]
    assert third["authors"] == "Person 3; Co 3" and third["emails"] == "p3@lab3.example.org; co3@x.example.org"
    assert third["affiliations"] == "Lab 3; Co Lab" and third["contact"] == "p3@lab3.example.org"
    assert third["topics"] == "Music; Images" and third["type"] == "Paper"
    assert third["files"] == "1" and third["pages"] == "2" and third["status"] == "draft"
