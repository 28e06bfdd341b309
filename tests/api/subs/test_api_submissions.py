"""GET /api/v1/events/{slug}/submissions[/{id}]: the organizers' list (filters, search
language, pagination with a total, ETag), what reviewers and authors read, and bad input."""

import pytest

from reviewhub.extensions import db
from tests.api.subs.helpers import token

BASE = "/api/v1/events/conf/submissions"


def test_organizer_lists_the_events_works_with_authors_topics_and_file_links(client, world):
    listed = client.get(BASE, headers=token(world.organizer))
    assert listed.status_code == 200
    body = listed.get_json()
    assert body["total"] == 2 and [s["title"] for s in body["items"]] == ["Dreaming machines", "Other work"]
    paper = body["items"][0]
    assert [a["name"] for a in paper["authors"]] == ["Ada Secretname", "Carl Coauthorson"]
    assert paper["authors"][0]["email"] == "ada@hidden-institute.example" and paper["authors"][0]["is_contact"]
    assert paper["topics"] == [{"id": world.topic.id, "name": "Music"}] and paper["type"]["key"] == "paper"
    [item] = paper["files"]
    assert item["name"] == "secretname-dreaming.pdf"
    assert item["url"].endswith(f"/conf/submissions/{world.paper.id}/files/{item['id']}")
    assert paper["custom_answers"] == {}


def test_list_filters_as_the_organizer_page_does(client, db, world):
    headers = token(world.organizer)
    world.second.status = "withdrawn"
    db.session.commit()
    titles = lambda query: [s["title"] for s in client.get(f"{BASE}?{query}", headers=headers).get_json()["items"]]  # noqa: E731
    assert titles("status=withdrawn") == ["Other work"]
    assert titles(f"topic={world.topic.id}") == ["Dreaming machines"]
    assert titles(f"type={world.paper.type_id}") == ["Dreaming machines", "Other work"]
    assert titles("q=dreaming") == ["Dreaming machines"]
    assert titles("q=au:Othername") == ["Other work"]
    assert titles("q=-dreaming") == ["Other work"]


def test_list_is_paginated_with_a_total_and_answers_304_to_its_etag(client, world):
    headers = token(world.organizer)
    second_page = client.get(f"{BASE}?limit=1&page=2", headers=headers)
    body = second_page.get_json()
    assert body["total"] == 2 and body["page"] == 2 and [s["title"] for s in body["items"]] == ["Other work"]
    again = client.get(f"{BASE}?limit=1&page=2", headers={**headers, "If-None-Match": second_page.headers["ETag"]})
    assert again.status_code == 304
    one = client.get(f"{BASE}/{world.paper.id}", headers=headers)
    assert client.get(f"{BASE}/{world.paper.id}", headers={**headers, "If-None-Match": one.headers["ETag"]}
                      ).status_code == 304


def test_etag_changes_when_the_submission_changes(client, db, world):
    headers = token(world.organizer)
    before = client.get(f"{BASE}/{world.paper.id}", headers=headers).headers["ETag"]
    world.paper.title = "Dreaming machines, revised"
    db.session.commit()
    after = client.get(f"{BASE}/{world.paper.id}", headers={**headers, "If-None-Match": before})
    assert after.status_code == 200 and after.get_json()["title"] == "Dreaming machines, revised"


@pytest.mark.parametrize("query, status, words", [
    ("limit=0", 422, "limit"),
    ("limit=500", 422, "limit"),
    ("page=zero", 422, "page"),
    ("status=lost", 422, "status"),
    ("topic=music", 422, "topic"),
    ('q="unclosed', 400, "quotation mark"),
])
def test_bad_list_parameters_say_what_is_wrong(client, world, query, status, words):
    answer = client.get(f"{BASE}?{query}", headers=token(world.organizer))
    assert answer.status_code == status and words in answer.get_data(as_text=True)
    assert answer.is_json


def test_reviewer_lists_only_their_assigned_works_and_cannot_search(client, world):
    headers = token(world.reviewers[1])
    body = client.get(BASE, headers=headers).get_json()
    assert body["total"] == 1 and body["items"][0]["title"] == "Dreaming machines"
    assert body["items"][0]["authors"] is None and "name" not in body["items"][0]["files"][0]
    refused = client.get(f"{BASE}?q=au:Secretname", headers=headers)
    assert refused.status_code == 403 and "organizers" in refused.get_json()["message"]


