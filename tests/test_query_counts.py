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
