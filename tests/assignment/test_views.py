"""Assignment pages: recruitment, the reviewer's pages, runs and manual edits, bad input."""

import io
import re

import sqlalchemy as sa

from reviewhub.assignment.models import Assignment, AssignmentRun, Bid, ReviewerInvitation
from reviewhub.events.models import Membership
from reviewhub.extensions import db
from reviewhub.submissions.models import Conflict, Submission
from tests import factories as f
from tests.assignment.conftest import make_pdf
from tests.assignment.helpers import small_event


def _base(event):
    return f"/{event.slug}/assignment"


# --- recruitment ----------------------------------------------------------------------------


def test_organizer_invites_one_and_sees_the_state(app, login_as, outbox):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    db.session.commit()
    client = login_as(organizer)
    response = client.post(_base(event) + "/reviewers", data={"name": "Nia", "email": "nia@example.org"})
    assert response.status_code == 302
    page = client.get(_base(event) + "/reviewers").get_data(as_text=True)
    assert "nia@example.org" in page and "Pending" in page
    assert [m.kind for m in outbox()] == ["assignment/invitation"]


def test_invite_form_bad_input_keeps_values_and_shows_messages(app, login_as):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    db.session.commit()
    client = login_as(organizer)
    cases = [({"name": "", "email": "x@example.org"}, "This field is required"),
             ({"name": "Al", "email": "not-an-address"}, "Invalid email"),
             ({"name": "A" * 201, "email": "a@example.org"}, "longer than 200")]
    for data, message in cases:
        response = client.post(_base(event) + "/reviewers", data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and message in page
        assert data["email"] in page


def test_csv_upload_with_bad_rows_reports_lines_and_imports_nothing(app, login_as):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    db.session.commit()
    client = login_as(organizer)
    csv = b"Ana,ana@example.org,MIT\nBo,bo-at-example,X\n"
    response = client.post(_base(event) + "/reviewers/import",
                           data={"file": (io.BytesIO(csv), "list.csv")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Line 2" in page and "Nothing was imported" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewerInvitation)) == 0
    response = client.post(_base(event) + "/reviewers/import", data={"text": ""})
    assert response.status_code == 400 and "Paste a list" in response.get_data(as_text=True)
    binary = client.post(_base(event) + "/reviewers/import", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(b"\xff\xfe\x00bad"), "list.csv")})
    assert binary.status_code == 400 and "UTF-8" in binary.get_data(as_text=True)
    good = client.post(_base(event) + "/reviewers/import", data={"text": "email,name\nana@example.org,Ana\n"})
    assert good.status_code == 302
    assert db.session.scalar(sa.select(ReviewerInvitation.name)) == "Ana"


def test_remind_dedupes_and_revoke_closes_the_link(app, login_as, outbox):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    invitation = ReviewerInvitation(event_id=event.id, email="r@example.org", name="R")
    db.session.add(invitation)
    db.session.commit()
    client = login_as(organizer)
    for _ in range(2):
        client.post(_base(event) + f"/invitations/{invitation.id}/remind")
    assert len(outbox()) == 1
    client.post(_base(event) + f"/invitations/{invitation.id}/revoke")
    page = login_as(None).get(_base(event) + f"/invitation/{invitation.token}").get_data(as_text=True)
    assert "withdrawn" in page


def test_accept_without_account_goes_through_registration(app, login_as, outbox):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    invitation = ReviewerInvitation(event_id=event.id, email="new@example.org", name="New")
    db.session.add(invitation)
    db.session.commit()
    link = _base(event) + f"/invitation/{invitation.token}"
    client = login_as(None)
    page = client.get(link + "?answer=accept").get_data(as_text=True)
    assert "Create an account" in page and f"register?next={link}" in page
    assert client.post(link + "/accept").status_code == 302  # to the login page
    response = client.post(f"/account/register?next={link}", data={
        "name": "New Person", "email": "new@example.org", "affiliation": "", "password": "long enough password",
        "password_again": "long enough password"})
    assert "/account/login" in response.headers["Location"]  # the same answer as for a taken address
    [mail] = [m for m in outbox() if m.to_email == "new@example.org"]
    confirm = re.search(r"https?://\S+", mail.body_text).group(0).replace("http://reviewhub.test", "")
    assert client.get(confirm).headers["Location"].endswith(link)  # the link signs in, then goes back
    assert "Accept and join" in client.get(link).get_data(as_text=True)
    response = client.post(link + "/accept")
    assert response.status_code == 302 and response.headers["Location"].endswith("/assignment/profile")
    db.session.expire_all()
    assert db.session.get(ReviewerInvitation, invitation.id).status == "accepted"
    assert db.session.scalar(sa.select(Membership.role).where(Membership.event_id == event.id,
                                                              Membership.role == "reviewer"))
    assert client.get(_base(event) + "/profile").status_code == 200


def test_decline_needs_no_account(app, login_as):
    event = f.make_event()
    invitation = ReviewerInvitation(event_id=event.id, email="no@example.org")
    db.session.add(invitation)
    db.session.commit()
    client = login_as(None)
    link = _base(event) + f"/invitation/{invitation.token}"
    assert client.post(link + "/decline").status_code == 302
    assert "was declined" in client.get(link).get_data(as_text=True)
    assert client.get(_base(event) + "/invitation/not-a-token").status_code == 404


def test_load_cap_form(app, login_as):
    event, organizer, author, subs, revs = small_event()
    client = login_as(organizer)
    assert client.post(_base(event) + f"/reviewers/{revs[0].id}/load", data={"max_load": "2"}).status_code == 302
    db.session.expire_all()
    membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == revs[0].id))
    assert membership.max_load == 2
    for bad in ("-1", "abc", "100000"):
        assert client.post(_base(event) + f"/reviewers/{revs[0].id}/load",
                           data={"max_load": bad}).status_code == 400
    assert client.post(_base(event) + f"/reviewers/{author.id}/load", data={"max_load": "2"}).status_code == 404


