"""The reviewers list's search: the language with the reviewers' fields (pure), its SQL on a
hand-made committee (members and invitations), the page with errors by the box, paging, and
counts that leave out the searching organizer's conflicts."""

from datetime import timedelta

import pytest

from reviewhub.assignment import queries
from reviewhub.assignment.models import ReviewerInvitation, reviewer_topics
from reviewhub.events.models import Topic
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing.models import Review
from reviewhub.search.language import (
    REVIEWER_FIELDS,
    Field,
    SearchError,
    Tag,
    number_ranges,
    numbers_query,
    parse,
)
from reviewhub.tags import services as tag_services
from tests import factories as f


@pytest.mark.parametrize("query, tree", [
    ("load:>=3", Field("load", "3", ">=")),
    ("status:pend", Field("status", "pending")),
    ("aff:MIT", Field("aff", "MIT")),
    ("affiliation:MIT", Field("aff", "MIT")),
    ("#Senior", Tag("senior")),
    ("late:y", Field("late", "yes")),
])
def test_reviewer_fields_parse(query, tree):
    assert parse(query, REVIEWER_FIELDS) == tree


@pytest.mark.parametrize("query, message, column", [
    ("rita score:>=4", "Unknown field “score:”", 6),  # a submissions field is not a reviewers one
    ("load:many", "load: needs a number", 6),
    ("status:draft", "status: takes one of pending, accepted, declined, revoked", 8),
    ("late:maybe", "late: takes one of yes, no", 6),
    ("(name:x", "This parenthesis is not closed", 1),
    ("a OR", "OR needs a term after it", 3),
])
def test_reviewer_search_errors_say_where(query, message, column):
    with pytest.raises(SearchError) as error:
        parse(query, REVIEWER_FIELDS)
    assert message in error.value.message and error.value.position == column


@pytest.mark.parametrize("numbers, query", [([3], "num:3"), ([5, 3, 4, 9], "num:3-5,9"), ([1, 1, 2], "num:1-2")])
def test_numbers_query_writes_runs_as_ranges(numbers, query):
    assert numbers_query(numbers) == query
    assert sorted({n for lo, hi in number_ranges(query[4:]) for n in range(lo, hi + 1)}) == sorted(set(numbers))


def test_num_is_checked():
    with pytest.raises(SearchError, match="num: takes submission numbers"):
        parse("num:3,x")


@pytest.fixture
def committee(app):
    olga, conny = f.make_user(name="Olga Organizer"), f.make_user(name="Conny Conflicted")
    event = f.make_event(organizer=olga, review_deadline_at=utcnow() - timedelta(days=1))
    f.add_role(event, conny, "organizer")
    rita = f.make_user(name="Rita Reviewer", email="rita@review.example.net", affiliation="MIT")
    bob = f.make_user(name="Bob Builder", email="bob@build.example.org", affiliation="ETH")
    carl = f.make_user(name="Carl Cook", email="carl@kitchen.example.com", affiliation="Kitchen Lab")
    for user in (rita, bob, carl):
        f.add_role(event, user, "reviewer")
    music = Topic(event_id=event.id, name="Music", position=0)
    db.session.add(music)
    db.session.flush()
    db.session.execute(reviewer_topics.insert().values(user_id=rita.id, topic_id=music.id))
    one, two, three = (f.make_submission(event, author=f.make_user()) for _ in range(3))
    f.make_conflict(three, conny, source="author")
    done = f.make_assignment(one, rita)
    db.session.add(Review(assignment_id=done.id, overall=4, answers={}, status="submitted"))
    f.make_assignment(two, rita)  # owed past the deadline: late
    f.make_assignment(three, rita)
    for submission in (one, two):  # Carl has done both of his
        db.session.add(Review(assignment_id=f.make_assignment(submission, carl).id, overall=3, answers={},
                              status="submitted"))
    senior = tag_services.create_tag(event, by=olga, name="senior", colour="blue", private=False)
    mine = tag_services.create_tag(event, by=olga, name="mine", colour="red", private=True)
    tag_services.tag_reviewers(event, senior, [rita.id, bob.id], by=olga, add=True)
    tag_services.tag_reviewers(event, mine, [carl.id], by=olga, add=True)
    db.session.add_all([
        ReviewerInvitation(event_id=event.id, email="pat@pending.example.org", name="Pat Pending"),
        ReviewerInvitation(event_id=event.id, email="dee@no.example.org", name="Dee Declined", status="declined"),
        ReviewerInvitation(event_id=event.id, email=rita.email, name=rita.name, status="accepted", user_id=rita.id),
    ])
    db.session.commit()
    return {"event": event, "olga": olga, "conny": conny, "rita": rita, "bob": bob, "carl": carl}


