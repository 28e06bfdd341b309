"""The organizer's search box: each field on a hand-made event, errors by the box, the CSV of
the result, conflicts and who may search by what."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.decisions.models import Decision
from reviewhub.decisions.services import ensure_default_outcomes
from reviewhub.events.models import Topic
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing.models import Review
from reviewhub.search import sql
from reviewhub.search.language import SearchError
from reviewhub.submissions import queries
from tests import factories as f
from tests.scale_world import captured_statements


@pytest.fixture
def event_world(app):
    organizer = f.make_user(name="Olga Organizer", email="olga@org.example.net")
    conflicted = f.make_user(name="Conny Conflicted", email="conny@org.example.net")
    rita = f.make_user(name="Rita Reviewer", email="rita@review.example.net")
    reviewer_b = f.make_user(name="Bob Reviewer", email="bob@review.example.net")
    ada = f.make_user(name="Ada Lovelace", email="ada@analytical.example.org", affiliation="Analytical Engines")
    alan = f.make_user(name="Alan Turing", email="alan@bletchley.example.org", affiliation="Bletchley")
    event = f.make_event(organizer=organizer)
    f.add_role(event, conflicted, "organizer")
    music = Topic(event_id=event.id, name="Music", position=0)
    images = Topic(event_id=event.id, name="Images", position=1)
    db.session.add_all([music, images])
    outcomes = {o.key: o for o in ensure_default_outcomes(event)}
    one = f.make_submission(event, author=ada, title="Latent diffusion for scores",
                            abstract_md="We compose music with diffusion.")
    two = f.make_submission(event, author=alan, title="Images of machines", abstract_md="Pictures.")
    three = f.make_submission(event, author=ada, title="A draft about poems", status="draft")
    four = f.make_submission(event, author=alan, title="Withdrawn music", status="withdrawn")
    one.topics, two.topics, four.topics = [music], [images], [music]
    for submission, reviewer, score, done in ((one, rita, 5, True), (one, reviewer_b, 4, True),
                                              (two, rita, 2, True), (two, reviewer_b, None, False)):
        assignment = f.make_assignment(submission, reviewer)
        db.session.add(Review(assignment_id=assignment.id, overall=score, answers={},
                              status="submitted" if done else "draft"))
    accept = next(o for o in outcomes.values() if o.is_accept)
    reject = next(o for o in outcomes.values() if not o.is_accept)
    db.session.add_all([Decision(submission_id=one.id, outcome_id=accept.id),
                        Decision(submission_id=two.id, outcome_id=reject.id)])
    f.make_conflict(one, conflicted, source="author")
    f.make_conflict(two, rita, source="reviewer")
    db.session.commit()
    return {"event": event, "organizer": organizer, "conflicted": conflicted, "accept": accept,
            "numbers": {"one": one.number, "two": two.number, "three": three.number, "four": four.number}}


def _found(world, query, user=None):
    rows, total, _ = queries.list_for_organizer(world["event"], user or world["organizer"], queries.Filters(q=query))
    names = {number: name for name, number in world["numbers"].items()}
    assert total == len(rows)
    return {names[s.number] for s in rows}


@pytest.mark.parametrize("query, expected", [
    ("", {"one", "two", "three", "four"}),
    ("diffusion", {"one"}),
    ("music", {"one", "four"}),  # title or abstract
    ('"diffusion for"', {"one"}),
    ("ti:music", {"four"}),
    ("ab:pictures", {"two"}),
    ("lovelace", {"one", "three"}),  # organizers' words reach authors' names
    ("au:bletchley", {"two", "four"}),
    ("type:paper", {"one", "two", "three", "four"}),
    ("type:creative", set()),
    ("topic:music", {"one", "four"}),
    ("topic:mus -status:withdrawn", {"one"}),
    ("status:draft", {"three"}),
    ("status:submitted", {"one", "two"}),
    ("score:>=4", {"one"}),
    ("score:<3", {"two"}),
    ("score:2", {"two"}),
    ("reviews:2", {"one"}),
    ("reviews:<2", {"two", "three", "four"}),
    ("reviews:>=1", {"one", "two"}),
    ("decision:accept", {"one"}),
    ("decision:reject", {"two"}),
    ("decision:none", {"three", "four"}),
    ("decision:any", {"one", "two"}),
    ("re:rita", {"one", "two"}),
    ("re:bob score:>4", {"one"}),
    ("conflict:rita", {"two"}),
    ("-conflict:rita", {"one", "three", "four"}),
    ("poems OR pictures", {"two", "three"}),
    ("(poems OR pictures) -status:draft", {"two"}),
    ("100%", set()),  # LIKE wildcards are text
    ("_", set()),
])
def test_each_field_finds_exactly_its_submissions(event_world, query, expected):
    assert _found(event_world, query) == expected


def test_late_counts_unsubmitted_reviews_only_after_the_review_deadline(event_world):
    event = event_world["event"]
    event.review_deadline_at = utcnow() + timedelta(days=1)
    db.session.commit()
    assert _found(event_world, "late:yes") == set()
    event.review_deadline_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert _found(event_world, "late:yes") == {"two"}
    assert _found(event_world, "late:no") == {"one", "three", "four"}


def test_a_conflicted_organizer_finds_nothing_of_the_conflicted_submission(event_world):
    conflicted = event_world["conflicted"]
    assert _found(event_world, "diffusion", conflicted) == set()
    assert _found(event_world, "score:>=4", conflicted) == set()
    assert "one" not in _found(event_world, "", conflicted)


def test_the_tree_compiles_for_a_reviewer_without_author_or_reviewer_fields(event_world):
    viewer = sql.Viewer(may_see_authors=False, may_see_reviewers=False, now=utcnow())
    for query, message in (("au:ada", "au: is only for those who may see the authors"),
                           ("x re:rita", "re: is only for organizers"),
                           ("conflict:rita", "conflict: is only for organizers")):
        with pytest.raises(SearchError, match=message):
            sql.condition(query, viewer)
    # words do not reach author names for a viewer who may not see them
    words = sql.condition("lovelace", viewer)
    assert "authorships" not in str(words)


def test_an_unknown_tag_says_so(event_world):
    with pytest.raises(SearchError, match="no tag “oral”"):
        _found(event_world, "#oral")


def test_the_list_shows_a_bad_query_by_the_box_with_where_it_goes_wrong(event_world, login_as):
    client = login_as(event_world["organizer"])
    page = client.get(f"/{event_world['event'].slug}/manage/submissions", query_string={"q": "music score:lots"})
    assert page.status_code == 200
    assert "score: needs a number" in page.text and "at column 13" in page.text
    assert 'aria-invalid="true"' in page.text and 'value="music score:lots"' in page.text
    assert "No submissions match" in page.text


def test_the_list_and_its_csv_show_the_result(event_world, login_as):
    client = login_as(event_world["organizer"])
    slug = event_world["event"].slug
    page = client.get(f"/{slug}/manage/submissions", query_string={"q": "topic:music -status:withdrawn"})
    assert "Latent diffusion for scores" in page.text and "Withdrawn music" not in page.text
    csv = client.get(f"/{slug}/manage/submissions.csv", query_string={"q": "topic:music -status:withdrawn"})
    assert csv.status_code == 200
    lines = csv.text.strip().splitlines()
    assert len(lines) == 2 and "Latent diffusion for scores" in lines[1]
    bad = client.get(f"/{slug}/manage/submissions.csv", query_string={"q": "(music"})
    assert bad.status_code == 400 and "parenthesis is not closed" in bad.text


def test_a_search_runs_the_same_number_of_queries_for_more_rows(event_world, login_as):
    client = login_as(event_world["organizer"])
    path = f"/{event_world['event'].slug}/manage/submissions"
    query = {"q": "music OR pictures score:>=1 reviews:>=1 -re:nobody decision:any"}
    client.get(path, query_string=query)
    with captured_statements() as before:
        assert client.get(path, query_string=query).status_code == 200
    event = event_world["event"]
    for n in range(5):
        extra = f.make_submission(event, author=f.make_user(), title=f"More music {n}")
        assignment = f.make_assignment(extra, f.make_user())
        db.session.add(Review(assignment_id=assignment.id, overall=3, answers={}, status="submitted"))
    db.session.commit()
    db.session.expire_all()
    with captured_statements() as after:
        page = client.get(path, query_string=query)
    assert "More music 4" in page.text
    assert len(after) == len(before)


def test_an_organizer_saves_runs_and_deletes_their_own_searches(event_world, login_as):
    slug = event_world["event"].slug
    client = login_as(event_world["organizer"])
    path, save = f"/{slug}/manage/submissions", f"/{slug}/manage/searches/"
    follow = lambda r: client.get(r.headers["Location"]).text  # noqa: E731
    assert "Give the search a name" in follow(client.post(save, data={"q": "music", "name": " "}))
    assert "The search cannot be read" in follow(client.post(save, data={"q": "(music", "name": "Bad"}))
    assert "There is no search to save" in follow(client.post(save, data={"q": " ", "name": "Empty"}))
    page = follow(client.post(save, data={"q": "topic:music -status:withdrawn", "name": "Music talks"}))
    assert "Search “Music talks” saved." in page and ">Music talks</a>" in page
    client.post(save, data={"q": "score:>=4", "name": "Music talks"})  # the same name replaces it
    from reviewhub.search.models import SavedSearch

    rows = db.session.scalars(sa.select(SavedSearch)).all()
    assert [(r.name, r.query) for r in rows] == [("Music talks", "score:>=4")]
    other = login_as(event_world["conflicted"])
    assert "Music talks" not in other.get(path).text  # searches are their owner's
    other.post(f"/{slug}/manage/searches/{rows[0].id}/delete")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedSearch)) == 1
    client.post(f"/{slug}/manage/searches/{rows[0].id}/delete")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedSearch)) == 0