# --- reviewer pages -------------------------------------------------------------------------


def test_profile_saves_text_topics_and_pdf(app, login_as):
    from reviewhub.events.services import set_topics

    event, organizer, author, subs, revs = small_event()
    set_topics(event, ["Music", "Images"])
    db.session.commit()
    client = login_as(revs[0])
    response = client.post(_base(event) + "/profile", content_type="multipart/form-data", data={
        "expertise": "I compose", "keywords": "music", "past_papers": "",
        "topics": [str(event.topics[0].id)],
        "pdfs": [(io.BytesIO(make_pdf("Symbolic music generation")), "paper.pdf")]})
    assert response.status_code == 302
    page = client.get(_base(event) + "/profile").get_data(as_text=True)
    assert "Symbolic music generation" in page and "checked" in page
    bad = client.post(_base(event) + "/profile", content_type="multipart/form-data", data={
        "expertise": "x" * 5001, "pdfs": [(io.BytesIO(b"GIF89a"), "fake.pdf")],
        "topics": ["999999"]})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "fake.pdf is not a PDF" in text and "not a valid choice" in text
    assert "longer than 5000" in text


def test_conflict_declaration_by_title_and_bad_input(app, login_as):
    event, organizer, author, subs, revs = small_event()
    client = login_as(revs[0])
    page = client.get(_base(event) + "/profile").get_data(as_text=True)
    assert subs[0].title in page and "author_name" not in page  # double-blind: titles only
    assert client.post(_base(event) + "/conflicts", data={"submission": subs[0].id, "reason": "friend"}).status_code == 302
    assert db.session.scalar(sa.select(Conflict.source)) == "reviewer"
    for data in ({"submission": "0"}, {"submission": "abc"}, {"submission": subs[1].id, "reason": "r" * 501}):
        assert client.post(_base(event) + "/conflicts", data=data).status_code == 400


