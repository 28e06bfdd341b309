"""The README's API example (docs/api_example.py), run as a chair would: against a real
`reviewhub serve` on a free port, with a personal access token, through `requests`."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from reviewhub import create_app
from tests.scale_support import free_port, listening, process_env, running, wait_for

ROOT = Path(__file__).resolve().parents[3]
CHEAP_HASHES = {"PASSWORD_TIME_COST": 1, "PASSWORD_MEMORY_COST_KIB": 1024, "PASSWORD_PARALLELISM": 1}


def _event_with_reviews(tmp_path) -> tuple[str, str]:
    """A migrated database with an event, two works, a submitted review of each, and the
    organizer's read-write token; returns (database url, token)."""
    database = f"sqlite:///{tmp_path / 'example.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "example-secret",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads"), **CHEAP_HASHES})
    with app.app_context(), app.test_request_context():
        from flask_migrate import upgrade

        from reviewhub.api import tokens
        from reviewhub.decisions.services import ensure_default_outcomes
        from reviewhub.extensions import db
        from reviewhub.models_base import utcnow
        from reviewhub.reviewing.form_services import ensure_default_forms
        from tests import factories as f
        from tests.api.subs.helpers import submit_review

        upgrade()
        organizer = f.make_user(name="Olga Organizer")
        event = f.make_event(slug="conf", organizer=organizer, review_deadline_at=utcnow() + timedelta(days=3))
        reviewer = f.make_user(name="Rita Reviewer")
        f.add_role(event, reviewer, "reviewer")
        works = [f.make_submission(event, author=f.make_user(name=f"Author {n}"), title=f"Work {n}") for n in (1, 2)]
        assignments = [f.make_assignment(work, reviewer) for work in works]
        ensure_default_forms(event)
        ensure_default_outcomes(event)
        db.session.commit()
        for assignment, overall in zip(assignments, ("5", "2"), strict=True):
            submit_review(assignment, reviewer, overall=overall)
        secret = tokens.create_token(organizer, name="notebook", expires_on=utcnow().date() + timedelta(days=7),
                                     can_write=True).secret
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return database, secret


def _decisions(database) -> dict[int, tuple[str, bool]]:
    engine = sa.create_engine(database)
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT s.number, o.key, d.released_at FROM decisions d JOIN submissions s ON s.id = d.submission_id "
            "JOIN decision_outcomes o ON o.id = d.outcome_id")).all()
    engine.dispose()
    return {number: (key, released is not None) for number, key, released in rows}


def test_the_readme_example_lists_downloads_reviews_and_uploads_decisions(tmp_path):
    database, secret = _event_with_reviews(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    env = process_env(database, tmp_path)
    env.pop("XDG_RUNTIME_DIR", None)
    (tmp_path / "decisions.csv").write_text("number,outcome,note\n1,accept_talk,best paper\n2,reject,\n")
    serve = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--no-access-log"]
    with running(serve, env, log):
        wait_for(listening(base), timeout=90, what=f"reviewhub serve on {base}", log=log)
        script = subprocess.run(
            [sys.executable, str(ROOT / "docs" / "api_example.py"), base, "conf", "--reviews",
             str(tmp_path / "reviews.csv"), "--decisions", str(tmp_path / "decisions.csv"), "--release"],
            env={**env, "REVIEWHUB_TOKEN": secret}, capture_output=True, text=True, timeout=120)
        mails = wait_for(lambda: sorted((tmp_path / "mail").glob("*.eml")), timeout=30, what="decision mails",
                         log=log)
    assert script.returncode == 0, script.stderr + log.read_text()[-3000:]
    assert "#1    Work 1" in script.stdout and "#2    Work 2" in script.stdout
    assert "2 reviews written" in script.stdout and "2 decisions saved" in script.stdout
    with open(tmp_path / "reviews.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["submission"], r["reviewer"], r["reviewer_name"], r["overall"]) for r in rows] == [
        ("1", "Reviewer 1", "Rita Reviewer", "5"), ("2", "Reviewer 1", "Rita Reviewer", "2")]
    assert rows[0]["comments_to_authors"] == "Clear and useful."
    assert _decisions(database) == {1: ("accept_talk", True), 2: ("reject", True)}
    assert len(mails) == 2


def test_the_example_stops_on_refused_decisions_and_saves_none(tmp_path):
    """A bad line (an outcome the event does not have) answers 422; the script says which."""
    database, secret = _event_with_reviews(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    env = process_env(database, tmp_path)
    env.pop("XDG_RUNTIME_DIR", None)
    (tmp_path / "decisions.csv").write_text("number,outcome\n1,accept_talk\n2,maybe\n")
    serve = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--no-access-log"]
    with running(serve, env, log):
        wait_for(listening(base), timeout=90, what=f"reviewhub serve on {base}", log=log)
        script = subprocess.run(
            [sys.executable, str(ROOT / "docs" / "api_example.py"), base, "conf", "--decisions",
             str(tmp_path / "decisions.csv")],
            env={**env, "REVIEWHUB_TOKEN": secret}, capture_output=True, text=True, timeout=120)
    assert script.returncode != 0 and "Decisions refused" in script.stderr and "'1'" in script.stderr
    assert _decisions(database) == {}