def test_single_blind_reviewers_see_author_names_but_not_addresses(client, db, world):
    world.event.double_blind = False
    db.session.commit()
    paper = client.get(f"{BASE}/{world.paper.id}", headers=token(world.reviewers[0])).get_json()
    assert [a["name"] for a in paper["authors"]] == ["Ada Secretname", "Carl Coauthorson"]
    assert all("email" not in a for a in paper["authors"])
    assert paper["files"][0]["name"] == "secretname-dreaming.pdf"


def test_author_reads_their_own_work_with_its_authors_and_nothing_else(client, world):
    headers = token(world.author)
    body = client.get(BASE, headers=headers).get_json()
    assert [s["title"] for s in body["items"]] == ["Dreaming machines"]
    assert body["items"][0]["authors"][1]["email"] == "carl@hidden-institute.example"
    assert client.get(f"{BASE}/{world.second.id}", headers=headers).status_code == 404


def test_a_draft_is_not_shown_to_its_assigned_reviewer(client, db, world):
    world.paper.status = "draft"
    db.session.commit()
    headers = token(world.reviewers[1])
    assert client.get(BASE, headers=headers).get_json()["total"] == 0
    assert client.get(f"{BASE}/{world.paper.id}", headers=headers).status_code == 404
    db.session.rollback()


def test_list_query_count_does_not_grow_with_the_rows(app, client, world):
    from sqlalchemy import event as sa_event

    from tests import factories as f

    headers = token(world.organizer)

    def count_queries():
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(BASE, headers=headers).status_code == 200
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    few = count_queries()
    for n in range(6):
        f.make_submission(world.event, author=f.make_user(), title=f"More {n}")
    db.session.commit()
    assert count_queries() == few


def test_custom_answers_are_read_as_the_pages_show_them(client, db, world):
    from reviewhub.questions import services as questions

    def ask(key, kind, for_reviewers):
        return questions.save_question(world.event, None, by=world.organizer, target="submission", key=key,
                                       label=key.title(), help_text="", kind=kind, options=[], min_value=None,
                                       max_value=None, required=False, for_reviewers=for_reviewers, public=False,
                                       type_id=None)

    attend, lab = ask("attend", "checkbox", True), ask("lab", "text", False)
    questions.save_answers(world.paper, [attend, lab], {attend.id: True, lab.id: "Secretname lab"}, by=world.author)
    db.session.commit()
    organizer = client.get(f"{BASE}/{world.paper.id}", headers=token(world.organizer)).get_json()
    assert organizer["custom_answers"] == {"attend": True, "lab": "Secretname lab"}
    reviewer = client.get(f"{BASE}/{world.paper.id}", headers=token(world.reviewers[0])).get_json()
    assert reviewer["custom_answers"] == {"attend": True}  # the lab question is not shown to reviewers
    listed = client.get(BASE, headers=token(world.reviewers[0])).get_json()
    assert "Secretname" not in str(listed)


def test_a_file_downloads_with_the_token_blinded_for_a_blind_reader(client, db, world):
    from reviewhub.submissions import services
    from reviewhub.submissions.core import Upload
    from reviewhub.submissions.pdfgen import make_pdf

    data = make_pdf("Dreaming machines", "A paper about dreams.", info={"Author": "Ada Secretname"})
    services.attach_file(world.paper, Upload("main", "secretname-paper.pdf", data), by=world.author)
    db.session.commit()
    listed = client.get(f"{BASE}/{world.paper.id}", headers=token(world.organizer)).get_json()
    item = next(f for f in listed["files"] if f.get("name") == "secretname-paper.pdf")
    path = item["download_url"].split("://", 1)[1].split("/", 1)[1]
    original = client.get("/" + path, headers=token(world.organizer))
    assert original.status_code == 200 and original.data == data and b"Secretname" in data
    assert original.headers["X-Content-Type-Options"] == "nosniff"
    assert original.headers["Content-Disposition"].startswith("attachment")
    assert client.get("/" + path).status_code == 401  # no token, no file
    blind = client.get("/" + path, headers=token(world.reviewers[0]))
    assert blind.status_code == 200 and b"Secretname" not in blind.data
    assert "secretname" not in blind.headers.get("Content-Disposition", "").lower()
    assert client.get("/" + path, headers=token(world.conflicted_reviewer)).status_code == 404
    assert client.get("/" + path.replace(f"/files/{item['id']}", f"/files/{item['id'] + 999}"),
                      headers=token(world.organizer)).status_code == 404