def _names(world, q, user=None):
    rows, total = queries.search_reviewers(world["event"], user or world["olga"], q)
    assert total == len(rows)
    return {r.user.name.split()[0].lower() for r in rows}


@pytest.mark.parametrize("q, expected", [
    ("", {"rita", "bob", "carl"}),
    ("rita", {"rita"}),
    ("mit", {"rita"}),  # affiliation
    ("example.org", {"bob"}),  # email
    ("name:cook", {"carl"}),
    ("aff:eth OR aff:kitchen", {"bob", "carl"}),
    ("#senior", {"rita", "bob"}),
    ("-#senior", {"carl"}),
    ("#mine", {"carl"}),
    ("topic:mus", {"rita"}),
    ("load:>=3", {"rita"}),
    ("load:2", {"carl"}),
    ("load:0", {"bob"}),
    ("load:<1", {"bob"}),
    ("late:yes", {"rita"}),
    ("late:no", {"bob", "carl"}),
    ("status:accepted", {"rita", "bob", "carl"}),
    ("status:pending", set()),
    ("#senior -late:yes", {"bob"}),
])
def test_each_field_finds_its_reviewers(committee, q, expected):
    assert _names(committee, q) == expected


@pytest.mark.parametrize("q, expected", [
    ("", {"pat", "dee", "rita"}),
    ("status:pending", {"pat"}),
    ("-status:accepted", {"pat", "dee"}),
    ("accepted", set()),  # words read names, emails and affiliations, not the state
    ("#senior", {"rita"}),  # the accepted invitation carries its reviewer's tags
    ("-late:yes", {"pat", "dee"}),
    ("load:0", {"pat", "dee"}),
])
def test_the_same_search_filters_the_invitations(committee, q, expected):
    rows, total = queries.search_invitations(committee["event"], committee["olga"], q)
    assert total == len(rows) and {r.name.split()[0].lower() for r in rows} == expected


def test_a_private_tag_is_unknown_to_another_organizer(committee):
    with pytest.raises(SearchError, match="no tag “mine”"):
        queries.search_reviewers(committee["event"], committee["conny"], "#mine")


def test_loads_leave_out_the_organizers_conflicts(committee):
    """Conny wrote submission three: Rita's load there is neither counted nor searchable."""
    rows, _ = queries.search_reviewers(committee["event"], committee["conny"], "rita")
    assert rows[0].assigned == 2
    assert _names(committee, "load:>=3", committee["conny"]) == set()
    assert _names(committee, "load:>=3") == {"rita"}


def test_the_page_searches_pages_and_says_where_a_query_is_wrong(committee, login_as):
    client = login_as(committee["olga"])
    base = f"/{committee['event'].slug}/assignment/reviewers"
    found = client.get(base, query_string={"q": "#senior"})
    assert found.status_code == 200 and "Rita Reviewer" in found.text and "Carl Cook" not in found.text
    assert "Pat Pending" not in found.text  # the invitations table is filtered too
    wrong = client.get(base, query_string={"q": "load:lots"})
    assert wrong.status_code == 400 and "load: needs a number" in wrong.text and "at column 6" in wrong.text
    rows, total = queries.search_reviewers(committee["event"], committee["olga"], "", page=2, per_page=2)
    assert total == 3 and [r.user.name for r in rows] == ["Rita Reviewer"]


def test_the_reviewers_page_queries_do_not_grow_with_reviewers(committee, login_as):
    from tests.scale_world import captured_statements

    client = login_as(committee["olga"])
    url = f"/{committee['event'].slug}/assignment/reviewers?q=-%23nothing+OR+load:>=0"
    db.session.add(Topic(event_id=committee["event"].id, name="x", position=1))
    tag_services.create_tag(committee["event"], by=committee["olga"], name="nothing", colour="grey", private=False)
    db.session.commit()
    with captured_statements() as few:
        assert client.get(url).status_code == 200
    for _ in range(12):
        user = f.make_user()
        f.add_role(committee["event"], user, "reviewer")
    db.session.commit()
    with captured_statements() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
