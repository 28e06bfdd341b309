"""CSV lists of reviewers, assignments and decisions: previewed line by line, applied all or
nothing through the same services as the pages."""

import sqlalchemy as sa

from reviewhub.assignment.csvimport import parse_assignment_list, parse_decision_list
from reviewhub.assignment.models import Assignment, ReviewerInvitation
from reviewhub.decisions.models import Decision
from reviewhub.decisions.services import ensure_default_outcomes
from reviewhub.extensions import db
from tests import factories as f


def test_header_may_reorder_and_numbers_may_carry_a_hash():
    rows, errors = parse_assignment_list("email,submission\nA@x.org,#3\n\nb@x.org,\nc@x.org,three\n")
    assert [(r.line, r.values["submission"], r.values["email"]) for r in rows] == [(2, "3", "a@x.org")]
    assert errors == ((4, "missing submission"), (5, "'three' is not a submission number"))
    rows, errors = parse_decision_list("1,accept_talk,Great\n")
    assert rows[0].values == {"submission": "1", "outcome": "accept_talk", "note": "Great", "email": ""}


def _world():
    organizer, conflicted = f.make_user(), f.make_user()
    event = f.make_event(organizer=organizer)
    f.add_role(event, conflicted, "organizer")
    reviewer, _outsider = f.make_user(email="rev@example.org"), f.make_user(email="out@example.org")
    f.add_role(event, reviewer, "reviewer")
    works = [f.make_submission(event, author=f.make_user()) for _ in range(3)]
    f.make_conflict(works[2], reviewer, source="reviewer")
    f.make_conflict(works[1], conflicted, source="author")
    outcomes = ensure_default_outcomes(event)
    db.session.commit()
    return event, organizer, conflicted, works, outcomes


def _post(client, event, kind, text, action="preview"):
    return client.post(f"/{event.slug}/manage/import/csv", data={"kind": kind, "text": text, "action": action})


def test_assignment_preview_lists_every_problem_and_applies_nothing(login_as):
    event, organizer, _c, works, _o = _world()
    text = "submission,email\n1,rev@example.org\n99,rev@example.org\n2,out@example.org\n3,rev@example.org\n1,rev@example.org\n"
    response = _post(login_as(organizer), event, "assignments", text, action="apply")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for expected in ("Line 3: there is no submission #99", "Line 4: out@example.org is not a reviewer",
                     "Line 5: rev@example.org has a conflict of interest with #3", "Line 6: the same pair is on line 2"):
        assert expected in page, expected
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 0


def test_assignments_apply_after_a_clean_preview(login_as):
    event, organizer, _c, works, _o = _world()
    client = login_as(organizer)
    preview = _post(client, event, "assignments", "1,rev@example.org\n2,rev@example.org\n")
    assert preview.status_code == 200 and "2 lines to apply" in preview.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 0
    assert _post(client, event, "assignments", "1,rev@example.org\n2,rev@example.org\n", "apply").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 2


def test_decisions_by_key_or_label_and_never_by_a_conflicted_organizer(login_as):
    event, organizer, conflicted, works, outcomes = _world()
    talk, _poster, reject = outcomes
    text = f"1,{talk.key},Strong\n2,{reject.label},\n"
    assert _post(login_as(organizer), event, "decisions", text, "apply").status_code == 302
    decided = dict(db.session.execute(sa.select(Decision.submission_id, Decision.outcome_id)).all())
    assert decided == {works[0].id: talk.id, works[1].id: reject.id}
    refused = _post(login_as(conflicted), event, "decisions", "2,reject\n3,maybe\n")
    page = refused.get_data(as_text=True)
    assert "Line 1: you have a conflict of interest with #2" in page
    assert "Line 2: &#39;maybe&#39; is not an outcome" in page


def test_reviewer_list_reuses_the_invitation_import(login_as):
    event, organizer, *_ = _world()
    client = login_as(organizer)
    bad = _post(client, event, "reviewers", "Ann,not-an-address,Uni\n")
    assert bad.status_code == 400 and "not a valid email address" in bad.get_data(as_text=True)
    assert _post(client, event, "reviewers", "Ann,ann@example.org,Uni\n", "apply").status_code == 302
    assert db.session.scalar(sa.select(ReviewerInvitation.email)) == "ann@example.org"


def test_empty_list_and_unknown_kind(login_as):
    event, organizer, *_ = _world()
    client = login_as(organizer)
    empty = _post(client, event, "decisions", "")
    assert empty.status_code == 400 and "Paste the list" in empty.get_data(as_text=True)
    assert _post(client, event, "everything", "1,2").status_code == 400
