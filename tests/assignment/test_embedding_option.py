"""The run form's embedding option: said to be missing without the extra (or turned off), its
share refused outside 0..1, and ignored by a run when the option is missing."""

import sqlalchemy as sa

from reviewhub.assignment.models import AssignmentRun, TextVector
from reviewhub.extensions import db
from tests.assignment.helpers import small_event


def _form(subs, **extra):
    return {f"type_{subs[0].type_id}": "2", "default_load": "3", "mode": "max", "w_text": "1",
            "w_topic": "0.5", **extra}


def test_runs_page_says_the_option_is_not_installed_and_runs_use_tfidf(app, login_as):
    event, organizer, _author, subs, _revs = small_event()
    client = login_as(organizer)
    page = client.get(f"/{event.slug}/assignment/runs").get_data(as_text=True)
    assert "is not installed" in page and "pip install reviewhub[embeddings]" in page
    assert 'name="w_embedding"' not in page
    response = client.post(f"/{event.slug}/assignment/runs", data=_form(subs, w_embedding="1"))
    assert response.status_code == 302
    run = db.session.scalar(sa.select(AssignmentRun))
    assert run.summary["text_method"] == "exact"  # the posted share is ignored without the model
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TextVector)) == 0


def test_embedding_share_outside_zero_to_one_is_refused_by_the_field(app, login_as):
    event, organizer, _author, subs, _revs = small_event()
    client = login_as(organizer)
    for bad in ("1.5", "-0.1", "lots"):
        response = client.post(f"/{event.slug}/assignment/runs", data=_form(subs, w_embedding=bad))
        assert response.status_code == 400 and "form-errors" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AssignmentRun)) == 0
