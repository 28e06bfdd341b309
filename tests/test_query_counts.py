"""Every page a conference serves most runs the same number of queries for 2 or 6
submissions (each with reviews, coauthors): nothing is loaded row by row."""

import pytest

from reviewhub.extensions import db
from tests import scale_world


def _count(client, path) -> int:
    with scale_world.captured_statements() as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


@pytest.mark.parametrize("name", scale_world.PAGE_NAMES)
def test_page_query_count_does_not_grow_with_rows(app, login_as, name):
    world = scale_world.build(2)
    who, path = world.pages()[name]
    client = login_as(who)
    _count(client, path)  # first request: anything lazily created once (forms, settings)
    small = _count(client, path)
    scale_world.grow(world, 4)
    db.session.expire_all()
    assert _count(client, path) == small, f"{name} ({path}) runs more queries with more rows"


def test_answer_columns_and_csv_query_count_does_not_grow_with_rows(app, login_as):
    """The submissions list with two answer columns chosen, and the CSV with every question's
    column, run as many queries for 2 submissions as for 6 (answers read in one query)."""
    from reviewhub.questions import services
    from tests.questions.conftest import add_question

    world = scale_world.build(2)
    attend = add_question(world.event, world.organizer, label="Attend?", key="attend", kind="single",
                          options=["yes", "no"])
    years = add_question(world.event, world.organizer, label="Years", key="years", kind="number")

    def answer_all():
        for sub in world.submissions:
            services.save_answers(sub, [attend, years], {attend.id: "yes", years.id: sub.number}, by=world.author)
        db.session.commit()

    answer_all()
    client = login_as(world.organizer)
    slug = world.event.slug
    paths = [f"/{slug}/manage/submissions?qcol=attend&qcol=years", f"/{slug}/manage/submissions.csv",
             f"/{slug}/manage/submissions?q=qa:attend%3Dyes&qcol=years"]
    for path in paths:
        _count(client, path)
    small = [_count(client, path) for path in paths]
    scale_world.grow(world, 4)
    answer_all()
    db.session.expire_all()
    assert [_count(client, path) for path in paths] == small
    assert "<td>6</td>" in client.get(paths[0]).text  # the columns are there, for every row
