"""Lateness is judged fairly: by when the request arrived (before its body is read, or when a
trusted proxy received it), with the event's grace period after the deadline."""

import io
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from flask import request_finished

from reviewhub.errors import DeadlinePassed
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions import services
from reviewhub.submissions.models import Submission
from reviewhub.web import PROXY_WAIT_LIMIT, proxy_request_start
from tests.submissions.helpers import data_for, draft, form_data, pdf


def _count() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Submission))


def _new(cast):
    return f"/{cast.event.slug}/submissions/new?type=paper"


def _deadline(cast, *, ago: timedelta, grace_minutes: int = 0) -> None:
    cast.event.submission_deadline_at = utcnow() - ago
    cast.event.submission_grace_minutes = grace_minutes
    db.session.commit()


def test_within_the_grace_period_a_late_submission_is_accepted(cast, login_as):
    _deadline(cast, ago=timedelta(minutes=9), grace_minutes=10)
    response = login_as(cast.author).post(_new(cast), data=form_data(cast.author, title="In the grace"))
    assert response.status_code == 302 and _count() == 1


def test_after_the_grace_period_it_is_refused_and_the_message_names_only_the_deadline(cast, login_as):
    _deadline(cast, ago=timedelta(minutes=11), grace_minutes=10)
    response = login_as(cast.author).post(_new(cast), data=form_data(cast.author, title="Too late"))
    assert response.status_code == 403 and "deadline passed" in response.text
    assert "grace" not in response.text.lower() and 'value="Too late"' in response.text
    assert _count() == 0


def test_the_grace_period_covers_every_change_and_zero_means_none(cast):
    deadline = utcnow()
    cast.event.submission_deadline_at = deadline
    cast.event.submission_grace_minutes = 5
    submission, _ = services.create_draft(cast.event, cast.paper, by=cast.author, data=data_for(cast.author),
                                          now=deadline + timedelta(minutes=5))
    services.update(submission, by=cast.author, data=data_for(cast.author, title="Edited"), expected_version=1,
                    now=deadline + timedelta(minutes=4))
    with pytest.raises(DeadlinePassed):
        services.update(submission, by=cast.author, data=data_for(cast.author), expected_version=2,
                        now=deadline + timedelta(minutes=5, seconds=1))
    cast.event.submission_grace_minutes = 0
    with pytest.raises(DeadlinePassed):
        services.update(submission, by=cast.author, data=data_for(cast.author), expected_version=2,
                        now=deadline + timedelta(seconds=1))


def test_a_forged_request_start_header_is_ignored_when_no_proxy_is_trusted(cast, login_as, app):
    assert not app.config["TRUSTED_PROXY_COUNT"]
    _deadline(cast, ago=timedelta(seconds=2))
    response = login_as(cast.author).post(_new(cast), data=form_data(cast.author),
                                          headers={"X-Request-Start": f"t={time.time() - 60:.3f}"})
    assert response.status_code == 403 and _count() == 0


def test_a_trusted_proxy_says_when_the_request_arrived(cast, login_as, app):
    app.config["TRUSTED_PROXY_COUNT"] = 1
    _deadline(cast, ago=timedelta(seconds=20))
    received = time.time() - 30  # the proxy got it before the deadline, then buffered the upload
    response = login_as(cast.author).post(_new(cast), data=form_data(cast.author),
                                          headers={"X-Request-Start": f"t={received:.3f}"})
    assert response.status_code == 302
    db.session.expire_all()
    created = db.session.scalar(sa.select(Submission.created_at))
    assert abs(created - datetime.fromtimestamp(received, UTC)) < timedelta(milliseconds=5)


def test_a_trusted_proxy_stamp_older_than_the_limit_is_not_believed(cast, login_as, app):
    app.config["TRUSTED_PROXY_COUNT"] = 1
    _deadline(cast, ago=timedelta(seconds=2))
    stale = time.time() - PROXY_WAIT_LIMIT - 60
    response = login_as(cast.author).post(_new(cast), data=form_data(cast.author),
                                          headers={"X-Request-Start": f"t={stale:.3f}"})
    assert response.status_code == 403 and _count() == 0