def test_author_conflict_by_name_in_open_review(app, login_as):
    event, organizer, author, subs, revs = small_event(double_blind=False)
    client = login_as(revs[0])
    assert "author_name" in client.get(_base(event) + "/profile").get_data(as_text=True)
    response = client.post(_base(event) + "/conflicts", data={"submission": "0", "author_name": "Nobody Here"})
    assert response.status_code == 400 and "No submission" in response.get_data(as_text=True)
    client.post(_base(event) + "/conflicts", data={"submission": "0", "author_name": "Author Person"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Conflict)) == 4


def test_bid_page_sorted_by_affinity_hides_authors_and_counts(app, login_as):
    event, organizer, author, subs, revs = small_event()
    client = login_as(revs[1])  # expertise matches subs[1] ("Detecting generated images")
    page = client.get(_base(event) + "/bids").get_data(as_text=True)
    assert page.index(subs[1].title) < min(page.index(s.title) for s in subs if s is not subs[1])
    assert "Author Person" not in page and "0 of 4 bids made" in page
    response = client.post(_base(event) + "/bids", data={f"bid-{subs[0].id}": "eager",
                                                          f"bid-{subs[2].id}": "conflict"})
    assert response.status_code == 302
    page = client.get(_base(event) + "/bids").get_data(as_text=True)
    assert "2 of 4 bids made" in page
    assert db.session.scalar(sa.select(Conflict.source)) == "bid"
    assert client.post(_base(event) + "/bids", data={f"bid-{subs[0].id}": "maybe"}).status_code == 400
    assert client.post(_base(event) + "/bids", data={"bid-abc": "eager"}).status_code == 400
    assert client.post(_base(event) + "/bids", data={"bid-999999": "eager"}).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Bid)) == 2


def test_bid_page_fits_the_works_once_and_follows_the_profile_and_the_works_at_once(app, login_as):
    from tests.assignment.helpers import TEXTS
    from tests.scale_world import captured_statements

    event, organizer, author, subs, revs = small_event()
    client = login_as(revs[1])  # expertise matches subs[1] ("Detecting generated images")

    def first_and_works_read():
        with captured_statements() as statements:
            page = client.get(_base(event) + "/bids").get_data(as_text=True)
        titles = [s.title for s in db.session.scalars(sa.select(Submission))]
        first = min((t for t in titles if t in page), key=page.index)
        return first, any(sql.startswith("SELECT submission_files.submission_id, submission_files.extracted_text")
                          for sql, _ in statements)

    assert first_and_works_read() == (subs[1].title, True)
    assert first_and_works_read() == (subs[1].title, False)  # no TF-IDF refit on a second view
    response = client.post(_base(event) + "/profile", content_type="multipart/form-data", data={
        "expertise": TEXTS[0][1], "keywords": "", "past_papers": ""})
    assert response.status_code == 302
    assert first_and_works_read() == (subs[0].title, False)  # the edited profile counts at once, no refit
    f.make_submission(event, author=author, title="Melodies", abstract_md=TEXTS[0][1] + " music")
    db.session.commit()
    assert first_and_works_read() == ("Melodies", True)  # a new work: fitted again


def test_bid_page_shows_authors_in_open_review(app, login_as):
    event, organizer, author, subs, revs = small_event(double_blind=False)
    assert "Author Person" in login_as(revs[0]).get(_base(event) + "/bids").get_data(as_text=True)


def test_bid_page_query_count_does_not_grow_with_submissions(app, login_as):
    from sqlalchemy import event as sa_event

    event, organizer, author, subs, revs = small_event()
    counts = []
    for extra in (0, 10):
        for _ in range(extra):
            f.make_submission(event, author=author)
        db.session.commit()
        statements = []

        def count(*_args, statements=statements):
            statements.append(1)
        sa_event.listen(db.engine, "before_cursor_execute", count)
        login_as(revs[0]).get(_base(event) + "/bids")
        sa_event.remove(db.engine, "before_cursor_execute", count)
        counts.append(len(statements))
    assert counts[0] == counts[1]


