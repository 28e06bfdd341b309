"""Integrity pages: who sees which pairs, the side-by-side page, marking, the AI-use report."""

import re

import pytest
import sqlalchemy as sa

from reviewhub.audit import AuditLog
from reviewhub.extensions import db as _db
from reviewhub.integrity import services
from reviewhub.integrity.models import SimilarityFlag
from tests import factories as f
from tests.integrity.helpers import add_file, decide, encoded, essay, picture


@pytest.fixture
def cast(db):
    """An event with two flagged pairs (a~b, c~d), an organizer, one conflicted with a, one with d."""
    organizer, with_a, with_d = f.make_user(), f.make_user(), f.make_user()
    event = f.make_event(organizer=organizer)
    f.add_role(event, with_a, "organizer")
    f.add_role(event, with_d, "organizer")
    reviewer, author = f.make_user(), f.make_user()
    f.add_role(event, reviewer, "reviewer")
    one, two = essay(1), essay(2) + " <script>alert('x')</script> & <b>bold</b>"
    subs = {}
    for key, text, who in (("a", one, author), ("b", one, None), ("c", two, None), ("d", two, None)):
        subs[key] = f.make_submission(event, author=who or f.make_user(), title=f"Work {key}")
        add_file(subs[key], text=text)
    f.make_assignment(subs["a"], reviewer)
    f.make_conflict(subs["a"], with_a, source="author")
    f.make_conflict(subs["d"], with_d, source="reviewer")
    services.run_integrity_check(event)
    db.session.commit()
    flags = {(x.submission_a.title[-1] + x.submission_b.title[-1]): x
             for x in db.session.scalars(sa.select(SimilarityFlag))}
    assert set(flags) == {"ab", "cd"}
    return dict(event=event, organizer=organizer, with_a=with_a, with_d=with_d, reviewer=reviewer,
                author=author, subs=subs, flags=flags)


def pair_url(cast, key):
    return f"/{cast['event'].slug}/integrity/pairs/{cast['flags'][key].id}"


def test_organizer_sees_every_pair_with_figures(cast, login_as):
    page = login_as(cast["organizer"]).get(f"/{cast['event'].slug}/integrity/").get_data(as_text=True)
    assert "Work a" in page and "Work b" in page and "Work c" in page and "Work d" in page
    assert "2 pairs: 2 new" in page and "100% shared" in page and "Last check:" in page


@pytest.mark.parametrize("who, hidden, shown", [("with_a", "ab", "cd"), ("with_d", "cd", "ab")])
def test_conflicted_organizer_sees_neither_the_pair_nor_its_count(cast, login_as, who, hidden, shown):
    client = login_as(cast[who])
    page = client.get(f"/{cast['event'].slug}/integrity/").get_data(as_text=True)
    assert f"Work {hidden[0]}" not in page and f"Work {hidden[1]}" not in page
    assert f"Work {shown[0]}" in page and "1 pair: 1 new" in page
    assert client.get(pair_url(cast, hidden)).status_code == 404
    assert client.post(pair_url(cast, hidden), data={"status": "fine"}).status_code == 404
    assert client.get(pair_url(cast, shown)).status_code == 200


@pytest.mark.parametrize("who", ["reviewer", "author"])
def test_reviewers_and_authors_are_refused(cast, login_as, who):
    client = login_as(cast[who])
    assert client.get(f"/{cast['event'].slug}/integrity/").status_code == 403
    assert client.get(pair_url(cast, "ab")).status_code == 403
    assert client.get(f"/{cast['event'].slug}/integrity/ai-use").status_code == 403


def test_public_is_sent_to_log_in(cast, client):
    response = client.get(pair_url(cast, "ab"))
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_pair_page_highlights_escaped_shared_passages(cast, login_as):
    response = login_as(cast["organizer"]).get(pair_url(cast, "cd"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('<mark id="pa-1">') == 1 and page.count('<mark id="pb-1">') == 1
    assert "&lt;script&gt;alert(" in page and "<script>alert" not in page and "<b>bold" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page) and " style=" not in page


def test_pair_page_finds_passages_again_when_a_text_changed(cast, login_as, db):
    file = cast["subs"]["b"].files[0]
    file.extracted_text = "New opening words. " + file.extracted_text
    db.session.commit()
    page = login_as(cast["organizer"]).get(pair_url(cast, "ab")).get_data(as_text=True)
    assert "A text changed since the check" in page and '<mark id="pb-1">' in page


def test_marking_a_pair_saves_and_audits(cast, login_as, db):
    response = login_as(cast["organizer"]).post(pair_url(cast, "ab"),
                                                  data={"status": "fine", "note": "Their own preprint"})
    assert response.status_code == 302
    db.session.expire_all()
    flag = db.session.get(SimilarityFlag, cast["flags"]["ab"].id)
    assert (flag.status, flag.note, flag.reviewed_by_id) == ("fine", "Their own preprint", cast["organizer"].id)
    assert db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "integrity.flag_marked")) is not None


@pytest.mark.parametrize("data, message", [
    ({"status": "guilty", "note": "kept text"}, "Not a valid choice"),
    ({"note": "kept text"}, "Choose fine or investigate"),
    ({"status": "fine", "note": "kept text" + "x" * 2001}, "2000 characters"),
])
def test_bad_mark_input_rerenders_with_message_and_keeps_input(cast, login_as, db, data, message):
    response = login_as(cast["organizer"]).post(pair_url(cast, "ab"), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and "kept text" in page
    db.session.expire_all()
    assert db.session.get(SimilarityFlag, cast["flags"]["ab"].id).status == "new"


def test_run_button_starts_the_job_and_shows_its_page(cast, login_as, db):
    db.session.execute(sa.delete(SimilarityFlag))
    db.session.commit()
    response = login_as(cast["organizer"]).post(f"/{cast['event'].slug}/integrity/run")
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job_page = login_as(cast["organizer"]).get(response.headers["Location"]).get_data(as_text=True)
    assert "finished" in job_page and f"/{cast['event'].slug}/integrity/" in job_page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SimilarityFlag)) == 2