@pytest.mark.parametrize("value, expected", [
    ("t=1700000000.250", 1700000000.25), ("1700000000250", 1700000000.25), ("t=1700000000250000", 1700000000.25),
    ("t=1700000100", 1700000050.0),  # later than the app's own arrival: the app's time
    ("t=1690000000", None), ("t=soon", None), ("", None), (None, None), ("t=nan", None), ("t=-5", None),
])
def test_request_start_values(value, expected):
    assert proxy_request_start(value, arrived=1700000050.0) == expected


class _SlowBody(io.BytesIO):
    """A request body whose first bytes take `delay` seconds to arrive (a slow uplink)."""

    def __init__(self, data: bytes, delay: float):
        super().__init__(data)
        self.delay = delay

    def _wait(self):
        if self.delay:
            time.sleep(self.delay)
            self.delay = 0

    def read(self, size=-1):
        self._wait()
        return super().read(size)

    def readinto(self, buffer):
        self._wait()
        return super().readinto(buffer)


def test_lateness_is_judged_when_the_request_arrived_not_when_its_body_finished(cast, login_as, app):
    app.config["WTF_CSRF_ENABLED"] = True  # the CSRF check reads the body before the view runs
    client = login_as(cast.author)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(_new(cast)).text).group(1)
    cast.event.submission_deadline_at = utcnow() + timedelta(seconds=0.5)
    db.session.commit()
    body = urlencode({**form_data(cast.author, title="Slow uplink"), "csrf_token": token}).encode()
    response = client.post(_new(cast), input_stream=_SlowBody(body, delay=1.0), content_length=len(body),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302 and _count() == 1
    assert utcnow() > cast.event.submission_deadline_at, "the body did finish after the deadline"


def _csrf_client(cast, login_as, app, url):
    app.config["WTF_CSRF_ENABLED"] = True  # the CSRF check reads the body before the view runs
    client = login_as(cast.author)
    return client, re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).text).group(1)


def _files_while_answering(app, client, url, data):
    """POST the multipart form; the upload folder's files as they stand once the response is
    made (a request's unkept uploads are deleted only after that, when it closes)."""
    seen: list[list[str]] = []

    def look(_sender, **_extra):
        folder = Path(app.config["UPLOAD_FOLDER"])
        seen.append(sorted(p.name for p in folder.iterdir()) if folder.exists() else [])

    with request_finished.connected_to(look, app):
        response = client.post(url, data=data, content_type="multipart/form-data")
    return response, seen[0]


def test_a_late_upload_is_dropped_as_it_arrives_and_the_form_comes_back_as_typed(cast, login_as, app):
    client, token = _csrf_client(cast, login_as, app, _new(cast))
    _deadline(cast, ago=timedelta(seconds=5))
    data = {**form_data(cast.author, title="Too late"), "csrf_token": token,
            "file-main": (io.BytesIO(pdf(text="A late paper")), "paper.pdf")}
    response, files = _files_while_answering(app, client, _new(cast), data)
    assert response.status_code == 403 and "deadline passed" in response.text
    assert 'value="Too late"' in response.text
    assert files == [], "nothing of a late upload is written"
    assert _count() == 0


def test_an_upload_in_time_is_written_as_it_arrives(cast, login_as, app):
    client, token = _csrf_client(cast, login_as, app, _new(cast))
    data = {**form_data(cast.author, title="In time"), "csrf_token": token,
            "file-main": (io.BytesIO(pdf(text="An early paper")), "paper.pdf")}
    response, files = _files_while_answering(app, client, _new(cast), data)
    assert response.status_code == 302 and len(files) == 2 and _count() == 1, "the upload and its blind copy"


def test_a_late_edit_drops_its_upload_too(cast, login_as, app):
    submission = draft(cast.event, cast.author)
    url = f"/{cast.event.slug}/submissions/{submission.id}/edit"
    client, token = _csrf_client(cast, login_as, app, url)
    _deadline(cast, ago=timedelta(seconds=5))
    data = {**form_data(cast.author, title="Edited late"), "csrf_token": token, "version": "1",
            "file-main": (io.BytesIO(pdf(text="A late paper")), "paper.pdf")}
    response, files = _files_while_answering(app, client, url, data)
    assert response.status_code == 403 and "deadline passed" in response.text and files == []
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).title != "Edited late"