# --- runs and manual edits ------------------------------------------------------------------


def test_run_preview_then_apply(app, login_as, outbox):
    event, organizer, author, subs, revs = small_event()
    client = login_as(organizer)
    form = {f"type_{subs[0].type_id}": "2", "default_load": "3", "mode": "max", "w_text": "1",
            "w_topic": "0.5", "w_eager": "0.3", "w_willing": "0.1", "w_not_willing": "-0.3"}
    response = client.post(_base(event) + "/runs", data=form)
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job_page = client.get(response.headers["Location"]).get_data(as_text=True)
    run = db.session.scalar(sa.select(AssignmentRun))
    assert f"/runs/{run.id}" in job_page
    page = client.get(_base(event) + f"/runs/{run.id}").get_data(as_text=True)
    assert "optimal" in page and "<svg" in page and "8 to add" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 0
    client.post(_base(event) + f"/runs/{run.id}/apply")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 8
    assert len([m for m in outbox() if m.kind == "assignment/assigned"]) == 4
    assert "#1" in client.get(_base(event) + "/current").get_data(as_text=True)


def test_run_form_bad_input(app, login_as):
    event, organizer, author, subs, revs = small_event()
    client = login_as(organizer)
    for data in ({"default_load": "0"}, {"default_load": "x", "w_text": "1"},
                 {f"type_{subs[0].type_id}": "99", "default_load": "3", "w_text": "1"},
                 {f"type_{subs[0].type_id}": "2", "default_load": "3", "w_text": "abc", "mode": "max"},
                 {f"type_{subs[0].type_id}": "2", "default_load": "3", "w_text": "1", "mode": "nope"}):
        response = client.post(_base(event) + "/runs", data=data)
        assert response.status_code == 400 and "form-errors" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AssignmentRun)) == 0


def test_infeasible_run_is_reported_clearly(app, login_as):
    event, organizer, author, subs, revs = small_event(reviewers=2, per_sub=3)
    client = login_as(organizer)
    client.post(_base(event) + "/runs", data={f"type_{subs[0].type_id}": "3", "default_load": "5",
                                              "w_text": "1", "mode": "max"})
    run = db.session.scalar(sa.select(AssignmentRun))
    page = client.get(_base(event) + f"/runs/{run.id}").get_data(as_text=True)
    assert "Not every submission can get enough reviewers" in page
    assert "only 2 reviewers have no conflict" in page and subs[0].title in page
    assert f"submission #{subs[0].number}: only 2 allowed" in " ".join(run.summary["reasons"])
    assert {x["number"] for x in run.summary["shortfall"]} == {s.number for s in subs}


def test_manual_add_refuses_conflict_with_a_message_and_lock_remove(app, login_as, outbox):
    event, organizer, author, subs, revs = small_event()
    f.make_conflict(subs[0], revs[0])
    db.session.commit()
    client = login_as(organizer)
    response = client.post(_base(event) + "/current/add", data={"number": subs[0].number, "reviewer": revs[0].id})
    assert response.status_code == 400 and "conflict of interest" in response.get_data(as_text=True)
    for data in ({"number": "", "reviewer": revs[1].id}, {"number": "999", "reviewer": revs[1].id},
                 {"number": "1", "reviewer": "424242"}):
        assert client.post(_base(event) + "/current/add", data=data).status_code == 400
    assert client.post(_base(event) + "/current/add", data={"number": subs[0].number, "reviewer": revs[1].id,
                                                            "locked": "y"}).status_code == 302
    assignment = db.session.scalar(sa.select(Assignment))
    assert assignment.locked and [m.kind for m in outbox()] == ["assignment/assigned"]
    assignment_id = assignment.id
    client.post(_base(event) + f"/assignments/{assignment_id}/lock", data={})
    db.session.expire_all()
    assert not db.session.get(Assignment, assignment_id).locked
    client.post(_base(event) + f"/assignments/{assignment_id}/remove")
    db.session.expire_all()
    assert db.session.get(Assignment, assignment_id) is None


