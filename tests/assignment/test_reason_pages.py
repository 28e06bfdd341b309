"""The "why?" pages: the reviewer's own from the bid page, the organizer's from the preview."""

import sqlalchemy as sa

from reviewhub.assignment.models import AssignmentRun, ReviewerProfile
from reviewhub.extensions import db
from reviewhub.submissions.models import SubmissionFile
from tests import factories as f


def _event():
    organizer, conflicted = f.make_user(name="Org"), f.make_user(name="Conflicted Org")
    event = f.make_event(organizer=organizer, reviews_per_submission=1, default_reviewer_load=2)
    f.add_role(event, conflicted, "organizer")
    author = f.make_user(name="Zanzibar Quillfeather", affiliation="Quillfeather Institute")
    work = f.make_submission(event, author=author, title="Watermarking generated images",
                             abstract_md="We watermark generated images so detectors find them.")
    other = f.make_submission(event, author=f.make_user(), title="Melody generation",
                              abstract_md="Music composition with diffusion, and generated images of scores.")
    # The uploaded file names the author, and so does the reviewer's past paper: the shared
    # name weighs in the affinity but must never be shown as a reason.
    db.session.add(SubmissionFile(submission_id=work.id, purpose="paper", kind="pdf", original_name="p.pdf",
                                  content_type="application/pdf", size=1, sha256="0" * 64,
                                  storage_key="k", extracted_text="Zanzibar Quillfeather " * 5))
    reviewer = f.make_user(name="Rev One")
    f.add_role(event, reviewer, "reviewer")
    db.session.add(ReviewerProfile(user_id=reviewer.id, expertise="image forensics", past_papers=(
        "Robust watermarks for generated images\nWith Zanzibar Quillfeather we detect watermarked images."
        "\n\nSymbolic music\nMelodies and harmony.")))
    f.make_conflict(work, conflicted, source="author")
    db.session.commit()
    return event, organizer, conflicted, reviewer, work, other


def test_the_reviewer_sees_shared_terms_and_their_closest_paper_never_the_author(app, login_as):
    event, organizer, conflicted, reviewer, work, other = _event()
    client = login_as(reviewer)
    bids = client.get(f"/{event.slug}/assignment/bids").get_data(as_text=True)
    assert f"/assignment/bids/{work.id}/why" in bids
    response = client.get(f"/{event.slug}/assignment/bids/{work.id}/why")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    terms = page.split('class="reason-terms"')[1].split("</ol>")[0]
    assert "generated images" in terms and "watermark" in terms
    assert "Robust watermarks for generated images" in page.split('id="closest-paper"')[1]
    assert "zanzibar" not in page.lower() and "quillfeather" not in page.lower()


def test_a_reviewer_cannot_ask_about_a_conflicted_or_foreign_work(app, login_as):
    event, organizer, conflicted, reviewer, work, other = _event()
    f.make_conflict(other, reviewer, source="reviewer")
    db.session.commit()
    client = login_as(reviewer)
    assert client.get(f"/{event.slug}/assignment/bids/{other.id}/why").status_code == 404
    stranger_event = f.make_event(organizer=organizer)
    foreign = f.make_submission(stranger_event, author=f.make_user())
    db.session.commit()
    assert client.get(f"/{event.slug}/assignment/bids/{foreign.id}/why").status_code == 404
    assert client.get(f"/{event.slug}/assignment/bids/999999/why").status_code == 404


def test_the_preview_links_each_new_pair_to_its_reason_for_organizers_only(app, login_as):
    event, organizer, conflicted, reviewer, work, other = _event()
    client = login_as(organizer)
    client.post(f"/{event.slug}/assignment/runs", data={
        f"type_{work.type_id}": "1", "default_load": "2", "mode": "max", "w_text": "1"})
    run = db.session.scalar(sa.select(AssignmentRun))
    preview = client.get(f"/{event.slug}/assignment/runs/{run.id}").get_data(as_text=True)
    link = f"/{event.slug}/assignment/reasons/{work.id}/{reviewer.id}"
    assert link in preview
    page = client.get(link).get_data(as_text=True)
    assert "Rev One" in page and "generated images" in page and "Robust watermarks" in page
    assert "zanzibar" not in page.split("<main")[1].lower()
    other_client = login_as(conflicted)
    assert link not in other_client.get(f"/{event.slug}/assignment/runs/{run.id}").get_data(as_text=True)
    assert other_client.get(link).status_code == 404
    assert login_as(reviewer).get(link).status_code == 403
    assert client.get(f"/{event.slug}/assignment/reasons/{work.id}/{organizer.id}").status_code == 404
