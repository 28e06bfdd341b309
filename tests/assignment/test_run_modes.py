"""Run modes through the app: the randomised run's form, preview figures and draws; fair mode's bound."""

import sqlalchemy as sa

from reviewhub.assignment.models import AssignmentRun
from reviewhub.extensions import db
from tests.assignment.helpers import small_event


def _base(event):
    return f"/{event.slug}/assignment"


def _form(subs, **extra):
    return {f"type_{subs[0].type_id}": "2", "default_load": "3", "w_text": "1", "w_topic": "0.5",
            "w_eager": "0.3", "w_willing": "0.1", "w_not_willing": "-0.3", **extra}


def test_randomized_run_shows_q_expected_and_drawn_affinity(app, login_as):
    event, organizer, author, subs, revs = small_event(reviewers=6)
    client = login_as(organizer)
    response = client.post(_base(event) + "/runs", data=_form(subs, mode="randomized", q="0.5"))
    assert response.status_code == 302
    run = db.session.scalar(sa.select(AssignmentRun))
    assert run.params["q"] == 0.5 and isinstance(run.params["seed"], int)
    s = run.summary
    assert s["mode"] == "randomized" and s["feasible"] and s["q_fraction"] == "1/2"
    assert s["max_pair_probability"] <= 0.5
    assert s["expected_objective"] >= 0 and len(run.pairs) == 8
    page = client.get(_base(event) + f"/runs/{run.id}").get_data(as_text=True)
    assert "Expected total affinity" in page and f"{s['expected_objective']:.3f}" in page
    assert f"this draw's total is {s['objective']:.3f}" in page and "0.50 (1/2)" in page
    pairs = [(sid, uid) for sid, uid, _ in run.pairs]
    assert len(set(pairs)) == 8 and all(sum(1 for p in pairs if p[0] == x.id) == 2 for x in subs)


def test_randomized_runs_draw_with_fresh_seeds(app, login_as):
    event, organizer, author, subs, revs = small_event(reviewers=6)
    client = login_as(organizer)
    for _ in range(2):
        client.post(_base(event) + "/runs", data=_form(subs, mode="randomized", q="0.5"))
    seeds = {r.params["seed"] for r in db.session.scalars(sa.select(AssignmentRun))}
    assert len(seeds) == 2


def test_randomized_run_form_refuses_a_bad_q(app, login_as):
    event, organizer, author, subs, revs = small_event()
    client = login_as(organizer)
    for q in ("0", "1.5", "abc", ""):
        response = client.post(_base(event) + "/runs", data=_form(subs, mode="randomized", q=q))
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and "form-errors" in page, q
        assert "q" in page and 'value="' + q + '"' in page or q == ""
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AssignmentRun)) == 0
    # q is only read for the randomised goal: an empty q with another goal is fine
    assert client.post(_base(event) + "/runs", data=_form(subs, mode="max", q="")).status_code == 302


def test_randomized_run_with_too_few_reviewers_for_q_says_why(app, login_as):
    event, organizer, author, subs, revs = small_event(reviewers=3)  # 2 needed, q=0.5 wants 4
    client = login_as(organizer)
    client.post(_base(event) + "/runs", data=_form(subs, mode="randomized", q="0.5"))
    run = db.session.scalar(sa.select(AssignmentRun))
    assert not run.summary["feasible"]
    assert any("with at most 1/2 probability per pair it needs 4" in r for r in run.summary["reasons"])
    page = client.get(_base(event) + f"/runs/{run.id}").get_data(as_text=True)
    assert "Not every submission can get enough reviewers" in page


def test_fair_run_shows_the_bound_on_the_worst_submission_and_the_gap(app, login_as):
    event, organizer, author, subs, revs = small_event(reviewers=8)
    client = login_as(organizer)
    client.post(_base(event) + "/runs", data=_form(subs, mode="fair"))
    run = db.session.scalar(sa.select(AssignmentRun))
    s = run.summary
    assert s["mode"] == "fair" and s["fair_bound"] >= s["min_paper_score"] - 1e-9
    assert s["fair_gap"] == s["fair_bound"] - s["min_paper_score"]
    page = client.get(_base(event) + f"/runs/{run.id}").get_data(as_text=True)
    assert f"Bound on the worst submission's total: {s['fair_bound']:.3f}" in page
    assert f"gap {s['fair_gap']:.3f}" in page