def test_conflicted_organizer_does_not_see_reviewers_of_their_submission(app, login_as):
    event, organizer, author, subs, revs = small_event()
    other = f.make_user()
    f.add_role(event, other, "organizer")
    f.make_conflict(subs[0], other, source="author")
    f.make_assignment(subs[0], revs[0])
    db.session.commit()
    page = login_as(other).get(_base(event) + "/current").get_data(as_text=True)
    assert "hidden: you are conflicted" in page and f'{revs[0].name} <span class="badge">' not in page


def test_reviewer_assigned_then_conflicted_loses_access_end_to_end(app, login_as):
    event, organizer, author, subs, revs = small_event()
    assignment = f.make_assignment(subs[0], revs[0])
    db.session.commit()
    client = login_as(revs[0])
    client.post(_base(event) + "/bids", data={f"bid-{subs[0].id}": "conflict"})
    from reviewhub.permissions import can_review, can_view_submission

    db.session.expire_all()
    user, assignment = db.session.get(type(revs[0]), revs[0].id), db.session.get(Assignment, assignment.id)
    assert not can_review(user, assignment) and not can_view_submission(user, assignment.submission)


def _failing_run(event, organizer):
    """A run whose job raises: the solver refuses an unknown mode (the form would not allow it)."""
    from reviewhub import jobs
    from reviewhub.assignment.services import runs

    run = runs.start_run(event, by=organizer, params={**runs.default_params(event), "mode": "best"})
    db.session.commit()
    job = jobs.run(run.job_id)
    assert job.status == "failed" and "unknown mode" in job.error
    return run.id


def test_a_run_whose_job_raised_is_shown_failed_with_the_reason(app, login_as):
    event, organizer, author, subs, revs = small_event()
    run_id = _failing_run(event, organizer)
    client = login_as(organizer)
    page = client.get(_base(event) + f"/runs/{run_id}").get_data(as_text=True)
    assert "This run failed" in page and "ValueError: unknown mode" in page
    db.session.expire_all()
    run = db.session.get(AssignmentRun, run_id)
    assert run.status == "failed" and run.summary["error"].startswith("ValueError: unknown mode")
    listing = client.get(_base(event) + "/runs").get_data(as_text=True)
    assert ">failed</span>" in listing and "still computing" not in listing


def test_a_run_whose_worker_died_fails_on_the_list_and_runs_again_on_retry(app, login_as):
    from datetime import timedelta

    from reviewhub import jobs
    from reviewhub.assignment.services import runs
    from reviewhub.models_base import utcnow

    event, organizer, author, subs, revs = small_event()
    run = runs.start_run(event, by=organizer, params=runs.default_params(event))
    job = db.session.get(jobs.Job, run.job_id)
    job.status, job.attempt, job.heartbeat_at = "running", 1, utcnow() - timedelta(hours=1)
    db.session.commit()
    run_id, job_id = run.id, job.id
    listing = login_as(organizer).get(_base(event) + "/runs").get_data(as_text=True)
    assert ">failed</span>" in listing
    db.session.expire_all()
    run = db.session.get(AssignmentRun, run_id)
    assert run.status == "failed" and "worker stopped" in run.summary["error"]
    job = db.session.get(jobs.Job, job_id)
    jobs.retry(job)
    assert runs.follow_job(run) and run.status == "running" and run.summary == {}
    db.session.commit()
    jobs.run(job_id)
    db.session.expire_all()
    assert db.session.get(AssignmentRun, run_id).status == "preview"
