"""Delivery through RQ workers (Redis at 127.0.0.1:6379) and inline after the commit."""

import uuid

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from reviewhub.mail.services import Recipient, enqueue, send_pending
from tests.mail.helpers import use_smtp
from tests.mail.test_delivery import CONTEXT

redis = pytest.importorskip("redis")


@pytest.fixture
def queue_name(app):
    """A queue of this test's own on the local Redis, emptied afterwards."""
    connection = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    name = f"reviewhub-test-{uuid.uuid4().hex[:10]}"
    app.config.update(REDIS_URL="redis://127.0.0.1:6379/0", RQ_QUEUE=name)
    yield name
    from rq import Queue

    queue = Queue(name, connection=connection)
    queue.empty()
    queue.delete(delete_jobs=True)


def _write(n: int) -> None:
    people = [Recipient(f"p{i}@example.org", f"P {i}") for i in range(n)]
    enqueue("decisions/reject", to=people, context=CONTEXT, dedupe_key="q")
    db.session.commit()


def _sent() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).where(OutboxMessage.status == "sent"))


def test_with_redis_rows_are_handed_to_rq_workers(app, smtp_server, queue_name):
    from redis import Redis
    from rq import Queue, SimpleWorker

    use_smtp(app, smtp_server)
    app.config["MAIL_QUEUE_JOBS"] = 2
    from reviewhub.mail import delivery

    _write(delivery.BATCH_SIZE + 5)
    send_pending()
    connection = Redis.from_url(app.config["REDIS_URL"])
    queue = Queue(queue_name, connection=connection)
    assert queue.count == 2  # two jobs: two workers may share the outbox
    assert _sent() == 0  # nothing sent from the request itself
    SimpleWorker([queue], connection=connection).work(burst=True)
    assert _sent() == delivery.BATCH_SIZE + 5
    assert len(smtp_server.recipients()) == delivery.BATCH_SIZE + 5


def test_without_redis_delivery_runs_inline_after_commit(app, smtp_server):
    use_smtp(app, smtp_server)
    app.config["MAIL_DELIVER_INLINE"] = True
    _write(3)
    send_pending()
    assert _sent() == 3
    assert sorted(smtp_server.recipients()) == ["p0@example.org", "p1@example.org", "p2@example.org"]


def test_send_pending_queues_nothing_when_the_outbox_is_empty(app, queue_name):
    from redis import Redis
    from rq import Queue

    send_pending()
    assert Queue(queue_name, connection=Redis.from_url(app.config["REDIS_URL"])).count == 0