def test_overview_query_count_does_not_grow_with_pairs(cast, login_as, db, app):
    from sqlalchemy import event as sa_event

    def count_queries():
        seen = []
        listener = lambda *a: seen.append(1)  # noqa: E731
        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert login_as(cast["organizer"]).get(f"/{cast['event'].slug}/integrity/").status_code == 200
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    few = count_queries()
    for seed in range(20, 26):
        text = essay(seed)
        for _ in range(2):
            add_file(f.make_submission(cast["event"], author=f.make_user()), text=text)
    services.run_integrity_check(cast["event"])
    db.session.commit()
    assert count_queries() == few


def test_image_pair_shows_both_images_to_organizers_only(db, login_as):
    organizer, stranger = f.make_user(), f.make_user()
    event = f.make_event(organizer=organizer)
    a = f.make_submission(event, author=f.make_user())
    b = f.make_submission(event, author=f.make_user())
    file_a = add_file(a, kind="image", data=encoded(picture(3)))
    add_file(b, kind="image", data=encoded(picture(3), "JPEG", quality=80))
    services.run_integrity_check(event)
    db.session.commit()
    flag = db.session.scalar(sa.select(SimilarityFlag))
    url = f"/{event.slug}/integrity/pairs/{flag.id}"
    page = login_as(organizer).get(url).get_data(as_text=True)
    assert f"{url}/images/{file_a.id}.png" in page and "alt=" in page
    image = login_as(organizer).get(f"{url}/images/{file_a.id}.png")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    assert login_as(stranger).get(f"{url}/images/{file_a.id}.png").status_code == 403
    other = add_file(a, kind="image", data=encoded(picture(4)))
    db.session.commit()
    assert login_as(organizer).get(f"{url}/images/{other.id}.png").status_code == 404


def test_ai_use_report_counts_per_type_and_decision_without_conflicted(db, login_as):
    organizer, conflicted = f.make_user(), f.make_user()
    event = f.make_event(organizer=organizer)
    f.add_role(event, conflicted, "organizer")
    rows = [("paper", "none", True), ("paper", "assisted", None), ("paper", "generated", False),
            ("creative", "generated", True), ("creative", "generated", None), ("creative", "none", None)]
    subs = []
    for type_key, use, accepted in rows:
        s = f.make_submission(event, author=f.make_user(), type_key=type_key, ai_use=use,
                              ai_use_details=f"Statement of a {type_key} ({use})")
        if accepted is not None:
            decide(s, accept=accepted)
        subs.append(s)
    f.make_submission(event, author=f.make_user(), ai_use="generated", status="draft")
    f.make_conflict(subs[3], conflicted, source="author")
    db.session.commit()
    url = f"/{event.slug}/integrity/ai-use"

    def cells(page, header):
        row = re.search(rf'<th scope="row">{header}</th>(.*?)</tr>', page, re.S).group(1)
        return [int(x) for x in re.findall(r'<td class="num">(\d+)</td>', row)]

    page = login_as(organizer).get(url).get_data(as_text=True)
    assert cells(page, "Paper") == [1, 1, 1, 3] and cells(page, "Creative") == [1, 0, 2, 3]
    assert cells(page, "Accept") == [1, 0, 1, 2] and cells(page, "undecided") == [1, 1, 1, 3]
    assert cells(page, "Reject") == [0, 0, 1, 1]
    assert "<svg" in page and "Statement of a creative (generated)" in page
    page = login_as(conflicted).get(url).get_data(as_text=True)
    assert cells(page, "Creative") == [1, 0, 1, 2] and cells(page, "Accept") == [1, 0, 0, 1]
    assert page.count("Statement of a creative (generated)") == 1


def test_ai_use_report_without_submissions(db, login_as):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    _db.session.commit()
    page = login_as(organizer).get(f"/{event.slug}/integrity/ai-use").get_data(as_text=True)
    assert "No submitted work yet." in page


def test_pair_with_an_earlier_work_the_organizer_wrote_is_hidden_from_them(db, login_as):
    from datetime import date

    organizer, other_organizer = f.make_user(), f.make_user()
    earlier = f.make_event(event_date=date(2023, 12, 1))
    event = f.make_event(organizer=organizer, event_date=date(2024, 12, 1))
    f.add_role(event, other_organizer, "organizer")
    text = essay(1)
    old = f.make_submission(earlier, author=organizer, title="Their accepted paper")
    add_file(old, text=text)
    decide(old, accept=True)
    add_file(f.make_submission(event, author=f.make_user(), title="Recycled"), text=text)
    services.run_integrity_check(event)
    db.session.commit()
    flag = db.session.scalar(sa.select(SimilarityFlag))
    assert flag.details["archived"] and flag.submission_b_id == old.id
    url = f"/{event.slug}/integrity/"
    assert "Recycled" not in login_as(organizer).get(url).get_data(as_text=True)
    assert login_as(organizer).get(f"{url}pairs/{flag.id}").status_code == 404
    page = login_as(other_organizer).get(url).get_data(as_text=True)
    assert "Recycled" in page and "Their accepted paper" in page and "accepted</span>" in page
